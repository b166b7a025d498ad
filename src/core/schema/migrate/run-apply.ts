/**
 * Running one migration's compiled operations on the run's pinned connection, in one of two ways:
 *  - transactional DDL (PostgreSQL, SQLite): the operations and the history change in ONE
 *    transaction, so a failure leaves neither. SQLite's foreign keys are switched off before BEGIN
 *    when an operation rebuilds a table (the pragma is ignored inside a transaction), and its
 *    per-connection settings are put back after the transaction, committed or not;
 *  - MySQL, whose DDL commits each statement at once: operation by operation, the history row
 *    recording how many are done after each, so a failure leaves a row saying where to resume.
 */
import { OxenError } from '../../ground/errors.js';
import type { PinnedConnection } from '../../executor/executor.js';
import { beginWriteLocked, type LockWait } from './migration-lock.js';
import type { CompiledOperation, RunContext } from './run-plan.js';

/** A migration that failed part-way: which operation, and what the database was left with. */
export class MigrationFailedError extends OxenError {
  readonly migration: string;
  /** 1-based, as messages count. */
  readonly operation: number;
  constructor(migration: string, operation: number, left: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(cause instanceof OxenError ? cause.code : 'QUERY_FAILED', `migration ${migration} failed at operation ${operation}: ${why} (${left})`, { cause });
    this.migration = migration;
    this.operation = operation;
  }
}

export interface TransactionalRun {
  /** SQLite only: inside the transaction, whether the history is still what the plan was made from. */
  readonly recheck?: () => Promise<boolean>;
  /** The history change, inside the transaction after the operations. */
  readonly finish: () => Promise<void>;
  readonly onOperation?: (op: CompiledOperation) => void;
}

/** False when `recheck` found the history changed while waiting (nothing ran; the caller plans again). */
export async function runInTransaction(conn: PinnedConnection, ctx: RunContext, wait: LockWait, name: string, ops: readonly CompiledOperation[], run: TransactionalRun): Promise<boolean> {
  const exec = (sql: string) => conn.execute({ sql, params: [] });
  const settings = ctx.adapter.migrationSettings;
  const foreignKeysOff = settings !== undefined && ops.some((op) => op.foreignKeysOff);
  let current: CompiledOperation | undefined;
  try {
    if (foreignKeysOff) await exec(settings.foreignKeysOff);
    const writeLock = ctx.adapter.migrationWriteLock;
    if (writeLock) await beginWriteLocked(conn, writeLock, wait);
    else await exec(ctx.adapter.transactions.begin);
    try {
      if (run.recheck && !(await run.recheck())) {
        await exec(ctx.adapter.transactions.rollback);
        return false;
      }
      for (const op of ops) {
        current = op;
        run.onOperation?.(op);
        await runOperation(conn, ctx, op);
      }
      current = undefined;
      await run.finish();
      await exec(ctx.adapter.transactions.commit);
      return true;
    } catch (error) {
      await exec(ctx.adapter.transactions.rollback).catch(() => {});
      if (current === undefined) throw error;
      throw new MigrationFailedError(name, current.index + 1, 'rolled back: nothing of it was applied', error);
    }
  } finally {
    if (settings !== undefined) {
      for (const sql of settings.reset) await exec(sql);
      if (foreignKeysOff) await exec(settings.foreignKeysOn);
    }
  }
}

export interface StepwiseRun {
  /** After each operation: record that `done` operations of the migration are now done. */
  readonly afterEach: (op: CompiledOperation) => Promise<void>;
  readonly finish: () => Promise<void>;
  readonly onOperation?: (op: CompiledOperation) => void;
  /** For the message: what the history row says after a failure at `op`. */
  readonly leftAfterFailure: (op: CompiledOperation) => string;
}

/** MySQL: no transaction can hold DDL, so each operation's completion is recorded as it happens. */
export async function runStepwise(conn: PinnedConnection, ctx: RunContext, name: string, ops: readonly CompiledOperation[], run: StepwiseRun): Promise<void> {
  for (const op of ops) {
    run.onOperation?.(op);
    try {
      await runOperation(conn, ctx, op);
    } catch (error) {
      throw new MigrationFailedError(name, op.index + 1, run.leftAfterFailure(op), error);
    }
    await run.afterEach(op);
  }
  await run.finish();
}

async function runOperation(conn: PinnedConnection, ctx: RunContext, op: CompiledOperation): Promise<void> {
  if (op.js !== undefined) {
    await op.js({ db: conn, dialect: ctx.name });
    return;
  }
  for (const sql of op.statements) await conn.execute({ sql, params: [] });
}
