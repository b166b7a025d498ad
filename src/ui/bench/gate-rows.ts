/** A gate result as rows of text, shared by the terminal table and the Markdown summary. */
import type { GateMetric, GateResult, GateRow, LatencyTriple } from '../../core/bench/gate/gate-result.js';
import { formatMs, formatOps, formatPercent } from './format.js';

export const GATE_HEADER = ['Workload', 'C', 'Variant', 'Base', 'Head', 'Change [95% CI]', 'Verdict'] as const;

export function formatMetric(metric: GateMetric, value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (metric === 'ops') return `${formatOps(value)}/s`;
  if (metric === 'share') return formatPercent(value);
  return `${formatMs(value)} ms`;
}

/** "−4.4% [−6.1, −2.7]" */
export function formatChange(row: GateRow): string {
  const j = row.judgement;
  if (!Number.isFinite(j.change)) return '–';
  const ci = Number.isFinite(j.low) ? ` [${bare(j.low)}, ${bare(j.high)}]` : '';
  return `${formatPercent(j.change, true)}${ci}`;
}

function bare(x: number): string {
  return (x * 100).toFixed(1);
}

export function verdictText(row: GateRow): string {
  return row.gated ? row.judgement.verdict : `${row.judgement.verdict} (not gated)`;
}

export function gateRows(g: GateResult): string[][] {
  return g.rows.map((r) => [r.workload, String(r.concurrency), r.metric === 'share' ? `${r.variant} ÷raw` : r.variant, formatMetric(r.metric, r.base), formatMetric(r.metric, r.head), formatChange(r), verdictText(r)]);
}

export function latencyLine(row: GateRow): string | undefined {
  if (!row.latency) return undefined;
  const side = (t: LatencyTriple | null, k: keyof LatencyTriple): string => (t ? formatMs(t[k]) : '–');
  const { base, head } = row.latency;
  return (['p50', 'p95', 'p99'] as const).map((k) => `${k} ${side(base, k)} → ${side(head, k)} ms`).join(', ');
}

/** What the reader must know below the table: failures first, then why cells were undecided. */
export function gateNotes(g: GateResult): string[] {
  const undecided = g.rows.filter((r) => r.gated && r.judgement.verdict === 'inconclusive' && r.judgement.reason).map((r) => `${r.workload} c=${r.concurrency} ${r.variant}: ${r.judgement.reason}`);
  return [...g.failures.map((f) => `FAILED: ${f}`), ...g.notes, ...undecided];
}

export function metricName(metric: GateMetric): string {
  if (metric === 'ops') return 'throughput';
  if (metric === 'share') return 'share of raw';
  return `${metric} latency`;
}

export function gateRule(g: GateResult): string {
  const floor = g.noiseFloor !== null ? `; absolute changes between runs count only past a noise floor of ${Math.round(g.noiseFloor * 100)}%` : '';
  const how =
    g.mode === 'compare'
      ? "of Yuen's trimmed-mean difference between the runs"
      : g.processPairs !== undefined
        ? `over ${g.processPairs} worker-process pairs, each pair's 20%-trimmed mean of its paired per-round ratios head/base one sample`
        : 'of 20%-trimmed paired per-round ratios head/base';
  return `Gate: ${metricName(g.metric)}, threshold ±${pctText(g.threshold)}, 95% intervals ${how}, Holm's correction over ${g.gatedCells} gated cells${floor}.`;
}

export function outcomeLine(g: GateResult): string {
  const t = pctText(g.threshold);
  switch (g.outcome) {
    case 'failed':
      return `Failed: ${g.failures.length} problem(s) kept cells from being compared (listed above); the gate fails rather than pass them silently`;
    case 'regression': {
      const slower = g.rows.filter((r) => r.gated && r.judgement.verdict === 'regression').map((r) => `${r.workload} c=${r.concurrency} ${r.variant}`);
      return `Regression: ${slower.join(', ')} — worse by more than ${t}, confirmed after correction`;
    }
    case 'inconclusive': {
      const n = g.rows.filter((r) => r.gated && r.judgement.verdict === 'inconclusive').length;
      const rerun = g.mode === 'ab' ? 'rerun just those cells with --undecided <this report> and more --processes or a longer --duration' : 'rerun with a longer --duration';
      return `Inconclusive: ${n} of ${g.gatedCells} cells could be neither cleared nor convicted at ±${t}; ${rerun}`;
    }
    default: {
      const count = (verdict: string): number => g.rows.filter((r) => r.gated && r.judgement.verdict === verdict).length;
      const faster = count('faster');
      const notSlower = count('not slower');
      if (faster + notSlower === 0) return `No change: every cell's 95% interval lies within ±${t}`;
      return `No regression: no cell's 95% interval reaches a slowdown of ${t} (${count('no change')} within ±${t}, ${faster} faster, ${notSlower} not slower)`;
    }
  }
}

function pctText(x: number): string {
  return `${+(x * 100).toFixed(1)}%`;
}
