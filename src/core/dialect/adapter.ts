/**
 * What differs between databases and is not shaped like a query tree: the statements that open and end
 * transactions, what the database can do, the extra query COPY needs, and the lock a migration takes.
 */
import type { Statement } from '../ground/values.js';

export interface TransactionStatements {
  readonly begin: string;
  readonly commit: string;
  readonly rollback: string;
  /** Savepoint statements; `name` is already quoted by the dialect. */
  savepoint(name: string): string;
  releaseSavepoint(name: string): string;
  rollbackToSavepoint(name: string): string;
}

export interface Capabilities {
  /** Rows can be loaded with COPY … FROM STDIN, where the executor offers it. */
  readonly copyInsert: boolean;
  /** DDL runs inside a transaction and rolls back with it (MySQL commits each DDL statement at once). */
  readonly transactionalDdl: boolean;
}

/**
 * A lock held by one connection for as long as it asks, so two deployers cannot migrate at once.
 * `tryAcquire` returns one row whose first value is truthy when the lock was taken; it never waits.
 */
export interface SessionLock {
  tryAcquire(key: string): Statement;
  release(key: string): Statement;
}

export interface DialectAdapter {
  readonly transactions: TransactionStatements;
  readonly capabilities: Capabilities;
  /**
   * Draws `count` new keys from the sequence behind `table.column` (PostgreSQL), for COPY, which cannot
   * return generated keys. `quotedTable` is the dialect-quoted table name.
   */
  reserveKeys?(quotedTable: string, column: string, count: number): Statement;
  /** The lock a migration takes; absent where the database itself serialises writers (SQLite). */
  readonly migrationLock?: SessionLock;
  /** Where there is no session lock: the write lock each migration's transaction takes as it begins. */
  readonly migrationWriteLock?: WriteLock;
  /** Per-connection settings around a migration's transaction (SQLite's foreign keys and ALTER TABLE mode). */
  readonly migrationSettings?: MigrationSettings;
}

/**
 * SQLite serialises writers itself: BEGIN IMMEDIATE takes the write lock or fails busy. The runner
 * retries it with the driver's own wait turned off, sleeping between tries, rather than letting the
 * driver wait: better-sqlite3 waits synchronously, which would stop the process holding the lock
 * when both run in one process.
 */
export interface WriteLock {
  /** Begins a transaction holding the write lock. */
  readonly begin: string;
  /** Whether a failed `begin` means another connection holds the write lock. */
  isBusy(error: unknown): boolean;
  /** Rows [ms]: how long the connection's driver waits on a busy database. */
  readonly readBusyTimeout: string;
  setBusyTimeout(ms: number): string;
}

export interface MigrationSettings {
  /** Run before BEGIN (ignored inside a transaction) when an operation must run with foreign keys off; `on` after it ends. */
  readonly foreignKeysOff: string;
  readonly foreignKeysOn: string;
  /** Run after every migration's transaction, committed or not: settings a failed operation may leave changed. */
  readonly reset: readonly string[];
}

/** The SQL-standard spelling, which PostgreSQL and SQLite share; MySQL differs only in how it begins. */
export const standardTransactions: TransactionStatements = {
  begin: 'BEGIN',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  savepoint: (name) => `SAVEPOINT ${name}`,
  releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
  rollbackToSavepoint: (name) => `ROLLBACK TO SAVEPOINT ${name}`,
};
