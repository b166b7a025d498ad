/**
 * The Executor for SQLite, whichever engine runs the statements (better-sqlite3 or the addon). There is
 * one connection and statements run synchronously, so the "pool" is a mutex: a pinned connection (a
 * transaction) has the database to itself until released.
 */
import { ConnectionError } from '../../ground/errors.js';
import type { Executor, PinnedConnection, PoolStatus } from '../executor.js';
import type { ExecutorKind } from '../../ground/values.js';
import { AsyncMutex } from './async-mutex.js';
import { SyncPinnedConnection } from './sync-pinned-connection.js';
import { GatedSyncStatements, type SyncStatementRunner } from './sync-statements.js';

/** Past this the ORM gains nothing, and preparing `?N` allocates N parameter slots. */
export const SQLITE_MAX_PARAMS_CEILING = 1 << 18;

/** One open SQLite database, as an engine exposes it. */
export interface SqliteConnection extends SyncStatementRunner {
  /** The most bound parameters this SQLite build accepts. */
  readonly maxParams: number;
  inTransaction(): boolean;
  rollback(): void;
  close(): void;
}

export class SqliteExecutor extends GatedSyncStatements implements Executor {
  readonly dialect = 'sqlite' as const;
  readonly maxParams: number;
  private readonly mutex: AsyncMutex;
  private open = true;
  private closing: Promise<void> | undefined;

  constructor(readonly kind: ExecutorKind, private readonly db: SqliteConnection, private readonly timeoutMs: number) {
    super(db);
    this.maxParams = Math.min(db.maxParams, SQLITE_MAX_PARAMS_CEILING);
    this.mutex = new AsyncMutex('sqlite', timeoutMs);
  }

  async acquire(): Promise<PinnedConnection> {
    await this.mutex.lock();
    return new SyncPinnedConnection(this.db, () => this.releasePinned());
  }

  poolStatus(): PoolStatus {
    const open = this.open ? 1 : 0;
    const inUse = this.mutex.locked ? 1 : 0;
    return { total: open, idle: open - inUse, inUse, waiting: this.mutex.waiting, max: 1 };
  }

  async serverVersion(): Promise<string> {
    const version = await this.query({ sql: 'SELECT sqlite_version()', params: [] });
    return `SQLite ${String(version.rows[0]?.[0])}`;
  }

  close(): Promise<void> {
    const closed = new ConnectionError('POOL_CLOSED', 'the sqlite connection is closed: no statement can run after close()');
    // A transaction still running gets poolTimeout to finish; then the file is closed under it.
    this.closing ??= this.mutex.close(closed, this.timeoutMs).then(() => {
      this.open = false;
      this.db.close();
    });
    return this.closing;
  }

  protected gate<T>(work: () => T): Promise<T> {
    return this.mutex.run(work);
  }

  /** A holder that left a transaction open would hand it to the next caller: roll it back instead. */
  private releasePinned(): void {
    try {
      if (this.open && this.db.inTransaction()) this.db.rollback();
    } finally {
      this.mutex.unlock();
    }
  }
}
