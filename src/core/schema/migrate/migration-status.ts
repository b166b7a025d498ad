/**
 * `migrate status`: each migration file against the history table, and the drift check. Read-only:
 * no lock is taken and the history table is not created (a database never migrated has every file
 * pending).
 *
 * Drift compares the state the applied migrations replay to (a part-applied one, MySQL, up to the
 * operations its row says are done) with the database read back by its introspector. Every table of
 * the database counts, not only those the migrations name: a table made by hand is drift as much as a
 * column made by hand. The history table is the runner's own and is left out. When an applied
 * migration's file is missing the replay cannot describe the database, so drift is not checked (the
 * missing file is reported instead).
 */
import type { Dialect } from '../../dialect/dialect.js';
import type { InspectWarning } from '../../dialect/introspector.js';
import type { Executor } from '../../executor/executor.js';
import { UsageError } from '../../ground/errors.js';
import { diffStates } from '../diff/diff-states.js';
import type { SchemaDifference } from '../diff/schema-difference.js';
import { inspectWith } from '../inspect/inspect-url.js';
import { DEFAULT_HISTORY_TABLE } from './history.js';
import type { AppliedMigration, MigrationFile } from './migration.js';
import { replayMigrations } from './migration-files.js';
import { sortedFiles } from './run-plan.js';
import { peekHistory, runContext } from './run-session.js';

export type MigrationState = 'applied' | 'pending' | 'edited' | 'partial' | 'missing';

export interface MigrationStatusEntry {
  readonly name: string;
  readonly state: MigrationState;
  /** From the history row (applied, edited, partial, missing). */
  readonly appliedAt?: Date;
  readonly durationMs?: number;
  /** edited: the checksum recorded when it was applied, and the file's now. */
  readonly checksumApplied?: string;
  readonly checksumNow?: string;
  /** partial (MySQL): operations done of the file's operations; the next is where `up` resumes. */
  readonly operationsDone?: number;
  readonly operations?: number;
  /** partial: the operation `up` resumes at (1-based) and its kind, when the file is there. */
  readonly nextOperation?: { readonly index: number; readonly op: string };
}

export interface MigrationStatus {
  readonly historyTable: string;
  /** Files and history rows merged, in name order (the order migrations run in). */
  readonly migrations: readonly MigrationStatusEntry[];
  /** The database against the state the applied migrations replay to; empty when `driftChecked` is false. */
  readonly drift: readonly SchemaDifference[];
  readonly driftChecked: boolean;
  /** Why drift was not checked. */
  readonly driftSkipped?: string;
  /** What the database side could not represent: a difference there would not show. */
  readonly warnings: readonly InspectWarning[];
  readonly counts: Readonly<Record<MigrationState, number>>;
  /** Anything `--check` fails on: pending, edited, partial, missing, or drift. */
  readonly problems: number;
}

export interface MigrationStatusOptions {
  readonly executor: Executor;
  readonly dialect: Dialect;
  readonly files: readonly MigrationFile[];
  /** Default `oxen_migrations`. */
  readonly historyTable?: string;
  /** Skip reading the database's schema (status of the files only). */
  readonly skipDrift?: boolean;
}

export async function migrationStatus(options: MigrationStatusOptions): Promise<MigrationStatus> {
  const ctx = runContext(options.dialect);
  const table = options.historyTable ?? DEFAULT_HISTORY_TABLE;
  const files = sortedFiles(options.files);
  const history = await peekHistory({ db: options.executor, dialect: options.dialect, table }, ctx);
  const migrations = entriesOf(files, history);

  let drift: SchemaDifference[] = [];
  let driftSkipped: string | undefined;
  let warnings: readonly InspectWarning[] = [];
  const missing = migrations.filter((m) => m.state === 'missing');
  if (options.skipDrift === true) driftSkipped = 'not asked for';
  else if (missing.length > 0) driftSkipped = `the file of applied migration ${missing[0]!.name} is missing, so the migrations cannot describe this database`;
  else {
    const expected = appliedState(files, history);
    const inspection = await inspectWith(options.executor, options.dialect.name, {});
    const actual = { ...inspection.state, tables: inspection.state.tables.filter((t) => t.name !== table) };
    drift = diffStates(expected, actual, options.dialect.name);
    warnings = inspection.warnings.filter((w) => w.object !== table && !w.object.startsWith(`${table}.`));
  }

  const counts: Record<MigrationState, number> = { applied: 0, pending: 0, edited: 0, partial: 0, missing: 0 };
  for (const m of migrations) counts[m.state] += 1;
  return {
    historyTable: table,
    migrations,
    drift,
    driftChecked: driftSkipped === undefined,
    ...(driftSkipped !== undefined ? { driftSkipped } : {}),
    warnings,
    counts,
    problems: migrations.length - counts.applied + drift.length,
  };
}

function entriesOf(files: readonly MigrationFile[], history: readonly AppliedMigration[]): MigrationStatusEntry[] {
  const rows = new Map(history.map((r) => [r.name, r]));
  const out: MigrationStatusEntry[] = files.map((file) => {
    const row = rows.get(file.name);
    if (row === undefined) return { name: file.name, state: 'pending' };
    const applied = { name: file.name, appliedAt: row.appliedAt, durationMs: row.durationMs };
    if (row.operationsDone !== null) {
      const op = file.operations[row.operationsDone];
      return {
        ...applied,
        state: 'partial',
        operationsDone: row.operationsDone,
        operations: file.operations.length,
        ...(op !== undefined ? { nextOperation: { index: row.operationsDone + 1, op: op.op } } : {}),
      };
    }
    if (row.checksum !== file.checksum) return { ...applied, state: 'edited', checksumApplied: row.checksum, checksumNow: file.checksum };
    return { ...applied, state: 'applied' };
  });
  const known = new Set(files.map((f) => f.name));
  for (const row of history) {
    if (!known.has(row.name)) out.push({ name: row.name, state: 'missing', appliedAt: row.appliedAt, durationMs: row.durationMs });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The state the database should have: the applied files' operations in order (a pending file that
 * sorts between them left out: it did not run), a part-applied one's up to its row's count. An edited
 * file is replayed as it is now: where the edit changed the schema, that shows as drift too.
 */
function appliedState(files: readonly MigrationFile[], history: readonly AppliedMigration[]) {
  const rows = new Map(history.map((r) => [r.name, r]));
  const applied = files.flatMap((f) => {
    const row = rows.get(f.name);
    if (row === undefined) return [];
    return [row.operationsDone === null ? f : { ...f, operations: f.operations.slice(0, row.operationsDone) }];
  });
  try {
    return replayMigrations(applied);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.code, `cannot replay the applied migrations: ${error.message}`, { cause: error });
    throw error;
  }
}
