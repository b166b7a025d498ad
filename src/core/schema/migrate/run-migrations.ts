/**
 * `migrate up`: the pending migrations, in name order, each against the state replayed from the
 * files before it, under the run's lock. The history is read again before each migration (on SQLite,
 * inside its transaction, which is where the lock is), so two runs started together apply each
 * migration once: the second finds it applied and moves on.
 *
 * Before anything runs: the files are checked against the history (run-plan.ts checkHistory: a
 * missing or edited applied file stops the run) and every pending operation is compiled, so a mistake
 * in the last file stops the run before the first statement.
 */
import { oxenVersion } from '../../bench/environment.js';
import type { SchemaState } from '../../dialect/schema-state.js';
import { UsageError } from '../../ground/errors.js';
import { readHistory, recordApplied, type History } from './history.js';
import type { AppliedMigration, MigrationFile } from './migration.js';
import { runInTransaction, runStepwise } from './run-apply.js';
import { describeOperations } from './describe-operation.js';
import { checkHistory, compileOperations, runsInTransaction, shownStatements, sortedFiles, stateAfter, statesBefore, type CompiledOperation, type RunContext } from './run-plan.js';
import { lockWait, peekHistory, runContext, sameHistory, withRunConnection, type PlannedMigration, type RunOptions } from './run-session.js';

export interface MigrateUpOptions extends RunOptions {
  /** Stop after this migration (it must be one of the files). */
  readonly to?: string;
}

export interface MigrationRun {
  readonly name: string;
  /** 0 unless a part-applied migration (MySQL) was resumed: the operations already done before. */
  readonly resumedAt: number;
  readonly durationMs: number;
  /** The SQL run (or, in a dry run, that would run), operation by operation. */
  readonly statements: readonly string[];
}

export interface MigrateResult {
  readonly migrations: readonly MigrationRun[];
  readonly dryRun: boolean;
}

interface Pending {
  readonly file: MigrationFile;
  /** Position in the sorted files, so states[index] is the state before it. */
  readonly index: number;
  /** Operations done already (a part-applied row), where this run starts. */
  readonly startAt: number;
  readonly partial: AppliedMigration | undefined;
}

export async function migrateUp(options: MigrateUpOptions): Promise<MigrateResult> {
  const ctx = runContext(options.dialect);
  const files = sortedFiles(options.files);
  if (options.to !== undefined && !files.some((f) => f.name === options.to)) {
    throw new UsageError('USAGE', `--to ${options.to}: no migration of that name (${files.length === 0 ? 'there are none' : `the last is ${files[files.length - 1]!.name}`})`);
  }
  // Replayed once the files are checked against the history, so a missing file is said as such.
  let replayed: SchemaState[] | undefined;
  const before = (index: number): SchemaState => (replayed ??= statesBefore(files))[index]!;
  const plan = (history: readonly AppliedMigration[]): Pending[] => {
    checkHistory(files, history, options.allowEdited === true);
    return pendingOf(files, history, options.to);
  };
  const compile = (p: Pending): CompiledOperation[] => compileOperations(ctx, p.file.name, p.file.operations, before(p.index), p.startAt);

  if (options.dryRun === true) {
    const history = await peekHistory({ db: options.executor, dialect: options.dialect, table: options.historyTable ?? 'oxen_migrations' }, ctx);
    const migrations = plan(history).map((p) => ({ name: p.file.name, resumedAt: p.startAt, durationMs: 0, statements: compile(p).flatMap(shownStatements) }));
    return { migrations, dryRun: true };
  }

  return withRunConnection(options, ctx, async (conn, h) => {
    // Everything pending compiles before the first statement runs.
    const pending = plan(await readHistory(h));
    pending.forEach(compile);
    options.onProgress?.({ kind: 'plan', direction: 'up', migrations: pending.map((p) => planned(p, before(p.index))) });
    const done: MigrationRun[] = [];
    for (;;) {
      const history = await readHistory(h);
      const next = plan(history)[0];
      if (next === undefined) break;
      const ops = compile(next);
      options.onProgress?.({ kind: 'migration', direction: 'up', name: next.file.name, operations: next.file.operations.length });
      const start = performance.now();
      const row = (operationsDone: number | null): AppliedMigration => ({
        name: next.file.name,
        checksum: next.file.checksum,
        appliedAt: new Date(),
        durationMs: performance.now() - start,
        oxenVersion: oxenVersion(),
        operationsDone,
      });
      const onOperation = (op: CompiledOperation) => options.onProgress?.({ kind: 'operation', name: next.file.name, index: op.index, op: next.file.operations[op.index]!.op });
      if (runsInTransaction(ctx, next.file)) {
        const ran = await runInTransaction(conn, ctx, lockWait(options), next.file.name, ops, {
          ...(ctx.adapter.migrationWriteLock ? { recheck: async () => sameHistory(await readHistory(h), history) } : {}),
          finish: () => recordApplied(h, row(null), next.partial !== undefined),
          onOperation,
        });
        // Another run applied something while this one waited for the write lock: plan again.
        if (!ran) continue;
      } else {
        await runMySqlStyle(conn, ctx, h, next, ops, row, onOperation);
      }
      const durationMs = performance.now() - start;
      options.onProgress?.({ kind: 'done', name: next.file.name, durationMs });
      done.push({ name: next.file.name, resumedAt: next.startAt, durationMs, statements: ops.flatMap(shownStatements) });
      if (next.file.name === options.to) break;
    }
    return { migrations: done, dryRun: false };
  });
}

/**
 * MySQL (and a PostgreSQL migration with `atomic: false`): each operation's completion recorded as it
 * commits; the row is complete (NULL) at the end.
 */
async function runMySqlStyle(
  conn: Parameters<typeof runStepwise>[0],
  ctx: RunContext,
  h: History,
  next: Pending,
  ops: readonly CompiledOperation[],
  row: (operationsDone: number | null) => AppliedMigration,
  onOperation: (op: CompiledOperation) => void,
): Promise<void> {
  let exists = next.partial !== undefined;
  const write = async (operationsDone: number | null) => {
    await recordApplied(h, row(operationsDone), exists);
    exists = true;
  };
  const total = next.file.operations.length;
  await runStepwise(conn, ctx, next.file.name, ops, {
    afterEach: (op) => (op.index + 1 < total ? write(op.index + 1) : Promise.resolve()),
    finish: () => write(null),
    onOperation,
    leftAfterFailure: (op) =>
      op.index === 0 && !exists ? 'nothing of it was applied' : `its first ${op.index} operation(s) are applied and recorded; fix the failing one and run up again to resume from it`,
  });
}

/** What the plan shows of a pending migration: the operations this run will do (a resumed one's rest). */
function planned(p: Pending, before: SchemaState): PlannedMigration {
  const from = stateAfter(before, p.file.operations, p.startAt, p.file.name);
  return { name: p.file.name, lines: describeOperations(p.file.operations.slice(p.startAt), from), from: p.startAt };
}

/** The files not applied, in order, up to `to`; a part-applied row (MySQL) resumes where it stopped. */
function pendingOf(files: readonly MigrationFile[], history: readonly AppliedMigration[], to: string | undefined): Pending[] {
  const rows = new Map(history.map((r) => [r.name, r]));
  const out: Pending[] = [];
  for (const [index, file] of files.entries()) {
    const row = rows.get(file.name);
    if (row === undefined || row.operationsDone !== null) out.push({ file, index, startAt: row?.operationsDone ?? 0, partial: row });
    if (file.name === to) break;
  }
  return out;
}
