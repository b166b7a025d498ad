/**
 * The verdict of an `ab` run: for each cell and executor, head's rounds against base's rounds beside
 * them, as paired per-round ratios; with `--processes`, each worker-process pair's mean of them is
 * one sample. Anything that kept a cell from being measured fails the gate.
 */
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
    notes: [...options.notes],
    outcome: gateOutcome(rows, failures),
  };
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
