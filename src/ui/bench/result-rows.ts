/**
 * The final results as rows of text: one model for the plain cli-table3 table, the Ink table and
 * the Markdown table, so they never disagree.
 */
import type { BenchmarkReport } from '../../core/bench/report.js';
import { compareWithPeers } from '../../core/bench/peer-comparison.js';
import { formatMs, formatOps, formatRatio, formatSpread, formatTimes, formatUs } from './format.js';

export const RESULT_HEADER = ['Workload', 'Conc', 'Variant', 'ops/s', '±95%', 'rows/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU µs', 'vs raw', 'Errors'] as const;

export function resultRows(report: BenchmarkReport): string[][] {
  const rows: string[][] = [];
  for (const cell of report.results) {
    for (const v of cell.variants) {
      const errors = v.errors + v.timeouts;
      rows.push([
        cell.workload,
        String(cell.concurrency),
        v.variant,
        formatOps(v.opsPerSec),
        formatSpread(v.opsPerSecRounds?.ci95, v.opsPerSecRounds?.mean),
        v.rowsPerSec === null ? '' : formatOps(v.rowsPerSec),
        formatMs(v.latencyMs?.p50),
        formatMs(v.latencyMs?.p95),
        formatMs(v.latencyMs?.p99),
        formatUs(v.cpuUsPerOp),
        formatRatio(cell.ratios[v.variant], cell.ratioCi95[v.variant]),
        errors === 0 ? '' : `${v.errors}${v.timeouts > 0 ? ` (+${v.timeouts} timeouts)` : ''}`,
      ]);
    }
  }
  return rows;
}

/** Warnings of one kind across results, grouped on one line each, so a noisy run stays readable. */
const GROUPED = ['high variance', 'too few samples', 'first-run effect'];

export function reportWarnings(report: BenchmarkReport): string[] {
  const out = [...report.warnings];
  const groups = new Map<string, string[]>();
  for (const cell of report.results) {
    for (const v of cell.variants) {
      for (const w of v.warnings) {
        const where = `${cell.workload} c=${cell.concurrency} ${v.variant}`;
        const kind = GROUPED.find((k) => w.startsWith(`${k}:`));
        if (kind === undefined) out.push(`${where}: ${w}`);
        else groups.set(kind, [...(groups.get(kind) ?? []), where]);
      }
    }
  }
  for (const kind of GROUPED) {
    const where = groups.get(kind);
    if (where) out.push(`${kind} (${HINTS[kind]}): ${where.join(', ')}`);
  }
  return out;
}

const HINTS: Record<string, string> = {
  'high variance': 'throughput varied more than ±10% between rounds; quieten the machine or raise --duration',
  'too few samples': 'under 100 operations or 5 rounds; raise --duration or --iterations',
  'first-run effect': 'round 1 was over 25% slower; raise --warmup',
};

/** With `--peers`: per cell, the fastest Oxen executor against the fastest peer (empty without peers). */
export function peerLines(report: BenchmarkReport): string[] {
  const rows = compareWithPeers(report);
  if (rows.length === 0) return [];
  return [
    'Fastest Oxen executor vs fastest peer (throughput ratio, 95% interval over paired rounds):',
    ...rows.map((r) => `  ${r.workload} c=${r.concurrency}: ${r.oxen} ${formatTimes(r.ratio, r.ci95)} ${r.peer}`),
  ];
}
