/**
 * Turns what the engine accumulated for one variant into the report's plain VariantResult,
 * with the warnings a reader needs before trusting the numbers.
 */
import { LatencyHistogram } from '../monitoring/latency-histogram.js';
import type { SampleSeries, VariantResult } from './report.js';
import type { MemoryPeak } from './run-chunk.js';
import { confidenceInterval95, mean, percentile, stddev } from './statistics.js';

/** Operations each worker should complete per round; the engine lengthens rounds in duration mode to reach it. */
export const MIN_OPS_PER_WORKER = 5;

export interface VariantAccumulator {
  readonly name: string;
  readonly concurrency: number;
  seq: number;
  ops: number;
  errors: number;
  warmupErrors: number;
  timeouts: number;
  wallMs: number;
  /** The measured time the rounds were given (duration mode), to detect operations outlasting them... */
  nominalMs: number;
  /** ...and the time asked for, which rounds lengthened for slow operations exceed. */
  askedMs: number;
  cpuUs: number;
  /** Garbage-collection time in the measured chunks; null when the chunks did not count it (HTTP). */
  gcMs: number | null;
  firstError: string | null;
  /** HTTP variants only: measured answers whose status was not 2xx. */
  non2xx: number | null;
  /** HTTP variants served by Oxen's server process: its CPU time in the measured phase. */
  serverCpuUs: number | null;
  readonly latency: LatencyHistogram;
  readonly roundOps: number[];
  readonly roundP50: number[];
  readonly roundP95: number[];
  readonly roundP99: number[];
  /** Garbage-collection µs per operation of each measured round, where the chunks counted it. */
  readonly roundGc: number[];
  readonly memory: MemoryPeak;
}

/** Below this many rounds a confidence interval means little and `compare` cannot decide. */
export const MIN_ROUNDS = 5;
const MIN_OPS = 100;
/** Relative half-width of the throughput's 95% interval above which the run is called noisy. */
const NOISY = 0.1;
/** Measured wall time past the rounds' nominal time by more than this share means operations outlast the rounds. */
const OVERRUN = 0.1;
/** The first round this much slower than the median of the rest suggests the warm-up was too short. */
const FIRST_ROUND_SLOWER = 0.25;

export function newAccumulator(name: string, concurrency: number): VariantAccumulator {
  return {
    name,
    concurrency,
    seq: 0,
    ops: 0,
    errors: 0,
    warmupErrors: 0,
    timeouts: 0,
    wallMs: 0,
    nominalMs: 0,
    askedMs: 0,
    cpuUs: 0,
    gcMs: null,
    firstError: null,
    non2xx: null,
    serverCpuUs: null,
    latency: LatencyHistogram.forOperations(),
    roundOps: [],
    roundP50: [],
    roundP95: [],
    roundP99: [],
    roundGc: [],
    memory: { rss: 0, heap: 0 },
  };
}

export function series(samples: readonly number[]): SampleSeries | null {
  if (samples.length === 0) return null;
  const ci = confidenceInterval95(samples);
  return { mean: mean(samples), stddev: stddev(samples), ci95: [ci.low, ci.high], samples: [...samples] };
}

export function buildVariantResult(acc: VariantAccumulator, rowsPerOp: number | null): VariantResult {
  const measuredSeconds = acc.wallMs / 1000;
  const opsPerSec = measuredSeconds > 0 ? acc.ops / measuredSeconds : 0;
  const p50 = series(acc.roundP50);
  const p95 = series(acc.roundP95);
  const p99 = series(acc.roundP99);
  return {
    variant: acc.name,
    ops: acc.ops,
    errors: acc.errors,
    timeouts: acc.timeouts,
    firstError: acc.firstError,
    measuredSeconds,
    opsPerSec,
    opsPerSecRounds: series(acc.roundOps),
    rowsPerSec: rowsPerOp === null ? null : opsPerSec * rowsPerOp,
    latencyMs: acc.latency.stats(),
    latencyRoundsMs: p50 && p95 && p99 ? { p50, p95, p99 } : null,
    cpuUsPerOp: acc.ops > 0 ? acc.cpuUs / acc.ops : null,
    peakRssBytes: acc.memory.rss,
    peakHeapBytes: acc.memory.heap,
    warnings: variantWarnings(acc),
    ...(acc.non2xx !== null ? { non2xx: acc.non2xx } : {}),
    ...(acc.serverCpuUs !== null && acc.ops > 0 ? { serverCpuUsPerOp: acc.serverCpuUs / acc.ops } : {}),
    ...(acc.gcMs !== null && acc.ops > 0 ? { gcUsPerOp: (acc.gcMs * 1000) / acc.ops } : {}),
    ...(acc.gcMs !== null && acc.roundGc.length === acc.roundOps.length ? { gcUsPerOpRounds: [...acc.roundGc] } : {}),
  };
}

export function variantWarnings(acc: VariantAccumulator): string[] {
  const out: string[] = [];
  if (acc.errors > 0) out.push(`${acc.errors} operation(s) failed: ${acc.firstError ?? 'unknown error'}`);
  else if (acc.warmupErrors > 0) out.push(`${acc.warmupErrors} warm-up operation(s) failed: ${acc.firstError ?? 'unknown error'}`);
  if (acc.timeouts > 0) out.push(`${acc.timeouts} operation(s) timed out`);
  if (acc.ops === 0) return out;
  if (acc.roundOps.length < MIN_ROUNDS || acc.ops < MIN_OPS) {
    out.push(`too few samples: ${acc.ops} operations in ${acc.roundOps.length} rounds; raise --duration or --iterations`);
  }
  if (acc.askedMs > 0 && acc.nominalMs > acc.askedMs * (1 + OVERRUN)) {
    out.push(
      `rounds lengthened: measured for ${(acc.nominalMs / 1000).toFixed(2)} s against ${(acc.askedMs / 1000).toFixed(2)} s asked, so that each worker completes ${MIN_OPS_PER_WORKER} operations per round`,
    );
  }
  if (acc.nominalMs > 0 && acc.wallMs > acc.nominalMs * (1 + OVERRUN)) {
    out.push(
      `overrun: measured for ${(acc.wallMs / 1000).toFixed(2)} s against ${(acc.nominalMs / 1000).toFixed(2)} s nominal; operations outlast the rounds, raise --duration or lower --rounds`,
    );
  }
  const perWorker = acc.ops / Math.max(1, acc.roundOps.length) / acc.concurrency;
  if (perWorker < MIN_OPS_PER_WORKER) {
    out.push(`short rounds: ${perWorker.toFixed(1)} operations per worker per round (want ${MIN_OPS_PER_WORKER}); raise --iterations or lower --rounds`);
  }
  const ci = confidenceInterval95(acc.roundOps);
  const m = ci.mean;
  if (acc.roundOps.length >= 2 && m > 0 && (ci.high - m) / m > NOISY) {
    out.push(`high variance: throughput ±${Math.round(((ci.high - m) / m) * 100)}% between rounds`);
  }
  if (acc.roundOps.length >= 3) {
    const rest = percentile(acc.roundOps.slice(1), 50);
    const first = acc.roundOps[0]!;
    if (first < rest * (1 - FIRST_ROUND_SLOWER)) {
      out.push(`first-run effect: round 1 was ${Math.round((1 - first / rest) * 100)}% slower than the rest; raise --warmup`);
    }
  }
  return out;
}
