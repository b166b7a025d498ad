/**
 * The seed's BenchmarkSuite and LoadTest, checked by counting: how often each registered function
 * was called and in which phase, how many statements reached the database, what the functions
 * returned against plain SQL, and whether the reported figures agree with each other. Nothing here
 * depends on how fast the machine is.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BenchmarkSuite } from '../../src/core/bench/benchmark-suite.js';
import { defineBenchModels } from '../../src/core/bench/dataset/bench-models.js';
import { dropDataset, seedDataset } from '../../src/core/bench/dataset/seed-dataset.js';
import type { EngineEvent } from '../../src/core/bench/engine.js';
import { LoadTest } from '../../src/core/bench/load-test.js';
import type { VariantResult } from '../../src/core/bench/report.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { onQuery } from '../../src/core/ground/events.js';
import { connect, disconnect, getDatabase } from '../../src/index.js';
import { sqliteUrl } from '../support/databases.js';

/**
 * Which phase the engine is in: it runs every chunk through runChunk, and passes a latency recorder
 * only to the measured ones (never to a warm-up or a load test's ramp-up).
 */
const phase = vi.hoisted(() => ({ measuring: false }));
vi.mock('../../src/core/bench/run-chunk.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/core/bench/run-chunk.js')>();
  return {
    ...actual,
    runChunk: (op: Parameters<typeof actual.runChunk>[0], options: Parameters<typeof actual.runChunk>[1]) => {
      phase.measuring = options.recorder !== undefined;
      return actual.runChunk(op, options);
    },
  };
});

const models = defineBenchModels('oxen_bench_suite_');
const USERS = 'oxen_bench_suite_users';
const POSTS = 'oxen_bench_suite_posts';

beforeAll(async () => {
  await connect({ databases: { default: sqliteUrl() }, executor: 'js' });
  await seedDataset(models, 0.1);
});
afterAll(async () => {
  await dropDataset(models);
  await disconnect();
});

/** Plain SQL, run outside any benchmark. */
async function sql(text: string, params: (string | number)[] = []): Promise<readonly (readonly unknown[])[]> {
  return (await getDatabase().query({ sql: text, params })).rows;
}

/** Counts calls per phase and the most calls in flight at once in the measured phase. */
class Calls {
  warmup = 0;
  measured = 0;
  private inFlight = 0;
  maxInFlight = 0;
  get total(): number {
    return this.warmup + this.measured;
  }
  wrap<T>(fn: () => Promise<T> | T): () => Promise<T> {
    return async () => {
      const measuring = phase.measuring;
      if (measuring) this.measured++;
      else this.warmup++;
      if (measuring) this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
      try {
        return await fn();
      } finally {
        if (measuring) this.inFlight--;
      }
    };
  }
}

/** Statements that reached the database (not the query cache), by the benchmark that ran them. */
function countStatements(current: () => string): { counts: Map<string, number>; errors: Error[]; stop: () => void } {
  const counts = new Map<string, number>();
  const errors: Error[] = [];
  const stop = onQuery((e) => {
    if (e.cached) return;
    if (e.error) errors.push(e.error);
    counts.set(current(), (counts.get(current()) ?? 0) + 1);
  });
  return { counts, errors, stop };
}

