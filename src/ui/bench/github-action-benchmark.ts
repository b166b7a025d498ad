/**
 * A report in the custom JSON of github-action-benchmark (tool: customBiggerIsBetter): one entry
 * per workload, concurrency and variant, valued in ops/s with the 95% interval as its range.
 */
import type { BenchmarkReport } from '../../core/bench/report.js';
import { formatMs } from './format.js';

export interface ActionBenchmarkEntry {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly range?: string;
  readonly extra?: string;
}

export function toActionBenchmark(report: BenchmarkReport): ActionBenchmarkEntry[] {
  const dialect = report.environment.database?.dialect;
  return report.results.flatMap((cell) =>
    cell.variants.map((v) => {
      const ci = v.opsPerSecRounds?.ci95;
      const entry: ActionBenchmarkEntry = {
        name: `${dialect ? `${dialect} ` : ''}${cell.workload} c=${cell.concurrency} [${v.variant}]`,
        unit: 'ops/s',
        value: Math.round(v.opsPerSec * 100) / 100,
        ...(ci && v.opsPerSecRounds ? { range: `± ${(Math.round((ci[1] - v.opsPerSecRounds.mean) * 100) / 100).toString()}` } : {}),
        extra: `p50 ${formatMs(v.latencyMs?.p50)} ms, p99 ${formatMs(v.latencyMs?.p99)} ms, ${v.ops} ops, ${v.errors} errors`,
      };
      return entry;
    }),
  );
}
