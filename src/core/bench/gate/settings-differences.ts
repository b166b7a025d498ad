/**
 * What makes two reports from separate runs measure different things. `compare` refuses such a
 * pair (exit 2) unless told to go ahead, because a "regression" between them would be the settings.
 */
import type { BenchmarkReport } from '../report.js';

export function settingsDifferences(base: BenchmarkReport, head: BenchmarkReport): string[] {
  const a = base.settings;
  const b = head.settings;
  const list = (xs: readonly (string | number)[]): string => [...xs].map(String).sort().join(',');
  const pairs: [string, unknown, unknown][] = [
    ['tool', base.tool, head.tool],
    ['dialect', base.environment.database?.dialect ?? 'none', head.environment.database?.dialect ?? 'none'],
    ['workloads', list(a.workloads), list(b.workloads)],
    ['concurrency', list(a.concurrency), list(b.concurrency)],
    ['mode', a.mode, b.mode],
    ['iterations', a.iterations, b.iterations],
    ['duration', a.durationSeconds, b.durationSeconds],
    ['rounds', a.rounds, b.rounds],
    ['variants (executors)', list(a.variants), list(b.variants)],
    ['dataset', JSON.stringify(base.environment.dataset), JSON.stringify(head.environment.dataset)],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([what, x, y]) => `${what}: ${String(x)} in base, ${String(y)} in head`);
}

/** Differences that do not change what was measured but weaken the comparison; shown as notes. */
export function environmentDifferences(base: BenchmarkReport, head: BenchmarkReport): string[] {
  const a = base.environment;
  const b = head.environment;
  const pairs: [string, unknown, unknown][] = [
    ['database server', a.database?.serverVersion, b.database?.serverVersion],
    ['CPU', `${a.cpu.model} × ${a.cpu.cores}`, `${b.cpu.model} × ${b.cpu.cores}`],
    ['Node.js', a.node, b.node],
    ['pool size', a.poolSize, b.poolSize],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([what, x, y]) => `${what} differs: ${String(x)} → ${String(y)}`);
}
