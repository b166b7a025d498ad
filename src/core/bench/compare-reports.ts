/**
 * Compares two reports cell by cell (workload × concurrency × variant) and decides the gate. Only
 * the ORM's variants gate: `raw` measures the driver and the machine, and is shown for context.
 */
import type { BenchmarkReport, SampleSeries, VariantResult } from './report.js';
import { decide, type Decision } from './verdict.js';

export const COMPARE_METRICS = ['ops', 'p50', 'p95', 'p99'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

export interface MetricDelta extends Decision {
  readonly metric: CompareMetric;
  /** Mean over rounds: ops/s for `ops`, milliseconds for the percentiles. */
  readonly base: number;
  readonly head: number;
}

export interface ComparisonRow {
  readonly workload: string;
  readonly concurrency: number;
  readonly variant: string;
  readonly gated: boolean;
  readonly metrics: readonly MetricDelta[];
}

export interface Comparison {
  readonly threshold: number;
  readonly metric: CompareMetric;
  readonly rows: readonly ComparisonRow[];
  /** Results found in only one of the reports, one line per side. */
  readonly unmatched: readonly string[];
  /** Differences between the two environments that make the comparison weaker. */
  readonly notes: readonly string[];
  readonly outcome: 'pass' | 'regression' | 'inconclusive';
}

export interface CompareOptions {
  /** Relative: 0.1 = 10%. */
  readonly threshold: number;
  readonly metric: CompareMetric;
}

export function compareReports(base: BenchmarkReport, head: BenchmarkReport, options: CompareOptions): Comparison {
  const baseCells = indexVariants(base);
  const headCells = indexVariants(head);
  const rows: ComparisonRow[] = [];
  const onlyHead: string[] = [];
  const onlyBase: string[] = [];
  for (const [key, h] of headCells) {
    const b = baseCells.get(key);
    if (!b) {
      onlyHead.push(key);
      continue;
    }
    const metrics = COMPARE_METRICS.flatMap((m) => {
      const bs = seriesOf(b.variant, m);
      const hs = seriesOf(h.variant, m);
      if (!bs || !hs) return [];
      return [{ metric: m, base: bs.mean, head: hs.mean, ...decide(bs.samples, hs.samples, m === 'ops', options.threshold) }];
    });
    rows.push({ workload: h.workload, concurrency: h.concurrency, variant: h.variant.variant, gated: h.variant.variant !== 'raw', metrics });
  }
  for (const key of baseCells.keys()) if (!headCells.has(key)) onlyBase.push(key);
  const unmatched = [...(onlyBase.length ? [`only in base: ${onlyBase.join(', ')}`] : []), ...(onlyHead.length ? [`only in head: ${onlyHead.join(', ')}`] : [])];

  const gateVerdicts = rows.filter((r) => r.gated).map((r) => r.metrics.find((m) => m.metric === options.metric)?.verdict ?? 'inconclusive');
  const outcome = gateVerdicts.includes('slower') ? 'regression' : gateVerdicts.includes('inconclusive') ? 'inconclusive' : 'pass';
  return { threshold: options.threshold, metric: options.metric, rows, unmatched, notes: environmentNotes(base, head), outcome };
}

interface Located {
  readonly workload: string;
  readonly concurrency: number;
  readonly variant: VariantResult;
}

function indexVariants(report: BenchmarkReport): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const cell of report.results) {
    for (const variant of cell.variants) {
      out.set(`${cell.workload} c=${cell.concurrency} ${variant.variant}`, { workload: cell.workload, concurrency: cell.concurrency, variant });
    }
  }
  return out;
}

function seriesOf(v: VariantResult, metric: CompareMetric): SampleSeries | null {
  if (metric === 'ops') return v.opsPerSecRounds;
  return v.latencyRoundsMs?.[metric] ?? null;
}

function environmentNotes(base: BenchmarkReport, head: BenchmarkReport): string[] {
  const a = base.environment;
  const b = head.environment;
  const pairs: [string, unknown, unknown][] = [
    ['database', a.database?.dialect, b.database?.dialect],
    ['database server', a.database?.serverVersion, b.database?.serverVersion],
    ['CPU', `${a.cpu.model} × ${a.cpu.cores}`, `${b.cpu.model} × ${b.cpu.cores}`],
    ['Node.js', a.node, b.node],
    ['pool size', a.poolSize, b.poolSize],
    ['dataset', JSON.stringify(a.dataset), JSON.stringify(b.dataset)],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([what, x, y]) => `${what} differs: ${String(x)} → ${String(y)}`);
}
