import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchmarkSuite } from '../../src/core/bench/benchmark-suite.js';
import { defineBenchModels } from '../../src/core/bench/dataset/bench-models.js';
import { dropDataset, seedDataset } from '../../src/core/bench/dataset/seed-dataset.js';
import { LoadTest } from '../../src/core/bench/load-test.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { connect, disconnect } from '../../src/index.js';
import { sqliteUrl } from '../support/databases.js';

const models = defineBenchModels('oxen_bench_suite_');

beforeAll(async () => {
  await connect({ databases: { default: sqliteUrl() }, executor: 'js' });
  await seedDataset(models, 0.1);
});
afterAll(async () => {
  await dropDataset(models);
  await disconnect();
});

describe('BenchmarkSuite (the seed API)', () => {
  it('runs registered benchmarks on the engine and reports avg/p50/p95/p99 ms, ops/s and samples', async () => {
    const suite = new BenchmarkSuite({ iterations: 60, warmup: 5, rounds: 5 });
    suite.benchmark('user_query', () => models.User.filter({ isActive: true }).limit(10).fetch());
    suite.benchmark('user_get')(() => models.User.get({ id: 7 }));
    suite.benchmark('broken', async () => {
      throw new Error('nope');
    });
    expect(() => suite.benchmark('user_get', async () => 1)).toThrow(/already registered/);
    const results = await suite.run();
    expect(Object.keys(results)).toEqual(['user_query', 'user_get', 'broken']);
    for (const name of ['user_query', 'user_get']) {
      const r = results[name]!;
      expect(r.samples).toBe(60);
      expect(r.errors).toBe(0);
      expect(r.avgTime).toBeGreaterThan(0);
      expect(r.p50).toBeLessThanOrEqual(r.p95);
      expect(r.p95).toBeLessThanOrEqual(r.p99);
      expect(r.opsPerSec).toBeGreaterThan(0);
    }
    expect(results.broken).toMatchObject({ samples: 0, errors: 60 });
    expect(suite.report?.tool).toBe('BenchmarkSuite');
    expect(reportSchemaError(suite.report)).toBeUndefined();
  });
});

describe('LoadTest (the seed API)', () => {
  it('ramps workers up, then measures throughput, response times and errors per scenario and overall', async () => {
    const test = new LoadTest({ concurrency: 4, duration: 0.4, rampUp: 0.1 });
    test.scenario('reads', () => models.User.filter({ id__lte: 20 }).fetch());
    test.scenario('counts', () => models.Post.all().count());
    const r = await test.run();
    expect(Object.keys(r.scenarios)).toEqual(['reads', 'counts']);
    expect(r.scenarios.reads!.operations).toBeGreaterThan(0);
    expect(r.operations).toBe(r.scenarios.reads!.operations + r.scenarios.counts!.operations);
    expect(r.throughput).toBeGreaterThan(0);
    expect(r.avgResponseTime).toBeGreaterThan(0);
    expect(r.p99ResponseTime).toBeGreaterThanOrEqual(Math.min(r.scenarios.reads!.p99ResponseTime, r.scenarios.counts!.p99ResponseTime));
    expect(r.errors).toBe(0);
    expect(r.report.results.map((c) => c.concurrency)).toEqual([4, 4]);
    expect(reportSchemaError(r.report)).toBeUndefined();
    expect(() => new LoadTest({ concurrency: 0, duration: 1 })).toThrow(/concurrency/);
  });
});
