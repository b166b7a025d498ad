/**
 * The seed's BenchmarkSuite: register named async benchmarks, run them on the command's engine,
 * and read avg/p50/p95/p99 (ms), ops/s and samples per benchmark; `report` is the same JSON report
 * `oxen benchmark performance` writes, so `oxen benchmark compare` gates on it too.
 *
 *   const suite = new BenchmarkSuite({ iterations: 200 });
 *   suite.benchmark('user_query', () => User.filter({ isActive: true }).limit(10));
 *   const results = await suite.run();   // results.user_query.avgTime
 */
import { collectEnvironment } from './environment.js';
import { runCell, type EngineListener, type EngineSettings } from './engine.js';
import { makeReport } from './make-report.js';
import type { BenchmarkReport, CellResult } from './report.js';
import { UsageError } from '../errors.js';

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

type BenchmarkFn = () => Promise<unknown> | unknown;

export class BenchmarkSuite {
  private readonly entries = new Map<string, BenchmarkFn>();
  private lastReport: BenchmarkReport | undefined;

  constructor(private readonly options: SuiteOptions = {}) {}

  /** `suite.benchmark(name, fn)`, or `suite.benchmark(name)(fn)` as the seed's decorator does. */
  benchmark(name: string, fn: BenchmarkFn): this;
  benchmark(name: string): (fn: BenchmarkFn) => BenchmarkFn;
  benchmark(name: string, fn?: BenchmarkFn): this | ((fn: BenchmarkFn) => BenchmarkFn) {
    if (this.entries.has(name)) throw new UsageError('USAGE', `a benchmark named "${name}" is already registered`);
    if (fn) {
      this.entries.set(name, fn);
      return this;
    }
    return (f: BenchmarkFn) => (this.entries.set(name, f), f);
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
    const cells: CellResult[] = [];
    const results: Record<string, SuiteResult> = {};
    for (const [name, fn] of this.entries) {
      const cell = await runCell(
        { workload: name, concurrency, variants: [{ name: 'run', run: async () => fn(), verify: () => undefined }] },
        settings,
        o.onEvent,
      );
      cells.push(cell);
      const v = cell.variants[0]!;
      results[name] = {
        avgTime: v.latencyMs?.mean ?? NaN,
        p50: v.latencyMs?.p50 ?? NaN,
        p95: v.latencyMs?.p95 ?? NaN,
        p99: v.latencyMs?.p99 ?? NaN,
        opsPerSec: v.opsPerSec,
        samples: v.ops,
        errors: v.errors + v.timeouts,
      };
    }
    this.lastReport = makeReport({
      tool: 'BenchmarkSuite',
      settings,
      concurrency: [concurrency],
      workloads: [...this.entries.keys()],
      variants: ['run'],
      environment: collectEnvironment({ database: null, executors: [], poolSize: null, dataset: {}, drivers: [] }),
      results: cells,
    });
    return results;
  }
}
