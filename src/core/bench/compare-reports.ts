/**
 * `compare` of two reports from separate runs. Two runs of identical code on one machine differ by
 * more than 10% in many cells, so their absolute numbers cannot gate at 5%. What each run measured
 * against its own `raw` (the bare driver, interleaved with the ORM in the same rounds) can: the
 * ORM's share of raw is compared between the runs at the threshold. An absolute change counts as a
 * regression only past a noise floor, and otherwise decides nothing. A report without `raw`
 * (BenchmarkSuite) can therefore be convicted of a large regression, but never cleared.
 */
import { latencyOf } from './gate/ab-gate.js';
import { logRatios, unpairedEstimate } from './gate/change-estimate.js';
import { gateOutcome, type GateResult, type GateRow } from './gate/gate-result.js';
import { judgeCells, type JudgeInput } from './gate/judge-cells.js';
import { environmentDifferences } from './gate/settings-differences.js';
import type { BenchmarkReport, CellResult, VariantResult } from './report.js';
import { MIN_ROUNDS } from './variant-result.js';

export const COMPARE_METRICS = ['ops', 'p50', 'p95', 'p99'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

/** Baselines in order of preference: array rows measure the ORM's own cost, not object building. */
const RAW_BASELINES = ['raw_array', 'raw'] as const;

export interface CompareOptions {
  /** Relative: 0.05 = 5%. */
  readonly threshold: number;
  /** Absolute changes between runs count only past this. */
  readonly noiseFloor: number;
  readonly metric: CompareMetric;
}

export function compareReports(base: BenchmarkReport, head: BenchmarkReport, options: CompareOptions): GateResult {
  const failures: string[] = [];
  const pending: { row: Omit<GateRow, 'judgement'>; input: JudgeInput; floor: boolean }[] = [];
  const headCells = new Map(head.results.map((c) => [`${c.workload} c=${c.concurrency}`, c]));
  const higherIsBetter = options.metric === 'ops';
  const rawName = RAW_BASELINES.find((name) => [base, head].every((r) => r.results.every((c) => c.variants.some((v) => v.variant === name))));

  for (const baseCell of base.results) {
    const where = `${baseCell.workload} c=${baseCell.concurrency}`;
    const headCell = headCells.get(where);
    if (!headCell) {
      failures.push(`${where}: in base, missing in head`);
      continue;
    }
    for (const bv of baseCell.variants) {
      const hv = headCell.variants.find((v) => v.variant === bv.variant);
      if (!hv) {
        failures.push(`${where} ${bv.variant}: in base, missing in head`);
        continue;
      }
      const isRaw = bv.variant.startsWith('raw');
      if (!isRaw) {
        for (const [label, v] of [['base', bv], ['head', hv]] as const) {
          const failed = v.errors + v.timeouts;
          if (failed > 0) failures.push(`${where} ${v.variant} (${label}): ${failed} operation(s) failed or timed out${v.firstError ? `: ${v.firstError}` : ''}`);
        }
      }
      const common = { workload: baseCell.workload, concurrency: baseCell.concurrency, variant: bv.variant, latency: { base: latencyOf(bv), head: latencyOf(hv) } };
      if (!isRaw && rawName) {
        const share = (cell: CellResult, v: VariantResult): number[] | null => shareLogs(cell, v, rawName, options.metric);
        const b = share(baseCell, bv);
        const h = share(headCell, hv);
        pending.push({
          row: { ...common, metric: 'share', base: geoMean(b), head: geoMean(h), gated: true, threshold: options.threshold },
          input: { estimate: b && h ? unpairedEstimate(b, h) : null, higherIsBetter, gated: true, threshold: options.threshold, minSamples: MIN_ROUNDS },
          floor: false,
        });
      }
      const b = absoluteLogs(bv, options.metric);
      const h = absoluteLogs(hv, options.metric);
      pending.push({
        row: { ...common, metric: options.metric, base: central(bv, options.metric), head: central(hv, options.metric), gated: !isRaw, threshold: options.noiseFloor },
        input: { estimate: b && h ? unpairedEstimate(b, h) : null, higherIsBetter, gated: !isRaw, threshold: options.noiseFloor, minSamples: MIN_ROUNDS },
        floor: true,
      });
    }
  }
  const judgements = judgeCells(pending.map((p) => p.input));
  const rows: GateRow[] = pending.map((p, i) => {
    const j = judgements[i]!;
    // Past the noise floor convicts; anything short of it decides nothing, so it does not gate.
    if (p.floor && p.row.gated && j.verdict !== 'regression') {
      return { ...p.row, gated: false, judgement: { ...j, reason: j.reason ?? `within the ±${Math.round(options.noiseFloor * 100)}% noise floor of two separate runs` } };
    }
    return { ...p.row, judgement: j };
  });
  const notes = [...environmentDifferences(base, head)];
  if (!rawName) notes.push('no raw variant in both reports: only absolute changes past the noise floor can be judged, so the best verdict is "inconclusive"; use `oxen benchmark ab` to gate');
  let outcome = gateOutcome(rows, failures);
  if (outcome === 'no change' && !rows.some((r) => r.gated && r.metric === 'share')) outcome = 'inconclusive';
  return {
    mode: 'compare',
    metric: rawName ? 'share' : options.metric,
    threshold: options.threshold,
    noiseFloor: options.noiseFloor,
    correction: 'holm',
    gatedCells: pending.filter((p) => p.input.gated).length,
    base: { label: 'base', commit: base.environment.git.commit, dirty: base.environment.git.dirty },
    head: { label: 'head', commit: head.environment.git.commit, dirty: head.environment.git.dirty },
    rows,
    failures,
    notes,
    outcome,
  };
}

function roundSamples(v: VariantResult, metric: CompareMetric): readonly number[] | null {
  if (metric === 'ops') return v.opsPerSecRounds?.samples ?? null;
  return v.latencyRoundsMs?.[metric].samples ?? null;
}

function shareLogs(cell: CellResult, v: VariantResult, rawName: string, metric: CompareMetric): number[] | null {
  const raw = cell.variants.find((x) => x.variant === rawName);
  const mine = roundSamples(v, metric);
  const theirs = raw ? roundSamples(raw, metric) : null;
  if (!mine || !theirs) return null;
  // For latency this is the ORM's latency over raw's: lower is better, as for the latency itself.
  return logRatios(mine, theirs);
}

function absoluteLogs(v: VariantResult, metric: CompareMetric): number[] | null {
  const xs = roundSamples(v, metric);
  if (!xs || xs.length < 2 || xs.some((x) => !(x > 0))) return null;
  return xs.map(Math.log);
}

function central(v: VariantResult, metric: CompareMetric): number {
  return metric === 'ops' ? v.opsPerSec : (v.latencyRoundsMs?.[metric].mean ?? NaN);
}

function geoMean(logs: readonly number[] | null): number {
  if (!logs || logs.length === 0) return NaN;
  return Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
}
