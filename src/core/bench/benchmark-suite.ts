/**
 * The seed's BenchmarkSuite: register named async benchmarks, run them on the command's engine,
 * and read avg/p50/p95/p99 (ms), ops/s and samples per benchmark; `report` is the same JSON report
 * `oxen benchmark performance` writes, so `oxen benchmark compare` gates on it too.
 *
 *   const suite = new BenchmarkSuite({ iterations: 200 });
 *   suite.setup(() => createTables([User]));
 *   suite.benchmark('user_query', () => User.filter({ isActive: true }).limit(10).fetch(), {
 *     verify: (rows) => (rows.length === 10 ? undefined : `expected 10 rows, got ${rows.length}`),
 *   });
 *   suite.teardown(() => dropTables([User]));
 *   const results = await suite.run();   // results.user_query.avgTime
 *
 * A file that default-exports a suite is a user benchmark file: `oxen benchmark run` loads it,
 * connects, and runs the same hooks and benchmarks on each executor (src/core/bench/user-bench/).
 */
import type { EngineListener, EngineSettings } from './engine.js';
import type { BenchmarkReport, CellResult } from './report.js';
import { runEach, standaloneReport } from './run-each.js';
import { UsageError } from '../ground/errors.js';

export interface SuiteOptions {
  /** Measured runs per benchmark (default 100) — or give `durationSeconds`. */
  readonly iterations?: number;
  readonly durationSeconds?: number;
  /** Runs before measuring (default 10% of the measured phase). */
  readonly warmup?: number;
  /** Runs in flight at once (default 1). */
  readonly concurrency?: number;
  readonly rounds?: number;
  readonly timeoutMs?: number;
  readonly onEvent?: EngineListener;
}

export interface SuiteResult {
  /** Milliseconds. */
  readonly avgTime: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly opsPerSec: number;
  readonly samples: number;
  readonly errors: number;
}

export type BenchmarkFn<T = unknown> = () => Promise<T> | T;
export type SuiteHook = () => Promise<unknown> | unknown;

export interface BenchmarkOptions<T = unknown> {
  /** What is wrong with one run's result, or undefined when it is right; a wrong result counts as an error. */
  readonly verify?: (result: T) => string | undefined;
}

export interface BenchmarkEntry {
  readonly name: string;
  readonly fn: BenchmarkFn;
  readonly verify?: (result: unknown) => string | undefined;
}

export class BenchmarkSuite {
  private readonly entries = new Map<string, BenchmarkEntry>();
  private readonly setupHooks: SuiteHook[] = [];
  private readonly teardownHooks: SuiteHook[] = [];
  private lastReport: BenchmarkReport | undefined;

  constructor(readonly options: SuiteOptions = {}) {}

  /** `suite.benchmark(name, fn, { verify })`, or `suite.benchmark(name)(fn)` as the seed's decorator does. */
  benchmark<T>(name: string, fn: BenchmarkFn<T>, options?: BenchmarkOptions<Awaited<T>>): this;
  benchmark(name: string): <F extends BenchmarkFn>(fn: F) => F;
  benchmark<T>(name: string, fn?: BenchmarkFn<T>, options: BenchmarkOptions<Awaited<T>> = {}): this | (<F extends BenchmarkFn>(fn: F) => F) {
    if (typeof name !== 'string' || name === '') throw new UsageError('USAGE', 'a benchmark needs a non-empty name');
    if (this.entries.has(name)) throw new UsageError('USAGE', `a benchmark named "${name}" is already registered`);
    if (fn) {
      const verify = options.verify as BenchmarkEntry['verify'];
      this.entries.set(name, { name, fn, ...(verify ? { verify } : {}) });
      return this;
    }
    return <F extends BenchmarkFn>(f: F): F => (this.entries.set(name, { name, fn: f }), f);
  }

  /** Runs once before the benchmarks (e.g. create the tables and their rows); hooks run in the order given. */
  setup(fn: SuiteHook): this {
    this.setupHooks.push(fn);
    return this;
  }

  /** Runs once after the benchmarks, even when they failed (e.g. drop the tables); the last one given runs first. */
  teardown(fn: SuiteHook): this {
    this.teardownHooks.push(fn);
    return this;
  }

  /** The registered benchmarks, in the order they were registered. */
  list(): readonly BenchmarkEntry[] {
    return [...this.entries.values()];
  }

  async runSetup(): Promise<void> {
    for (const hook of this.setupHooks) await hook();
  }

  /** Runs every teardown hook even when one fails, then throws the first failure. */
  async runTeardown(): Promise<void> {
    let failure: unknown;
    for (const hook of [...this.teardownHooks].reverse()) {
      try {
        await hook();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** The report of the last `run()`. */
  get report(): BenchmarkReport | undefined {
    return this.lastReport;
  }

  async run(): Promise<Record<string, SuiteResult>> {
    const o = this.options;
    const settings: EngineSettings = {
      ...(o.durationSeconds !== undefined ? { durationSeconds: o.durationSeconds } : { iterations: o.iterations ?? 100 }),
      ...(o.warmup !== undefined ? { warmup: o.warmup } : {}),
      rounds: o.rounds ?? 10,
      timeoutMs: o.timeoutMs ?? 30_000,
    };
    const concurrency = o.concurrency ?? 1;
    const results: Record<string, SuiteResult> = {};
    let cells: CellResult[];
    try {
      await this.runSetup();
      const operations = [...this.entries.values()].map((entry) => ({ name: entry.name, operation: benchmarkOperation(entry) }));
      cells = await runEach(operations, concurrency, settings, o.onEvent, (name, v) => {
        results[name] = {
          avgTime: v.latencyMs?.mean ?? NaN,
          p50: v.latencyMs?.p50 ?? NaN,
          p95: v.latencyMs?.p95 ?? NaN,
          p99: v.latencyMs?.p99 ?? NaN,
          opsPerSec: v.opsPerSec,
          samples: v.ops,
          errors: v.errors + v.timeouts,
        };
      });
    } catch (error) {
      // The first failure is the one to see; a teardown failing after it only adds noise.
      await this.runTeardown().catch(() => {});
      throw error;
    }
    await this.runTeardown();
    this.lastReport = standaloneReport('BenchmarkSuite', settings, concurrency, cells);
    return results;
  }
}

/** One benchmark as the engine's operation; a verify that throws reports that as what is wrong. */
export function benchmarkOperation(entry: BenchmarkEntry): { run: () => Promise<unknown>; verify: (result: unknown) => string | undefined } {
  const check = entry.verify;
  return {
    run: async () => entry.fn(),
    verify: check
      ? (result) => {
          try {
            return check(result);
          } catch (error) {
            return `verify threw: ${error instanceof Error ? error.message : String(error)}`;
          }
        }
      : () => undefined,
  };
}
