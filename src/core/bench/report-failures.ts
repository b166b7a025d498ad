/** What went wrong in a finished run: results with failed or timed-out operations, and skipped workloads. */
import type { BenchmarkReport } from './report.js';

export function reportFailures(report: BenchmarkReport): string[] {
  const failed = report.results.flatMap((c) =>
    c.variants.filter((v) => v.errors + v.timeouts > 0).map((v) => `${c.workload} c=${c.concurrency} ${v.variant}: ${v.errors + v.timeouts} failed`),
  );
  return [...failed, ...report.warnings.filter((w) => w.includes(' skipped: '))];
}
