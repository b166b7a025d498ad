/**
 * The native Executor for SQLite: statements run synchronously inside the addon, one N-API call each,
 * with no hop to another thread. As in the js executor, the single connection is guarded by a mutex
 * so a pinned connection (a transaction) has the database to itself until released.
 */
import { ConnectionError } from '../../ground/errors.js';
import type { ExecResult, Executor, PinnedConnection, PoolStatus, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import { AsyncMutex } from '../shared/async-mutex.js';
import type { NativeSqliteHandle } from './native-addon.js';
import type { ErrorContext } from './native-error.js';
import { SqliteRunner } from './sqlite-runner.js';
import { SyncPinnedConnection } from '../shared/sync-pinned-connection.js';
import { Op } from './wire-codes.js';

/** Past this the ORM gains nothing (the js executor caps its probe here too). */
const MAX_PARAMS_CEILING = 1 << 18;

export class NativeSqliteExecutor implements Executor {
  readonly dialect = 'sqlite' as const;
  readonly kind = 'native' as const;
  readonly maxParams: number;
  private readonly runner: SqliteRunner;
  private readonly mutex: AsyncMutex;
  private open = true;
  private closing: Promise<void> | undefined;

  constructor(private readonly db: NativeSqliteHandle, context: ErrorContext, private readonly timeoutMs: number) {
    this.maxParams = Math.min(db.maxParams(), MAX_PARAMS_CEILING);
    this.runner = new SqliteRunner(db, context);
    this.mutex = new AsyncMutex('sqlite', timeoutMs);
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.mutex.run(() => this.runner.run(Op.query, stmt) as QueryResult);
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.mutex.run(() => this.runner.run(Op.execute, stmt) as ExecResult);
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.mutex.run(() => this.runner.batch(stmts));
  }

  async acquire(): Promise<PinnedConnection> {
    await this.mutex.lock();
    return new SyncPinnedConnection({ query: (s) => this.runner.run(Op.query, s) as QueryResult, execute: (s) => this.runner.run(Op.execute, s) as ExecResult, batch: (ss) => this.runner.batch(ss) }, () => this.releasePinned());
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

  /** A holder that left a transaction open would hand it to the next caller: roll it back instead. */
  private releasePinned(): void {
    try {
      if (this.open && this.db.inTransaction()) this.runner.run(Op.execute, { sql: 'ROLLBACK', params: [] });
    } finally {
      this.mutex.unlock();
    }
  }
}
