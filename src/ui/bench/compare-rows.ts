/** A comparison as rows of text, shared by the plain, Markdown and JSON-less renderings. */
import type { Comparison, CompareMetric, MetricDelta } from '../../core/bench/compare-reports.js';
import { formatMs, formatOps, formatPercent } from './format.js';

export const COMPARE_HEADER = ['Workload', 'Conc', 'Variant', 'Base', 'Head', 'ops/s', 'p50', 'p95', 'p99', 'Verdict'] as const;

export function formatDelta(d: MetricDelta | undefined): string {
  if (!d) return '–';
  return `${formatPercent(d.change, true)} ${d.verdict}`;
}

export function formatMetricValue(metric: CompareMetric, value: number): string {
  return metric === 'ops' ? `${formatOps(value)} ops/s` : `${formatMs(value)} ms`;
}

export function compareRows(c: Comparison): string[][] {
  return c.rows.map((row) => {
    const by = (m: CompareMetric): MetricDelta | undefined => row.metrics.find((d) => d.metric === m);
    const gate = by(c.metric);
    return [
      row.workload,
      String(row.concurrency),
      row.variant,
      gate ? formatMetricValue(c.metric, gate.base) : '–',
      gate ? formatMetricValue(c.metric, gate.head) : '–',
      formatDelta(by('ops')),
      formatDelta(by('p50')),
      formatDelta(by('p95')),
      formatDelta(by('p99')),
      row.gated ? (gate?.verdict ?? 'inconclusive') : `${gate?.verdict ?? '–'} (not gated)`,
    ];
  });
}

export function outcomeLine(c: Comparison): string {
  const pct = `${Math.round(c.threshold * 100)}%`;
  const metric = c.metric === 'ops' ? 'throughput' : `${c.metric} latency`;
  if (c.outcome === 'regression') {
    const slower = c.rows.filter((r) => r.gated && r.metrics.find((m) => m.metric === c.metric)?.verdict === 'slower');
    return `Regression: ${slower.map((r) => `${r.workload} c=${r.concurrency} ${r.variant}`).join(', ')} slower in ${metric} by more than ${pct}`;
  }
  if (c.outcome === 'inconclusive') return `Inconclusive: a ${metric} change past ${pct} could be neither confirmed nor ruled out (too noisy or too few samples); run longer (--duration) or on a quieter machine`;
  return `No regression in ${metric} past ${pct}`;
}

/** Why each inconclusive gated row could not be decided. */
export function inconclusiveReasons(c: Comparison): string[] {
  return c.rows.flatMap((r) => {
    const d = r.metrics.find((m) => m.metric === c.metric);
    return r.gated && d?.verdict === 'inconclusive' && d.reason ? [`${r.workload} c=${r.concurrency} ${r.variant}: ${d.reason}`] : [];
  });
}
