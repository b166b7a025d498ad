/**
 * The benchmark engine: runs one cell (a workload at one concurrency) for every variant in the same
 * process. Each variant warms up first (excluded); then the measured phase is split into rounds and
 * the variants take turns within each round, in a rotating order, so drift in the machine's state
 * (other load, caches, GC pressure) falls on all of them alike and their ratio stays fair.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { LatencyHistogram } from '../monitoring/latency-histogram.js';
import type { CellResult } from './report.js';
import { cellRatios } from './cell-ratios.js';
import { runChunk, type ChunkOptions, type ChunkOutcome, type Operation } from './run-chunk.js';
import { buildVariantResult, MIN_OPS_PER_WORKER, newAccumulator, type VariantAccumulator } from './variant-result.js';

export interface VariantSpec<T = unknown> extends Operation<T> {
  readonly name: string;
  /** Called before each of the variant's chunks (e.g. to make its executor the default database). */
  readonly before?: () => void;
  /** Runs a whole chunk elsewhere (another process) instead of `run` here; fills the recorder it is given. */
  readonly runChunk?: (options: ChunkOptions) => Promise<ChunkOutcome>;
}

export interface CellSpec {
  readonly workload: string;
  readonly concurrency: number;
  readonly rowsPerOp?: number;
  readonly variants: readonly VariantSpec<any>[];
  /** The variant the others are divided by in `ratios`. */
  readonly baseline?: string;
  /** The order of the variants (indices) in round r of generation g; default: rotate by one each round. */
  readonly order?: (round: number, generation: number) => readonly number[];
  /** Runs the measured rounds in consecutive generations of fresh variants instead of on `variants` alone. */
  readonly generations?: CellGenerations;
}

/**
 * `ab --processes`: the rounds split into `count` consecutive blocks, each run by variants of its own
 * (a fresh pair of worker processes), warmed up afresh. `CellResult.roundGroups` says which ran each round.
 */
export interface CellGenerations {
  readonly count: number;
  /** Generation g's variants, named and ordered as the cell's `variants`; 0 may hand back those. */
  open(generation: number): Promise<CellGeneration>;
}

export interface CellGeneration {
  readonly variants: readonly VariantSpec<any>[];
  close(): Promise<void>;
}

