/**
 * The `js` executor for SQLite: one better-sqlite3 connection. Statements run synchronously, so the
 * "pool" is a mutex: a pinned connection (a transaction) has the database to itself until released.
 */
import Database from 'better-sqlite3';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { ConnectionError, UsageError } from '../../ground/errors.js';
import type { ExecResult, Executor, PinnedConnection, PoolSettings, PoolStatus, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import { AsyncMutex } from '../shared/async-mutex.js';
import { connectError } from '../shared/connect-error.js';
import { poolLimits } from '../shared/pool-limits.js';
import { sqliteMaxParams } from './sqlite-max-params.js';
import { SqliteStatements } from './sqlite-statements.js';
import { SyncPinnedConnection } from '../shared/sync-pinned-connection.js';
import { checkUrlParams } from '../shared/url-params.js';

export async function createSqliteExecutor(url: DatabaseUrl, settings: PoolSettings): Promise<Executor> {
  checkUrlParams(url, ['mode']);
  const mode = url.params.mode ?? 'rwc';
  if (!['ro', 'rw', 'rwc'].includes(mode)) {
    throw new UsageError('URL_INVALID', `mode=${mode} in ${url.redacted} is not supported: use ro, rw or rwc (the default, creates the file)`);
  }
  const timeoutMs = poolLimits('sqlite', settings).acquireTimeoutMs;
  const filename = url.filename ?? ':memory:';
  let db: Database.Database | undefined;
  try {
    db = new Database(filename, { readonly: mode === 'ro', fileMustExist: mode !== 'rwc' });
    // WAL lets readers in other processes work during writes; NORMAL sync is safe with WAL (a power cut
    // may lose the last commits, never corrupt the file) and makes each commit far cheaper.
    if (filename !== ':memory:' && mode !== 'ro') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.round(timeoutMs)}`);
  } catch (error) {
    // A file that is not a database opens fine and fails at the first pragma.
    db?.close();
    throw connectError(error, url, timeoutMs);
  }
  return new SqliteExecutor(db, url, timeoutMs);
}

class SqliteExecutor implements Executor {
  readonly dialect = 'sqlite' as const;
  readonly kind = 'js' as const;
  readonly maxParams: number;
  private readonly statements: SqliteStatements;
  private readonly mutex: AsyncMutex;
  private closing: Promise<void> | undefined;

  constructor(private readonly db: Database.Database, url: DatabaseUrl, private readonly timeoutMs: number) {
    this.maxParams = sqliteMaxParams(db);
    this.statements = new SqliteStatements(db, { redacted: url.redacted, secrets: [] });
    this.mutex = new AsyncMutex('sqlite', timeoutMs);
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.mutex.run(() => this.statements.query(stmt));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.mutex.run(() => this.statements.execute(stmt));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.mutex.run(() => stmts.map((stmt) => this.statements.query(stmt)));
  }

  async acquire(): Promise<PinnedConnection> {
    await this.mutex.lock();
    return new SyncPinnedConnection({ query: (s) => this.statements.query(s), execute: (s) => this.statements.execute(s), batch: (ss) => ss.map((s) => this.statements.query(s)) }, () => this.releasePinned());
  }

  poolStatus(): PoolStatus {
    const open = this.db.open ? 1 : 0;
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
    this.closing ??= this.mutex.close(closed, this.timeoutMs).then(() => void this.db.close());
    return this.closing;
  }

  /** A holder that left a transaction open would hand it to the next caller: roll it back instead. */
  private releasePinned(): void {
    try {
      if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.mutex.unlock();
    }
  }
}
