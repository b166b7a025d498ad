/**
 * The seed's LoadTest: named scenarios, each run at a fixed concurrency for a duration after a
 * ramp-up in which the workers start one by one (excluded from the figures, like a warm-up).
 *
 *   const test = new LoadTest({ concurrency: 50, duration: 30, rampUpTime: 5 });
 *   test.scenario('creates', () => User.create({ ... }));
 *   const r = await test.run();   // r.throughput, r.avgResponseTime, r.p99ResponseTime, r.errors
 */
import type { EngineListener, EngineSettings } from './engine.js';
import type { BenchmarkReport } from './report.js';
import { runEach, standaloneReport } from './run-each.js';
import { UsageError } from '../ground/errors.js';

export interface LoadTestOptions {
  readonly concurrency: number;
  /** Measured seconds per scenario. */
  readonly duration: number;
  /** Seconds over which the workers start, before measuring (the seed's `ramp_up_time`). */
  readonly rampUpTime?: number;
  /** The earlier name of `rampUpTime`, still accepted. */
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
    rampUpSeconds(options);
  }

  scenario(name: string, fn: () => Promise<unknown> | unknown): this {
    if (this.scenarios.has(name)) throw new UsageError('USAGE', `a scenario named "${name}" is already registered`);
    this.scenarios.set(name, fn);
    return this;
  }

  async run(): Promise<LoadTestResult> {
    const o = this.options;
    const settings: EngineSettings = { durationSeconds: o.duration, rampUpSeconds: rampUpSeconds(o), warmup: 0, rounds: 10, timeoutMs: o.timeoutMs ?? 30_000 };
    const scenarios: Record<string, LoadFigures> = {};
    const operations = [...this.scenarios].map(([name, fn]) => ({ name, operation: { run: async () => fn(), verify: () => undefined } }));
    const cells = await runEach(operations, o.concurrency, settings, o.onEvent, (name, v) => {
      scenarios[name] = {
        throughput: v.opsPerSec,
        avgResponseTime: v.latencyMs?.mean ?? NaN,
        p99ResponseTime: v.latencyMs?.p99 ?? NaN,
        errors: v.errors,
        timeouts: v.timeouts,
        operations: v.ops,
      };
    });
    const all = cells.map((c) => c.variants[0]!);
    const operationCount = all.reduce((n, v) => n + v.ops, 0);
    const seconds = all.reduce((n, v) => n + v.measuredSeconds, 0);
    const report = standaloneReport('LoadTest', settings, o.concurrency, cells);
    // The worst p99 among the scenarios that completed operations (one that only failed has none).
    const p99s = all.flatMap((v) => (v.latencyMs ? [v.latencyMs.p99] : []));
    return {
      throughput: seconds > 0 ? operationCount / seconds : 0,
      avgResponseTime: operationCount > 0 ? all.reduce((n, v) => n + (v.latencyMs?.mean ?? 0) * v.ops, 0) / operationCount : NaN,
      p99ResponseTime: p99s.length > 0 ? Math.max(...p99s) : NaN,
      errors: all.reduce((n, v) => n + v.errors, 0),
      timeouts: all.reduce((n, v) => n + v.timeouts, 0),
      operations: operationCount,
      scenarios,
      report,
    };
  }
}

/** `rampUpTime`, or its earlier name `rampUp`; both given must agree. */
function rampUpSeconds(o: LoadTestOptions): number {
  if (o.rampUpTime !== undefined && o.rampUp !== undefined && o.rampUpTime !== o.rampUp) {
    throw new UsageError('USAGE', `LoadTest was given rampUpTime ${o.rampUpTime} and rampUp ${o.rampUp}: rampUp is the earlier name of rampUpTime, give one`);
  }
  const seconds = o.rampUpTime ?? o.rampUp ?? 0;
  if (!(Number.isFinite(seconds) && seconds >= 0)) throw new UsageError('USAGE', `LoadTest rampUpTime must be 0 or more seconds, not ${String(seconds)}`);
  return seconds;
}
