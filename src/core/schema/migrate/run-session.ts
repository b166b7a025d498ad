/**
 * What `up` and `down` share around their work: the options every run takes, the dialect's pieces,
 * and the run's one pinned connection, holding the migration lock (where the database has one) from
 * before the history is read until the last migration is recorded, released on failure too.
 */
import { ddlFor, dialects } from '../../dialect/dialects.js';
import type { Dialect } from '../../dialect/dialect.js';
import type { Executor, PinnedConnection } from '../../executor/executor.js';
import { DEFAULT_HISTORY_TABLE, ensureHistory, historyExists, readHistory, type History } from './history.js';
import type { AppliedMigration, MigrationFile } from './migration.js';
import { acquireSessionLock, DEFAULT_LOCK_TIMEOUT_S, lockKey, releaseSessionLock, beginWriteLocked, type LockWait } from './migration-lock.js';
import type { RunContext } from './run-plan.js';
import { UsageError } from '../../ground/errors.js';
import { redactUrl } from '../../ground/redact.js';

/** A migration a run is about to apply or revert, with one line per operation (describe-operation.ts). */
export interface PlannedMigration {
  readonly name: string;
  readonly lines: readonly string[];
  /** The index of the operation lines[0] describes: where a part-applied migration (MySQL) resumes. */
  readonly from: number;
}

export type MigrateProgress =
  | { readonly kind: 'waitingForLock' }
  /** Once the lock is held and the history read: everything this run will do, in order. */
  | { readonly kind: 'plan'; readonly direction: 'up' | 'down'; readonly migrations: readonly PlannedMigration[] }
  | { readonly kind: 'migration'; readonly direction: 'up' | 'down'; readonly name: string; readonly operations: number }
  | { readonly kind: 'operation'; readonly name: string; readonly index: number; readonly op: string }
  | { readonly kind: 'done'; readonly name: string; readonly durationMs: number };

export interface RunOptions {
  readonly executor: Executor;
  readonly dialect: Dialect;
  readonly files: readonly MigrationFile[];
  /** Print the SQL instead: nothing runs, no lock is taken, the history table is not created. */
  readonly dryRun?: boolean;
  /** Seconds to wait for another run's lock. Default 60. */
  readonly lockTimeoutS?: number;
  /** Default `oxen_migrations`. */
  readonly historyTable?: string;
  /** The database's URL, for messages (shown redacted). */
  readonly url?: string;
  /** Run even though an applied migration's file was edited since (see checkHistory). */
  readonly allowEdited?: boolean;
  readonly onProgress?: (event: MigrateProgress) => void;
}

export function runContext(dialect: Dialect): RunContext {
  return { dialect, name: dialect.name, ddl: ddlFor(dialect), adapter: dialects[dialect.name].adapter };
}

export function lockWait(options: RunOptions): LockWait {
  return {
    lockTimeoutS: options.lockTimeoutS ?? DEFAULT_LOCK_TIMEOUT_S,
    ...(options.url !== undefined ? { url: options.url } : {}),
    onWait: () => options.onProgress?.({ kind: 'waitingForLock' }),
  };
}

export function historyOn(db: History['db'], options: RunOptions): History {
  return { db, dialect: options.dialect, table: options.historyTable ?? DEFAULT_HISTORY_TABLE };
}

/** The history without creating the table (dry runs): none when it does not exist yet. */
export async function peekHistory(h: History, ctx: RunContext): Promise<AppliedMigration[]> {
  return (await historyExists(h, ctx.ddl)) ? readHistory(h) : [];
}

/**
 * Runs `work` on a pinned connection holding the migration lock, the history table created. On
 * SQLite the lock is each transaction's (see migration-lock.ts); the table is created in one.
 */
export async function withRunConnection<T>(options: RunOptions, ctx: RunContext, work: (conn: PinnedConnection, h: History) => Promise<T>): Promise<T> {
  const lock = ctx.adapter.migrationLock;
  if (lock && options.executor.behindPgbouncer) throw migrationLockBehindPgbouncer(options);
  const conn = await options.executor.acquire();
  const h = historyOn(conn, options);
  const key = lockKey(h.table);
  let broken = false;
  try {
    if (lock) {
      await acquireSessionLock(conn, lock, key, lockWait(options));
      try {
        await ensureHistory(h, ctx.ddl);
        return await work(conn, h);
      } finally {
        // A lock that cannot be released is released by closing its connection.
        await releaseSessionLock(conn, lock, key).catch(() => {
          broken = true;
        });
      }
    }
    await ensureHistoryLocked(conn, h, ctx, options);
    return await work(conn, h);
  } finally {
    conn.release(broken);
  }
}

async function ensureHistoryLocked(conn: PinnedConnection, h: History, ctx: RunContext, options: RunOptions): Promise<void> {
  const writeLock = ctx.adapter.migrationWriteLock;
  if (!writeLock) {
    await ensureHistory(h, ctx.ddl);
    return;
  }
  if (await historyExists(h, ctx.ddl)) return;
  await beginWriteLocked(conn, writeLock, lockWait(options));
  try {
    await ensureHistory(h, ctx.ddl);
    await conn.execute({ sql: ctx.adapter.transactions.commit, params: [] });
  } catch (error) {
    await conn.execute({ sql: ctx.adapter.transactions.rollback, params: [] }).catch(() => {});
    throw error;
  }
}

/** Same rows, same progress: what the SQLite runner checks inside its transaction before it runs anything. */
export function sameHistory(a: readonly AppliedMigration[], b: readonly AppliedMigration[]): boolean {
  return a.length === b.length && a.every((r, i) => r.name === b[i]!.name && r.operationsDone === b[i]!.operationsDone);
}

/**
 * The migration lock is a session-level advisory lock, held across the run's transactions; PgBouncer
 * in transaction mode gives each transaction whichever server connection is free, so the lock would
 * be taken on one and released (or never) on another.
 */
function migrationLockBehindPgbouncer(options: RunOptions): UsageError {
  const where = options.url === undefined ? '' : ` (${redactUrl(options.url)})`;
  return new UsageError('USAGE', `migrate cannot run through PgBouncer in transaction mode${where}: its lock is a session-level advisory lock, which PgBouncer does not keep; use a direct URL to PostgreSQL`);
}
