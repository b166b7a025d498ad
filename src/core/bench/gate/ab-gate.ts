/**
 * The verdict of an `ab` run: for each cell and executor, head's rounds against base's rounds beside
 * them, as paired per-round ratios; with `--processes`, each worker-process pair's mean of them is
 * one sample. Anything that kept a cell from being measured fails the gate.
 */
import { mean } from '../statistics.js';
import type { CellResult, VariantResult } from '../report.js';
import { MIN_ROUNDS } from '../variant-result.js';
import { groupedEstimate, pairedEstimate } from './change-estimate.js';
import { gateOutcome, type GateMetric, type GateResult, type GateRow, type GateSide, type LatencyTriple } from './gate-result.js';
import { judgeCells, type JudgeInput } from './judge-cells.js';

export const AB_SEPARATOR = ':';

export function abVariantName(side: 'base' | 'head', variant: string): string {
  return `${side}${AB_SEPARATOR}${variant}`;
}

export interface AbGateOptions {
  readonly metric: Exclude<GateMetric, 'share'>;
  readonly threshold: number;
  readonly base: GateSide;
  readonly head: GateSide;
  /** Failures found before measuring (a build that could not open an executor, a missing workload). */
  readonly failures: readonly string[];
  readonly notes: readonly string[];
}

/** Fewest worker-process pairs a cell needs before it is judged (`ab --processes`). */
export const MIN_PROCESS_PAIRS = 3;

export function abGate(cells: readonly CellResult[], options: AbGateOptions): GateResult {
  const failures = [...options.failures];
  const notes = [...options.notes];
  /** Collector differences by the index of their row in `pending`, said only where the verdict needs explaining. */
  const gcNotes = new Map<number, string>();
  const pairs = new Set(cells.map((c) => (c.roundGroups ? new Set(c.roundGroups).size : 1)));
  const pending: { row: Omit<GateRow, 'judgement'>; input: JudgeInput }[] = [];
  for (const cell of cells) {
    const where = `${cell.workload} c=${cell.concurrency}`;
    for (const name of executorsOf(cell)) {
      const base = find(cell, 'base', name);
      const head = find(cell, 'head', name);
      if (base && !head) failures.push(`${where} ${name}: measured in base, missing in head`);
      if (!base || !head) continue;
      for (const [side, v] of [['base', base], ['head', head]] as const) {
        const failed = v.errors + v.timeouts;
        if (failed > 0) failures.push(`${where} ${name} (${side}): ${failed} operation(s) failed or timed out${v.firstError ? `: ${v.firstError}` : ''}`);
      }
      const gc = gcDifference(cell, base, head);
      if (gc) gcNotes.set(pending.length, `${where} ${name}: ${gc}`);
      const higherIsBetter = options.metric === 'ops';
      pending.push({
        row: {
          workload: cell.workload,
          concurrency: cell.concurrency,
          variant: name,
          metric: options.metric,
          base: central(base, options.metric),
          head: central(head, options.metric),
          gated: true,
          threshold: options.threshold,
          latency: { base: latencyOf(base), head: latencyOf(head) },
        },
        input: {
          estimate: cell.roundGroups
            ? groupedEstimate(samples(base, options.metric), samples(head, options.metric), roundGroupsOf(cell, base, options.metric))
            : pairedEstimate(samples(base, options.metric), samples(head, options.metric)),
          higherIsBetter,
          gated: true,
          threshold: options.threshold,
          minSamples: cell.roundGroups ? MIN_PROCESS_PAIRS : MIN_ROUNDS,
        },
      });
    }
  }
  const judgements = judgeCells(pending.map((p) => p.input));
  const rows: GateRow[] = pending.map((p, i) => ({ ...p.row, judgement: judgements[i]! }));
  for (const [i, note] of gcNotes) if (rows[i]!.judgement.verdict === 'inconclusive' || rows[i]!.judgement.verdict === 'regression') notes.push(note);
  if (rows.length === 0 && failures.length === 0) failures.push('no cell was measured on both builds');
  return {
    mode: 'ab',
    metric: options.metric,
    threshold: options.threshold,
    noiseFloor: null,
    ...(pairs.size === 1 && [...pairs][0]! > 1 ? { processPairs: [...pairs][0]! } : {}),
    correction: 'holm',
    gatedCells: rows.length,
    base: options.base,
    head: options.head,
    rows,
    failures,
    notes,
    outcome: gateOutcome(rows, failures),
  };
}

