/**
 * The benchmark engine: runs one cell (a workload at one concurrency) for every variant in the same
 * process. Each variant warms up first (excluded); then the measured phase is split into rounds and
 * the variants take turns within each round, in a rotating order, so drift in the machine's state
 * (other load, caches, GC pressure) falls on all of them alike and their ratio stays fair.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { LatencyRecorder } from './latency-recorder.js';
import type { CellResult } from './report.js';
import { cellRatios } from './cell-ratios.js';
import { runChunk, type Operation } from './run-chunk.js';
import { buildVariantResult, newAccumulator, type VariantAccumulator } from './variant-result.js';

export interface VariantSpec<T = unknown> extends Operation<T> {
  readonly name: string;
  /** Called before each of the variant's chunks (e.g. to make its executor the default database). */
  readonly before?: () => void;
}

export interface CellSpec {
  readonly workload: string;
  readonly concurrency: number;
  readonly rowsPerOp?: number;
  readonly variants: readonly VariantSpec<any>[];
  /** The variant the others are divided by in `ratios`. */
  readonly baseline?: string;
}

export interface EngineSettings {
  /** Measured operations per variant and cell... */
  readonly iterations?: number;
  /** ...or measured seconds per variant and cell. */
  readonly durationSeconds?: number;
  /** Warm-up operations per variant; absent: 10% of the iterations, or 20% of the duration. */
  readonly warmup?: number;
  readonly rounds: number;
  readonly timeoutMs: number;
  /** Warm up by starting the workers one by one over this time instead (a load test's ramp-up). */
  readonly rampUpSeconds?: number;
  /** Checked between chunks: an aborted run stops there, rejecting with the signal's reason. */
  readonly signal?: AbortSignal;
}

export type EngineEvent =
  | { readonly type: 'cell-start'; readonly workload: string; readonly concurrency: number; readonly variants: readonly string[]; readonly rounds: number }
  | {
      readonly type: 'round';
      readonly workload: string;
      readonly concurrency: number;
      readonly variant: string;
      readonly round: number;
      readonly rounds: number;
      readonly opsPerSec: number;
      readonly p50Ms: number;
      readonly p99Ms: number;
      readonly errors: number;
    }
  | { readonly type: 'cell-end'; readonly cell: CellResult };

export type EngineListener = (event: EngineEvent) => void;

export async function runCell(spec: CellSpec, settings: EngineSettings, onEvent: EngineListener = () => {}): Promise<CellResult> {
  const rounds = Math.max(1, Math.min(settings.rounds, settings.iterations ?? Infinity));
  const accs = spec.variants.map((v): VariantAccumulator => newAccumulator(v.name));
  onEvent({ type: 'cell-start', workload: spec.workload, concurrency: spec.concurrency, variants: spec.variants.map((v) => v.name), rounds });

  for (let i = 0; i < spec.variants.length; i++) {
    const acc = accs[i]!;
    settings.signal?.throwIfAborted();
    spec.variants[i]!.before?.();
    const warm = await runChunk(spec.variants[i]!, { concurrency: spec.concurrency, seqStart: acc.seq, timeoutMs: settings.timeoutMs, ...warmupLimit(spec, settings) });
    acc.seq = warm.nextSeq;
    acc.warmupErrors = warm.errors;
    acc.firstError = warm.firstError ?? null;
    await yieldToLoop();
  }

  const roundRecorder = new LatencyRecorder();
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < spec.variants.length; k++) {
      const i = (r + k) % spec.variants.length;
      const variant = spec.variants[i]!;
      const acc = accs[i]!;
      roundRecorder.reset();
      settings.signal?.throwIfAborted();
      variant.before?.();
      const out = await runChunk(variant, {
        concurrency: spec.concurrency,
        seqStart: acc.seq,
        timeoutMs: settings.timeoutMs,
        recorder: roundRecorder,
        memory: acc.memory,
        ...roundLimit(settings, rounds, r),
      });
      acc.seq = out.nextSeq;
      acc.ops += out.ops;
      acc.errors += out.errors;
      acc.timeouts += out.timeouts;
      acc.wallMs += out.wallMs;
      acc.cpuUs += out.cpuUs;
      acc.firstError ??= out.firstError ?? null;
      acc.latency.add(roundRecorder);
      const opsPerSec = out.wallMs > 0 ? (out.ops * 1000) / out.wallMs : 0;
      // Every round's throughput, even 0, so rounds stay paired by index across variants.
      acc.roundOps.push(opsPerSec);
      if (out.ops > 0) {
        acc.roundP50.push(roundRecorder.percentileMs(50));
        acc.roundP95.push(roundRecorder.percentileMs(95));
        acc.roundP99.push(roundRecorder.percentileMs(99));
      }
      onEvent({
        type: 'round',
        workload: spec.workload,
        concurrency: spec.concurrency,
        variant: variant.name,
        round: r + 1,
        rounds,
        opsPerSec,
        p50Ms: acc.latency.percentileMs(50),
        p99Ms: acc.latency.percentileMs(99),
        errors: acc.errors,
      });
      // Let timers, I/O callbacks and the live view run between chunks of synchronous-driver work.
      await yieldToLoop();
    }
  }

  const variants = accs.map((acc) => buildVariantResult(acc, spec.rowsPerOp ?? null));
  const { ratios, ratioCi95 } = cellRatios(variants, spec.baseline ?? 'raw');
  const cell: CellResult = { workload: spec.workload, concurrency: spec.concurrency, rowsPerOp: spec.rowsPerOp ?? null, variants, ratios, ratioCi95 };
  onEvent({ type: 'cell-end', cell });
  return cell;
}

function warmupLimit(spec: CellSpec, s: EngineSettings): { ops?: number; durationMs?: number; staggerMs?: number } {
  if (s.rampUpSeconds !== undefined && s.rampUpSeconds > 0) {
    const durationMs = s.rampUpSeconds * 1000;
    return { durationMs, staggerMs: durationMs / spec.concurrency };
  }
  if (s.warmup !== undefined) return { ops: s.warmup };
  if (s.iterations !== undefined) return { ops: Math.max(1, Math.round(s.iterations / 10)) };
  return { durationMs: (s.durationSeconds ?? 1) * 200 };
}

function roundLimit(s: EngineSettings, rounds: number, r: number): { ops?: number; durationMs?: number } {
  if (s.iterations !== undefined) {
    const base = Math.floor(s.iterations / rounds);
    return { ops: base + (r < s.iterations % rounds ? 1 : 0) };
  }
  return { durationMs: ((s.durationSeconds ?? 1) * 1000) / rounds };
}
