/**
 * The lock a migration run holds, so two deployers never migrate one database at once.
 *  - PostgreSQL, MySQL: a session lock (advisory lock, GET_LOCK) taken on the run's pinned connection
 *    for the whole run, and released at its end, failed or not (closing the connection would too).
 *  - SQLite: no session lock; each migration's transaction takes the write lock as it begins
 *    (BEGIN IMMEDIATE), so the runner re-reads the history inside it.
 * Both are tried without waiting and retried until the lock timeout, so the wait is the runner's: it
 * can say who it waits for, and it never blocks the process (better-sqlite3 waits synchronously).
 */
import type { SessionLock, WriteLock } from '../../dialect/adapter.js';
import type { Queryable } from '../../executor/executor.js';
import { ConnectionError } from '../../ground/errors.js';
import { redactUrl } from '../../ground/redact.js';

export const DEFAULT_LOCK_TIMEOUT_S = 60;
const RETRY_MS = 100;

export interface LockWait {
  readonly lockTimeoutS: number;
  /** The database, for the message (redacted here). */
  readonly url?: string;
  /** Called once, when the lock is found taken and the runner starts waiting. */
  readonly onWait?: () => void;
}

/** The session lock's key: one per history table, so separate histories in one database do not exclude each other. */
export function lockKey(historyTable: string): string {
  return `oxen migrate ${historyTable}`;
}

export async function acquireSessionLock(db: Queryable, lock: SessionLock, key: string, wait: LockWait): Promise<void> {
  await retryUntil(wait, async () => {
    const row = (await db.query(lock.tryAcquire(key))).rows[0];
    // PostgreSQL: true/false; MySQL: 1/0 (NULL on an error, which counts as not taken).
    return row !== undefined && (row[0] === true || Number(row[0]) === 1);
  });
}

export async function releaseSessionLock(db: Queryable, lock: SessionLock, key: string): Promise<void> {
  await db.query(lock.release(key));
}

/**
 * Begins a transaction holding SQLite's write lock, retrying while another connection writes. The
 * driver's busy wait is off meanwhile (restored after), so each try fails at once.
 */
export async function beginWriteLocked(db: Queryable, lock: WriteLock, wait: LockWait): Promise<void> {
  const before = Number((await db.query({ sql: lock.readBusyTimeout, params: [] })).rows[0]?.[0] ?? 0);
  await db.execute({ sql: lock.setBusyTimeout(0), params: [] });
  try {
    await retryUntil(wait, async () => {
      try {
        await db.execute({ sql: lock.begin, params: [] });
        return true;
      } catch (error) {
        if (lock.isBusy(error)) return false;
        throw error;
      }
    });
  } finally {
    await db.execute({ sql: lock.setBusyTimeout(before), params: [] });
  }
}

async function retryUntil(wait: LockWait, attempt: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  let waiting = false;
  for (;;) {
    if (await attempt()) return;
    const waited = Date.now() - start;
    if (waited >= wait.lockTimeoutS * 1000) throw lockTimeout(wait, waited);
    if (!waiting) {
      waiting = true;
      wait.onWait?.();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MS, wait.lockTimeoutS * 1000 - waited)));
  }
}

function lockTimeout(wait: LockWait, waitedMs: number): ConnectionError {
  const where = wait.url === undefined ? 'this database' : redactUrl(wait.url);
  const seconds = Math.round(waitedMs / 100) / 10;
  return new ConnectionError(
    'LOCK_TIMEOUT',
    `another \`oxen migrate\` holds the migration lock on ${where} (waited ${seconds}s); try again, or --lock-timeout`,
  );
}