/** A side's collector time counts as different past this ratio and this many microseconds per operation. */
const GC_RATIO = 2;
const GC_MIN_US = 5;

/** Whether `more` µs of collection per operation is far past `less`. */
const farMore = (more: number, less: number): boolean => more - less >= GC_MIN_US && more >= GC_RATIO * less;

/**
 * Says when one side's processes spent far more time collecting garbage per operation than the
 * other's: either its code allocates more, or a process settled into continuous marking, which
 * processes of the same code do at different rates (see gc-time.ts). With process pairs, per pair,
 * since such a process is slow for its whole life and a cell's pairs are then bimodal.
 */
function gcDifference(cell: CellResult, base: VariantResult, head: VariantResult): string | undefined {
  const groups = cell.roundGroups;
  const b = base.gcUsPerOpRounds;
  const h = head.gcUsPerOpRounds;
  if (groups && b && h && b.length === groups.length && h.length === groups.length) {
    const pairs = new Map<number, { base: number[]; head: number[] }>();
    groups.forEach((g, r) => {
      const pair = pairs.get(g) ?? { base: [], head: [] };
      pair.base.push(b[r]!);
      pair.head.push(h[r]!);
      pairs.set(g, pair);
    });
    let headMore = 0;
    let baseMore = 0;
    for (const pair of pairs.values()) {
      if (farMore(mean(pair.head), mean(pair.base))) headMore++;
      else if (farMore(mean(pair.base), mean(pair.head))) baseMore++;
    }
    if (headMore + baseMore === 0) return undefined;
    const [first, firstCount, other, otherCount] = headMore > 0 ? ['head', headMore, 'base', baseMore] : ['base', baseMore, 'head', headMore];
    const also = otherCount > 0 ? `, in ${otherCount} ${other}'s more than ${first}'s` : '';
    return `in ${firstCount} of ${pairs.size} process pairs ${first}'s worker spent more than twice ${other}'s time collecting garbage per operation${also}: processes settled into continuous marking, or code that allocates more`;
  }
  if (base.gcUsPerOp === undefined || head.gcUsPerOp === undefined) return undefined;
  const [more, less, side] = head.gcUsPerOp >= base.gcUsPerOp ? [head.gcUsPerOp, base.gcUsPerOp, 'head'] : [base.gcUsPerOp, head.gcUsPerOp, 'base'];
  if (!farMore(more, less)) return undefined;
  const other = side === 'head' ? 'base' : 'head';
  return `${side} spent ${more.toFixed(1)} µs per operation collecting garbage, ${other} ${less.toFixed(1)}: the code allocates more, or ${side}'s process settled into continuous marking (rerun with --processes to tell)`;
}

function executorsOf(cell: CellResult): string[] {
  const names = new Set<string>();
  for (const v of cell.variants) {
    const at = v.variant.indexOf(AB_SEPARATOR);
    if (at > 0) names.add(v.variant.slice(at + 1));
  }
  return [...names];
}

function find(cell: CellResult, side: 'base' | 'head', name: string): VariantResult | undefined {
  return cell.variants.find((v) => v.variant === abVariantName(side, name));
}

function samples(v: VariantResult, metric: AbGateOptions['metric']): readonly number[] {
  if (metric === 'ops') return v.opsPerSecRounds?.samples ?? [];
  return v.latencyRoundsMs?.[metric].samples ?? [];
}

/**
 * The process pair of each sample. Latency samples skip rounds without operations; those rounds
 * are found again from the throughput samples, which keep every round.
 */
function roundGroupsOf(cell: CellResult, v: VariantResult, metric: AbGateOptions['metric']): readonly number[] {
  const groups = cell.roundGroups!;
  if (metric === 'ops') return groups;
  return groups.filter((_, r) => (v.opsPerSecRounds?.samples[r] ?? 0) > 0);
}

function central(v: VariantResult, metric: AbGateOptions['metric']): number {
  if (metric === 'ops') return v.opsPerSec;
  return v.latencyRoundsMs?.[metric].mean ?? NaN;
}

export function latencyOf(v: VariantResult): LatencyTriple | null {
  return v.latencyMs ? { p50: v.latencyMs.p50, p95: v.latencyMs.p95, p99: v.latencyMs.p99 } : null;
}