/** Busy-waits, so one call provably lasts at least `ms` whatever the timers do. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('BenchmarkSuite (the seed API)', () => {
  it('calls each benchmark exactly warm-up + iterations times, runs its queries, and reports figures that agree', async () => {
    const WARMUP = 5;
    const ITERATIONS = 60;
    const ROUNDS = 5;
    const expectedIds = (await sql(`SELECT id FROM ${USERS} WHERE is_active = 1 ORDER BY id LIMIT 10`)).map((r) => Number(r[0]));
    const expectedEmail = (await sql(`SELECT email FROM ${USERS} WHERE id = ?`, [7]))[0]![0];
    expect(expectedIds).toHaveLength(10);

    const calls = { user_query: new Calls(), user_get: new Calls(), broken: new Calls(), spin: new Calls() };
    let current = '';
    const results_: { ids: number[][]; emails: unknown[] } = { ids: [], emails: [] };
    const events: EngineEvent[] = [];
    const suite = new BenchmarkSuite({ iterations: ITERATIONS, warmup: WARMUP, rounds: ROUNDS, onEvent: (e) => events.push(e) });
    suite.benchmark(
      'user_query',
      calls.user_query.wrap(async () => {
        current = 'user_query';
        const rows = await models.User.filter({ isActive: true }).orderBy('id').limit(10).fetch();
        results_.ids.push(rows.map((u) => u.id));
        return rows;
      }),
    );
    suite.benchmark('user_get')(
      calls.user_get.wrap(async () => {
        current = 'user_get';
        const user = await models.User.get({ id: 7 });
        results_.emails.push(user.email);
        return user;
      }),
    );
    suite.benchmark(
      'broken',
      calls.broken.wrap(async () => {
        current = 'broken';
        throw new Error('nope');
      }),
    );
    suite.benchmark(
      'spin',
      calls.spin.wrap(() => {
        current = 'spin';
        spin(2);
      }),
    );
    expect(() => suite.benchmark('user_get', async () => 1)).toThrow(/already registered/);

    const statements = countStatements(() => current);
    let results: Awaited<ReturnType<BenchmarkSuite['run']>>;
    try {
      results = await suite.run();
    } finally {
      statements.stop();
    }

    const names = ['user_query', 'user_get', 'broken', 'spin'] as const;
    expect(Object.keys(results)).toEqual(names);
    // Every function ran exactly the warm-up, then exactly the measured iterations, one at a time.
    for (const name of names) {
      expect({ name, warmup: calls[name].warmup, measured: calls[name].measured, maxInFlight: calls[name].maxInFlight }).toEqual({
        name,
        warmup: WARMUP,
        measured: ITERATIONS,
        maxInFlight: 1,
      });
    }
    // The queries really ran: one statement per call, none failed, and the answers are plain SQL's.
    expect(statements.errors).toEqual([]);
    expect(Object.fromEntries(statements.counts)).toEqual({ user_query: WARMUP + ITERATIONS, user_get: WARMUP + ITERATIONS });
    expect(results_.ids).toHaveLength(WARMUP + ITERATIONS);
    for (const ids of results_.ids) expect(ids).toEqual(expectedIds);
    expect(new Set(results_.emails)).toEqual(new Set([expectedEmail]));

    const report = suite.report!;
    expect(report.tool).toBe('BenchmarkSuite');
    expect(reportSchemaError(report)).toBeUndefined();
    expect(report.settings).toMatchObject({ mode: 'iterations', iterations: ITERATIONS, warmup: WARMUP, rounds: ROUNDS, concurrency: [1], workloads: names });
    expect(report.results.map((c) => c.workload)).toEqual(names);
    // The events a live view reads: a start, one per round and an end (carrying the report's cell) per benchmark.
    expect(events.map((e) => e.type)).toEqual(names.flatMap(() => ['cell-start', ...Array<string>(ROUNDS).fill('round'), 'cell-end']));
    expect(events.filter((e) => e.type === 'cell-end').map((e) => (e as Extract<EngineEvent, { type: 'cell-end' }>).cell)).toEqual(report.results);

    const variantOf = (name: string): VariantResult => report.results.find((c) => c.workload === name)!.variants[0]!;
    for (const name of ['user_query', 'user_get', 'spin'] as const) {
      const r = results[name]!;
      const v = variantOf(name);
      const l = v.latencyMs!;
      expect({ name, samples: r.samples, errors: r.errors, ops: v.ops, timeouts: v.timeouts, firstError: v.firstError }).toEqual({
        name,
        samples: ITERATIONS,
        errors: 0,
        ops: ITERATIONS,
        timeouts: 0,
        firstError: null,
      });
      // The suite's figures are the report's, and the report's agree with one another.
      expect([r.avgTime, r.p50, r.p95, r.p99, r.opsPerSec]).toEqual([l.mean, l.p50, l.p95, l.p99, v.opsPerSec]);
      expect(v.opsPerSec).toBeCloseTo(v.ops / v.measuredSeconds, 6);
      expect(l.min).toBeLessThanOrEqual(l.p50);
      expect(l.p50).toBeLessThanOrEqual(l.p95);
      expect(l.p95).toBeLessThanOrEqual(l.p99);
      expect(l.p99).toBeLessThanOrEqual(l.max);
      expect(v.opsPerSecRounds!.samples).toHaveLength(ROUNDS);
      // One at a time, the operations' latencies add up to no more than the measured wall time
      // (the histogram keeps 3 significant digits): milliseconds and seconds are not mixed up.
      expect(l.mean * v.ops).toBeLessThanOrEqual(v.measuredSeconds * 1000 * 1.001);
    }
    // Each spin call lasts at least 2 ms by construction: a lower bound, true on any machine.
    expect(results.spin!.p50).toBeGreaterThanOrEqual(2);
    expect(variantOf('spin').latencyMs!.min).toBeGreaterThanOrEqual(2);
    expect(results.spin!.opsPerSec).toBeLessThanOrEqual(500);

    // A benchmark that throws: every measured call is an error, none a sample, and the report says why.
    expect(results.broken).toMatchObject({ samples: 0, errors: ITERATIONS, opsPerSec: 0 });
    expect(results.broken!.avgTime).toBeNaN();
    const broken = variantOf('broken');
    expect(broken).toMatchObject({ ops: 0, errors: ITERATIONS, firstError: 'nope', latencyMs: null });
    expect(broken.warnings.some((w) => w.includes(`${ITERATIONS} operation(s) failed`) && w.includes('nope'))).toBe(true);
  });

  it('keeps the given number of calls in flight and still calls each benchmark exactly warm-up + iterations times', async () => {
    const calls = new Calls();
    const suite = new BenchmarkSuite({ iterations: 30, warmup: 6, rounds: 3, concurrency: 3 });
    suite.benchmark('concurrent', calls.wrap(() => new Promise((resolve) => setImmediate(resolve))));
    const results = await suite.run();
    expect({ warmup: calls.warmup, measured: calls.measured, maxInFlight: calls.maxInFlight }).toEqual({ warmup: 6, measured: 30, maxInFlight: 3 });
    expect(results.concurrent).toMatchObject({ samples: 30, errors: 0 });
    expect(suite.report!.settings.concurrency).toEqual([3]);
  });
});

describe('LoadTest (the seed API)', () => {
  it('counts as operations exactly the calls made after the ramp-up, with the concurrency asked for', async () => {
    const CONCURRENCY = 4;
    const readRows = Number((await sql(`SELECT COUNT(*) FROM ${USERS} WHERE id <= 20`))[0]![0]);
    const postCount = Number((await sql(`SELECT COUNT(*) FROM ${POSTS}`))[0]![0]);
    expect(readRows).toBe(20);

    const calls = { reads: new Calls(), counts: new Calls(), failing: new Calls() };
    const answers = { reads: new Set<number>(), counts: new Set<number>() };
    let current = '';
    const test = new LoadTest({ concurrency: CONCURRENCY, duration: 0.3, rampUpTime: 0.1 });
    test.scenario(
      'reads',
      calls.reads.wrap(async () => {
        current = 'reads';
        const rows = await models.User.filter({ id__lte: 20 }).fetch();
        answers.reads.add(rows.length);
      }),
    );
    test.scenario(
      'counts',
      calls.counts.wrap(async () => {
        current = 'counts';
        answers.counts.add(await models.Post.all().count());
      }),
    );
    test.scenario(
      'failing',
      calls.failing.wrap(async () => {
        current = 'failing';
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('boom');
      }),
    );
    expect(() => test.scenario('reads', () => 1)).toThrow(/already registered/);

    const statements = countStatements(() => current);
    let r: Awaited<ReturnType<LoadTest['run']>>;
    try {
      r = await test.run();
    } finally {
      statements.stop();
    }

    const names = ['reads', 'counts', 'failing'] as const;
    expect(Object.keys(r.scenarios)).toEqual(names);
    for (const name of names) {
      // The ramp-up called the function too, but none of those calls is in the figures.
      expect(calls[name].warmup).toBeGreaterThan(0);
      expect(calls[name].maxInFlight).toBe(CONCURRENCY);
    }
    expect(r.scenarios.reads).toMatchObject({ operations: calls.reads.measured, errors: 0, timeouts: 0 });
    expect(r.scenarios.counts).toMatchObject({ operations: calls.counts.measured, errors: 0, timeouts: 0 });
    expect(r.scenarios.failing).toMatchObject({ operations: 0, errors: calls.failing.measured, timeouts: 0, throughput: 0 });
    expect(calls.reads.measured).toBeGreaterThan(0);
    expect(calls.failing.measured).toBeGreaterThan(0);
    expect(r.operations).toBe(calls.reads.measured + calls.counts.measured);
    expect(r.errors).toBe(calls.failing.measured);

    // Every call ran its statement, ramp-up included, and got plain SQL's answer.
    expect(statements.errors).toEqual([]);
    expect(Object.fromEntries(statements.counts)).toEqual({ reads: calls.reads.total, counts: calls.counts.total });
    expect([...answers.reads]).toEqual([readRows]);
    expect([...answers.counts]).toEqual([postCount]);

    // Throughput is operations over measured time, per scenario and overall.
    const report = r.report;
    expect(report.tool).toBe('LoadTest');
    expect(reportSchemaError(report)).toBeUndefined();
    expect(report.results.map((c) => [c.workload, c.concurrency])).toEqual(names.map((n) => [n, CONCURRENCY]));
    const variants = report.results.map((c) => c.variants[0]!);
    for (const [i, name] of names.entries()) {
      const v = variants[i]!;
      expect(v.ops).toBe(r.scenarios[name]!.operations);
      expect(r.scenarios[name]!.throughput).toBeCloseTo(v.ops / v.measuredSeconds, 6);
    }
    const seconds = variants.reduce((n, v) => n + v.measuredSeconds, 0);
    expect(r.throughput).toBeCloseTo(r.operations / seconds, 6);
    expect(r.avgResponseTime).toBeCloseTo((r.scenarios.reads!.avgResponseTime * calls.reads.measured + r.scenarios.counts!.avgResponseTime * calls.counts.measured) / r.operations, 9);
    expect(r.p99ResponseTime).toBe(Math.max(r.scenarios.reads!.p99ResponseTime, r.scenarios.counts!.p99ResponseTime));
    expect(variants[2]).toMatchObject({ ops: 0, firstError: 'boom', latencyMs: null });

    expect(() => new LoadTest({ concurrency: 0, duration: 1 })).toThrow(/concurrency/);
    expect(() => new LoadTest({ concurrency: 2, duration: 0 })).toThrow(/duration/);
  });

  it('takes the ramp-up as rampUpTime (the seed name) or rampUp (the earlier one), never two different values', async () => {
    for (const options of [{ rampUp: 0.05 }, { rampUpTime: 0.05 }, {}]) {
      const calls = new Calls();
      const test = new LoadTest({ concurrency: 2, duration: 0.05, ...options });
      test.scenario('tick', calls.wrap(() => new Promise((resolve) => setImmediate(resolve))));
      const r = await test.run();
      expect(r.operations).toBe(calls.measured);
      // Without a ramp-up (and LoadTest has no warm-up) nothing runs before the measured phase.
      if ('rampUp' in options || 'rampUpTime' in options) expect(calls.warmup).toBeGreaterThan(0);
      else expect(calls.warmup).toBe(0);
    }
    expect(() => new LoadTest({ concurrency: 2, duration: 1, rampUpTime: 1, rampUp: 2 })).toThrow(/rampUpTime 1 and rampUp 2: rampUp is the earlier name of rampUpTime/);
    expect(() => new LoadTest({ concurrency: 2, duration: 1, rampUpTime: -1 })).toThrow(/rampUpTime must be 0 or more seconds, not -1/);
    expect(new LoadTest({ concurrency: 2, duration: 1, rampUpTime: 1, rampUp: 1 })).toBeInstanceOf(LoadTest);
  });
});
