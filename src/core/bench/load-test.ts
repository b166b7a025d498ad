/**
 * The seed's LoadTest: named scenarios, each run at a fixed concurrency for a duration after a
 * ramp-up in which the workers start one by one (excluded from the figures, like a warm-up).
 *
 *   const test = new LoadTest({ concurrency: 50, duration: 30, rampUp: 5 });
 *   test.scenario('creates', () => User.create({ ... }));
 *   const r = await test.run();   // r.throughput, r.avgResponseTime, r.p99ResponseTime, r.errors
 */
import { collectEnvironment } from './environment.js';
import { runCell, type EngineListener, type EngineSettings } from './engine.js';
import { makeReport } from './make-report.js';
import type { BenchmarkReport, CellResult } from './report.js';
import { UsageError } from '../ground/errors.js';

export interface LoadTestOptions {
  readonly concurrency: number;
  /** Measured seconds per scenario. */
  readonly duration: number;
  /** Seconds over which the workers start, before measuring. */
  readonly rampUp?: number;
  readonly timeoutMs?: number;
  readonly onEvent?: EngineListener;
}

export interface LoadFigures {
  /** Operations per second. */
  readonly throughput: number;
  /** Milliseconds. */
  readonly avgResponseTime: number;
  readonly p99ResponseTime: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly operations: number;
}

export interface LoadTestResult extends LoadFigures {
  /** Per scenario; the top-level figures cover all of them (p99: the worst scenario's). */
  readonly scenarios: Readonly<Record<string, LoadFigures>>;
  readonly report: BenchmarkReport;
}

export class LoadTest {
  private readonly scenarios = new Map<string, () => Promise<unknown> | unknown>();

  constructor(private readonly options: LoadTestOptions) {
    if (!(options.concurrency >= 1) || !Number.isInteger(options.concurrency)) throw new UsageError('USAGE', 'LoadTest concurrency must be a whole number ≥ 1');
    if (!(options.duration > 0)) throw new UsageError('USAGE', 'LoadTest duration must be more than 0 seconds');
  }

  scenario(name: string, fn: () => Promise<unknown> | unknown): this {
    if (this.scenarios.has(name)) throw new UsageError('USAGE', `a scenario named "${name}" is already registered`);
    this.scenarios.set(name, fn);
    return this;
  }

  async run(): Promise<LoadTestResult> {
    const o = this.options;
    const settings: EngineSettings = { durationSeconds: o.duration, rampUpSeconds: o.rampUp ?? 0, warmup: 0, rounds: 10, timeoutMs: o.timeoutMs ?? 30_000 };
    const cells: CellResult[] = [];
    const scenarios: Record<string, LoadFigures> = {};
    for (const [name, fn] of this.scenarios) {
      const cell = await runCell({ workload: name, concurrency: o.concurrency, variants: [{ name: 'run', run: async () => fn(), verify: () => undefined }] }, settings, o.onEvent);
      cells.push(cell);
      const v = cell.variants[0]!;
      scenarios[name] = {
        throughput: v.opsPerSec,
        avgResponseTime: v.latencyMs?.mean ?? NaN,
        p99ResponseTime: v.latencyMs?.p99 ?? NaN,
        errors: v.errors,
        timeouts: v.timeouts,
        operations: v.ops,
      };
    }
    const all = cells.map((c) => c.variants[0]!);
    const operations = all.reduce((n, v) => n + v.ops, 0);
    const seconds = all.reduce((n, v) => n + v.measuredSeconds, 0);
    const report = makeReport({
      tool: 'LoadTest',
      settings,
      concurrency: [o.concurrency],
      workloads: [...this.scenarios.keys()],
      variants: ['run'],
      environment: collectEnvironment({ database: null, executors: [], poolSize: null, dataset: {}, drivers: [] }),
      results: cells,
    });
    // The worst p99 among the scenarios that completed operations (one that only failed has none).
    const p99s = all.flatMap((v) => (v.latencyMs ? [v.latencyMs.p99] : []));
    return {
      throughput: seconds > 0 ? operations / seconds : 0,
      avgResponseTime: operations > 0 ? all.reduce((n, v) => n + (v.latencyMs?.mean ?? 0) * v.ops, 0) / operations : NaN,
      p99ResponseTime: p99s.length > 0 ? Math.max(...p99s) : NaN,
      errors: all.reduce((n, v) => n + v.errors, 0),
      timeouts: all.reduce((n, v) => n + v.timeouts, 0),
      operations,
      scenarios,
      report,
    };
  }
}
