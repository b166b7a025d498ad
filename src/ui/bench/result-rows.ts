/**
 * The final results as rows of text: one model for the plain cli-table3 table, the Ink table and
 * the Markdown table, so they never disagree.
 */
import type { BenchmarkReport } from '../../core/bench/report.js';
import { formatMs, formatOps, formatPercent, formatSpread, formatUs } from './format.js';

export const RESULT_HEADER = ['Workload', 'Conc', 'Variant', 'ops/s', '±95%', 'rows/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU µs/op', 'vs raw', 'Errors'] as const;

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
        cell.ratios[v.variant] === undefined ? '' : formatPercent(cell.ratios[v.variant]),
        errors === 0 ? '' : `${v.errors}${v.timeouts > 0 ? ` (+${v.timeouts} timeouts)` : ''}`,
      ]);
    }
  }
  return rows;
}

/** Every warning once, prefixed with where it applies. */
export function reportWarnings(report: BenchmarkReport): string[] {
  const out = [...report.warnings];
  for (const cell of report.results) {
    for (const v of cell.variants) for (const w of v.warnings) out.push(`${cell.workload} c=${cell.concurrency} ${v.variant}: ${w}`);
  }
  return out;
}
