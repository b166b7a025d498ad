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