export interface EngineSettings {
  /** Measured operations per variant and cell... */
  readonly iterations?: number;
  /** ...or measured seconds per variant and cell. */
  readonly durationSeconds?: number;
  /** Warm-up operations per variant; absent: 10% of the iterations, or 20% of the duration... */
  readonly warmup?: number;
  /** ...or warm-up seconds per variant. */
  readonly warmupSeconds?: number;
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

/** The warm-up is interleaved like the measured phase, in this many rounds. */
const WARMUP_ROUNDS = 2;

export async function runCell(spec: CellSpec, settings: EngineSettings, onEvent: EngineListener = () => {}): Promise<CellResult> {
  const asked = Math.max(1, Math.min(settings.rounds, settings.iterations ?? Infinity));
  const accs = spec.variants.map((v): VariantAccumulator => newAccumulator(v.name, spec.concurrency));
  const order = spec.order ?? ((r: number) => spec.variants.map((_, k) => (r + k) % spec.variants.length));
  const generations = spec.generations?.count ?? 1;
  onEvent({ type: 'cell-start', workload: spec.workload, concurrency: spec.concurrency, variants: spec.variants.map((v) => v.name), rounds: asked });

  if (settings.iterations === undefined) for (const acc of accs) acc.askedMs = (settings.durationSeconds ?? 1) * 1000;
  let plan: RoundPlan | undefined;
  const roundGroups: number[] = [];
  const recorder = LatencyHistogram.forOperations();
  for (let g = 0; g < generations; g++) {
    const generation: CellGeneration = spec.generations ? await spec.generations.open(g) : { variants: spec.variants, close: async () => {} };
    try {
      const warmRate = await warmUp(spec, generation.variants, settings, accs, (w) => order(w, g));
      // Sized once, on the first generation's warm-up, so every generation's rounds are alike.
      plan ??= planRounds(settings, asked, spec.concurrency, warmRate, generations);
      for (let r = Math.floor((g * plan.rounds) / generations); r < Math.floor(((g + 1) * plan.rounds) / generations); r++) {
        roundGroups.push(g);
        for (const i of order(r, g)) await measureChunk(spec, settings, generation.variants[i]!, accs[i]!, { plan, round: r, recorder, onEvent });
      }
    } finally {
      await generation.close();
    }
  }

  const variants = accs.map((acc) => buildVariantResult(acc, spec.rowsPerOp ?? null));
  const { ratios, ratioCi95 } = cellRatios(variants, spec.baseline ?? 'raw');
  const cell: CellResult = {
    workload: spec.workload,
    concurrency: spec.concurrency,
    rowsPerOp: spec.rowsPerOp ?? null,
    variants,
    ratios,
    ratioCi95,
    ...(spec.generations ? { roundGroups } : {}),
  };
  onEvent({ type: 'cell-end', cell });
  return cell;
}

/** One variant's chunk of measured round `round`, added to its accumulator and reported. */
async function measureChunk(
  spec: CellSpec,
  settings: EngineSettings,
  variant: VariantSpec<any>,
  acc: VariantAccumulator,
  at: { readonly plan: RoundPlan; readonly round: number; readonly recorder: LatencyHistogram; readonly onEvent: EngineListener },
): Promise<void> {
  const { plan, round, recorder } = at;
  recorder.reset();
  settings.signal?.throwIfAborted();
  variant.before?.();
  const limit = plan.limit(round);
  const out = await chunk(variant, { concurrency: spec.concurrency, seqStart: acc.seq, timeoutMs: settings.timeoutMs, recorder, memory: acc.memory, ...limit });
  acc.seq = out.nextSeq;
  acc.ops += out.ops;
  acc.errors += out.errors;
  acc.timeouts += out.timeouts;
  acc.wallMs += out.wallMs;
  acc.nominalMs += limit.durationMs ?? 0;
  acc.cpuUs += out.cpuUs;
  if (out.gcMs !== undefined) {
    acc.gcMs = (acc.gcMs ?? 0) + out.gcMs;
    acc.roundGc.push(out.ops > 0 ? (out.gcMs * 1000) / out.ops : 0);
  }
  acc.firstError ??= out.firstError ?? null;
  if (out.non2xx !== undefined) acc.non2xx = (acc.non2xx ?? 0) + out.non2xx;
  if (out.serverCpuUs !== undefined) acc.serverCpuUs = (acc.serverCpuUs ?? 0) + out.serverCpuUs;
  acc.latency.add(recorder);
  const opsPerSec = out.wallMs > 0 ? (out.ops * 1000) / out.wallMs : 0;
  // Every round's throughput, even 0, so rounds stay paired by index across variants.
  acc.roundOps.push(opsPerSec);
  if (out.ops > 0) {
    acc.roundP50.push(recorder.percentileMs(50));
    acc.roundP95.push(recorder.percentileMs(95));
    acc.roundP99.push(recorder.percentileMs(99));
  }
  at.onEvent({
    type: 'round',
    workload: spec.workload,
    concurrency: spec.concurrency,
    variant: variant.name,
    round: round + 1,
    rounds: plan.rounds,
    opsPerSec,
    p50Ms: acc.latency.percentileMs(50),
    p99Ms: acc.latency.percentileMs(99),
    errors: acc.errors,
  });
  // Let timers, I/O callbacks and the live view run between chunks of synchronous-driver work.
  await yieldToLoop();
}

function chunk(variant: VariantSpec<any>, options: ChunkOptions): Promise<ChunkOutcome> {
  return variant.runChunk ? variant.runChunk(options) : runChunk(variant, options);
}

/**
 * Warms every variant up in interleaved, rotating rounds (a load test's ramp-up instead starts the
 * workers one by one) and returns the slowest variant's warm-up throughput in ops/s, which sizes
 * the measured rounds.
 */
async function warmUp(
  spec: CellSpec,
  variants: readonly VariantSpec<any>[],
  settings: EngineSettings,
  accs: VariantAccumulator[],
  order: (r: number) => readonly number[],
): Promise<number> {
  const ramp = settings.rampUpSeconds !== undefined && settings.rampUpSeconds > 0;
  const warmRounds = ramp ? 1 : WARMUP_ROUNDS;
  const ops = new Array<number>(variants.length).fill(0);
  const wall = new Array<number>(variants.length).fill(0);
  for (let w = 0; w < warmRounds; w++) {
    for (const i of ramp ? variants.map((_, k) => k) : order(w)) {
      const acc = accs[i]!;
      settings.signal?.throwIfAborted();
      variants[i]!.before?.();
      const out = await chunk(variants[i]!, { concurrency: spec.concurrency, seqStart: acc.seq, timeoutMs: settings.timeoutMs, ...warmupLimit(spec, settings, warmRounds, w) });
      acc.seq = out.nextSeq;
      acc.warmupErrors += out.errors;
      acc.firstError ??= out.firstError ?? null;
      ops[i]! += out.ops;
      wall[i]! += out.wallMs;
      await yieldToLoop();
    }
  }
  const rates = ops.map((n, i) => (wall[i]! > 0 ? (n * 1000) / wall[i]! : 0)).filter((x) => x > 0);
  return rates.length > 0 ? Math.min(...rates) : 0;
}

function warmupLimit(spec: CellSpec, s: EngineSettings, warmRounds: number, w: number): { ops?: number; durationMs?: number; staggerMs?: number } {
  if (s.rampUpSeconds !== undefined && s.rampUpSeconds > 0) {
    const durationMs = s.rampUpSeconds * 1000;
    return { durationMs, staggerMs: durationMs / spec.concurrency };
  }
  const share = (total: number): number => Math.floor(total / warmRounds) + (w < total % warmRounds ? 1 : 0);
  if (s.warmup !== undefined) return { ops: share(s.warmup) };
  if (s.warmupSeconds !== undefined) return { durationMs: (s.warmupSeconds * 1000) / warmRounds };
  if (s.iterations !== undefined) return { ops: share(Math.max(warmRounds, Math.round(s.iterations / 10))) };
  return { durationMs: ((s.durationSeconds ?? 1) * 200) / warmRounds };
}

/** Rounds are given up down to this many (or those asked, if fewer) before they are lengthened. */
const ROUND_FLOOR = 10;

interface RoundPlan {
  readonly rounds: number;
  readonly limit: (r: number) => { ops?: number; durationMs?: number };
}

/**
 * The measured rounds and each one's limit. In duration mode every worker must complete
 * MIN_OPS_PER_WORKER operations per round (estimated from the warm-up's throughput): shorter rounds
 * would mostly measure the workers' start and the drain of the last operations in flight. Slow
 * operations first get fewer, longer rounds in the same time, down to ROUND_FLOOR; past that the
 * rounds are lengthened, and the variant's overrun warning says so.
 */
function planRounds(s: EngineSettings, asked: number, concurrency: number, warmRate: number, generations: number): RoundPlan {
  if (s.iterations !== undefined) {
    // An exact count was asked for: kept, and variant-result warns when rounds are too short.
    const base = Math.floor(s.iterations / asked);
    return { rounds: asked, limit: (r) => ({ ops: base + (r < s.iterations! % asked ? 1 : 0) }) };
  }
  const totalMs = (s.durationSeconds ?? 1) * 1000;
  const neededMs = warmRate > 0 ? (MIN_OPS_PER_WORKER * concurrency * 1000) / warmRate : 0;
  // Every generation keeps two rounds at least: one alone would leave its process pair's mean unchecked.
  const floor = Math.min(asked, Math.max(ROUND_FLOOR, 2 * generations));
  const rounds = neededMs > 0 ? Math.max(floor, Math.min(asked, Math.floor(totalMs / neededMs))) : asked;
  const durationMs = Math.max(totalMs / rounds, neededMs);
  return { rounds, limit: () => ({ durationMs }) };
}
