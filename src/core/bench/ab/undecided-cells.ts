/**
 * `ab --undecided FILE`: the cells an earlier `ab` report left inconclusive, to be measured again
 * (longer, or with more process pairs) instead of the whole grid. On a noisy machine most cells of
 * a long run are decided and a few are not; rerunning those few costs a fraction of a longer run.
 *
 * A report that convicted a cell is refused: rerunning a regression until it passes would make the
 * gate worthless. The earlier verdicts are recomputed with this run's threshold and metric, since a
 * report does not record the ones it was judged with.
 */
import type { DialectName, ExecutorKind } from '../../ground/values.js';
import { UsageError } from '../../ground/errors.js';
import { EXECUTOR_KINDS } from '../../config/oxen-config.js';
import { abGate } from '../gate/ab-gate.js';
import type { GateMetric } from '../gate/gate-result.js';
import type { BenchmarkReport, BuildSummary } from '../report.js';
import { WORKLOAD_NAMES } from '../workloads/index.js';

/** One (workload, concurrency) cell to run, with the executors whose rows are to be measured in it. */
export interface PlannedCell {
  readonly workload: string;
  readonly concurrency: number;
  readonly executors: readonly ExecutorKind[];
}

export interface EarlierRun {
  readonly path: string;
  readonly builds: { readonly base: BuildSummary; readonly head: BuildSummary };
  /** Gated rows of the earlier report that it decided (not rerun). */
  readonly decided: number;
  /** Its undecided rows, the ones rerun. */
  readonly undecided: number;
}

export interface UndecidedPlan {
  readonly cells: readonly PlannedCell[];
  readonly earlier: EarlierRun;
}

export function undecidedCells(
  path: string,
  report: BenchmarkReport,
  judge: { readonly metric: Exclude<GateMetric, 'share'>; readonly threshold: number },
  dialect: DialectName,
  benchFiles: boolean,
): UndecidedPlan {
  if (report.tool !== 'oxen benchmark ab' || !report.builds || report.http) {
    throw new UsageError('USAGE', `${path} is not a report of oxen benchmark ab over workloads or bench files: give the report an ab run wrote`);
  }
  const foreign = report.results.find((c) => !WORKLOAD_NAMES.includes(c.workload));
  if (foreign && !benchFiles) throw new UsageError('USAGE', `${path} gated bench files (${foreign.workload}): give the same bench files with --undecided`);
  if (!foreign && benchFiles) throw new UsageError('USAGE', `${path} gated the built-in workloads: give --undecided without bench files`);
  const measuredOn = report.environment.database?.dialect;
  if (measuredOn !== dialect) {
    throw new UsageError('USAGE', `${path} was measured on ${measuredOn ?? 'an unknown database'}, this run is on ${dialect}: give the --url it ran on`);
  }
  const side = (label: 'base' | 'head') => ({ label, commit: report.builds![label].commit, dirty: report.builds![label].dirty });
  const gate = abGate(report.results, { ...judge, base: side('base'), head: side('head'), failures: [], notes: [] });
  const convicted = gate.rows.filter((r) => r.judgement.verdict === 'regression');
  if (convicted.length > 0) {
    const names = convicted.map((r) => `${r.workload} c=${r.concurrency} ${r.variant}`).join(', ');
    throw new UsageError('USAGE', `${path} convicted ${convicted.length} cell(s) (${names}) at ±${pct(judge.threshold)}: a rerun does not overturn a regression`);
  }
  const undecided = gate.rows.filter((r) => r.judgement.verdict === 'inconclusive');
  if (undecided.length === 0) {
    throw new UsageError('USAGE', `${path} decided every cell at ±${pct(judge.threshold)}: nothing to rerun`);
  }
  // Grouped by cell in the report's order (a Map keeps insertion order).
  const byCell = new Map<string, { workload: string; concurrency: number; executors: ExecutorKind[] }>();
  for (const row of undecided) {
    const executor = EXECUTOR_KINDS.find((k) => k === row.variant);
    if (!executor) throw new UsageError('USAGE', `${path} names an unknown executor "${row.variant}"`);
    const key = `${row.workload} ${row.concurrency}`;
    const cell = byCell.get(key) ?? { workload: row.workload, concurrency: row.concurrency, executors: [] };
    cell.executors.push(executor);
    byCell.set(key, cell);
  }
  const cells: PlannedCell[] = [...byCell.values()];
  return { cells, earlier: { path, builds: report.builds, decided: gate.rows.length - undecided.length, undecided: undecided.length } };
}

/** Says which earlier run's cells this one reran, and whether it measured the same builds. */
export function earlierRunNote(earlier: EarlierRun, now: { readonly base: BuildSummary; readonly head: BuildSummary }): string {
  const what = `reran the ${earlier.undecided} undecided cell(s) of ${earlier.path}, which decided ${earlier.decided}`;
  const differ = (['base', 'head'] as const).filter((label) => !sameBuild(earlier.builds[label], now[label]));
  if (differ.length === 0) return `${what}; it measured the same builds (commits, no uncommitted changes)`;
  const described = differ.map((label) => `${label} ${describe(earlier.builds[label])} then, ${describe(now[label])} now`).join('; ');
  return `${what}; it measured other builds or could not tell (${described}): its decided cells speak for those`;
}

function sameBuild(a: BuildSummary, b: BuildSummary): boolean {
  return a.commit !== null && a.commit === b.commit && a.dirty === false && b.dirty === false;
}

function describe(b: BuildSummary): string {
  if (b.commit === null) return 'an unknown commit';
  return `${b.commit.slice(0, 7)}${b.dirty ? ' with uncommitted changes' : ''}`;
}

function pct(x: number): string {
  return `${+(x * 100).toFixed(2)}%`;
}
