/**
 * What the two SQLite executors (better-sqlite3 and the addon) share. There is one connection and
 * statements run synchronously, so the "pool" is a mutex: a pinned connection (a transaction) has the
 * database to itself until released.
 *
 * Each engine writes its own query/execute/batch: they are the hot path, and a shared method calling
 * through the engine would see both engines (and the pinned connection) in a process that runs both
 * executors, as the benchmark does, turning V8's inline caches polymorphic (measured: up to 12% on a
 * point query).
 */
import { ConnectionError } from '../../ground/errors.js';
import type { ExecResult, Executor, PinnedConnection, PoolStatus, QueryResult } from '../executor.js';
import type { ExecutorKind, Statement } from '../../ground/values.js';
import { AsyncMutex } from './async-mutex.js';
import type { RowChunks } from './row-streams.js';
import { SyncPinnedConnection, sqliteCursorChunks, type SyncStatementRunner } from './sync-pinned-connection.js';

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

export abstract class SqliteExecutor implements Executor {
  readonly dialect = 'sqlite' as const;
  abstract readonly kind: ExecutorKind;
  readonly maxParams: number;
  protected readonly mutex: AsyncMutex;
  private open = true;
  private closing: Promise<void> | undefined;

  constructor(private readonly connection: SqliteConnection, private readonly timeoutMs: number) {
    this.maxParams = Math.min(connection.maxParams, SQLITE_MAX_PARAMS_CEILING);
    this.mutex = new AsyncMutex('sqlite', timeoutMs);
  }

  abstract query(stmt: Statement): Promise<QueryResult>;
  abstract execute(stmt: Statement): Promise<ExecResult>;
  abstract batch(stmts: readonly Statement[]): Promise<QueryResult[]>;

  stream(stmt: Statement, chunkSize: number): RowChunks {
    return sqliteCursorChunks(this.connection, stmt, chunkSize, (work) => this.mutex.run(work));
  }

  async acquire(): Promise<PinnedConnection> {
    await this.mutex.lock();
    return new SyncPinnedConnection(this.connection, () => this.releasePinned());
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
      this.connection.close();
    });
    return this.closing;
  }

  /** A holder that left a transaction open would hand it to the next caller: roll it back instead. */
  private releasePinned(): void {
    try {
      if (this.open && this.connection.inTransaction()) this.connection.rollback();
    } finally {
      this.mutex.unlock();
    }
  }
}
