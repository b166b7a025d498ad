/**
 * The Executor for the server databases: pool handling, pinning and batches are the same for pg and
 * mysql2, so each driver only supplies a `DriverSession` that runs one statement on one connection.
 */
import { ConnectionError, UsageError } from '../../ground/errors.js';
import type { ExecResult, Executor, PinnedConnection, PoolStatus, QueryResult } from '../executor.js';
import type { DialectName, Statement } from '../../ground/values.js';
import type { ConnectionPool } from './connection-pool.js';

export interface DriverSession<C> {
  readonly dialect: DialectName;
  readonly maxParams: number;
  /**
   * `retryable`: the statement runs outside any pinned connection (so outside a transaction), and may
   * be sent again if the driver knows the first attempt could not have had an effect.
   */
  query(conn: C, stmt: Statement, retryable: boolean): Promise<QueryResult>;
  execute(conn: C, stmt: Statement, retryable: boolean): Promise<ExecResult>;
  serverVersion(conn: C): Promise<string>;
}

export class PooledExecutor<C> implements Executor {
  readonly kind = 'js' as const;
  readonly dialect: DialectName;
  readonly maxParams: number;
  private version: Promise<string> | undefined;

  constructor(private readonly session: DriverSession<C>, private readonly pool: ConnectionPool<C>) {
    this.dialect = session.dialect;
    this.maxParams = session.maxParams;
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.withConnection((conn) => this.session.query(conn, stmt, true));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.withConnection((conn) => this.session.execute(conn, stmt, true));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.withConnection((conn) => runBatch(this.session, conn, stmts));
  }

  async acquire(): Promise<PinnedConnection> {
    return new PooledPinnedConnection(this.session, this.pool, await this.pool.acquire());
  }

  poolStatus(): PoolStatus {
    return this.pool.status();
  }

  serverVersion(): Promise<string> {
    this.version ??= this.withConnection((conn) => this.session.serverVersion(conn));
    this.version.catch(() => (this.version = undefined));
    return this.version;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async withConnection<T>(work: (conn: C) => Promise<T>): Promise<T> {
    const conn = await this.pool.acquire();
    let broken = false;
    try {
      return await work(conn);
    } catch (error) {
      broken = error instanceof ConnectionError;
      throw error;
    } finally {
      this.pool.release(conn, broken);
    }
  }
}

class PooledPinnedConnection<C> implements PinnedConnection {
  private released = false;
  private broken = false;

  constructor(
    private readonly session: DriverSession<C>,
    private readonly pool: ConnectionPool<C>,
    private readonly conn: C,
  ) {}

  query(stmt: Statement): Promise<QueryResult> {
    return this.run(() => this.session.query(this.conn, stmt, false));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.run(() => this.session.execute(this.conn, stmt, false));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.run(() => runBatch(this.session, this.conn, stmts));
  }

  release(broken = false): void {
    if (this.released) return;
    this.released = true;
    this.pool.release(this.conn, broken || this.broken);
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.released) throw new UsageError('USAGE', 'statement sent on a pinned connection after release(): acquire() a new one');
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConnectionError) this.broken = true;
      throw error;
    }
  }
}

/**
 * In order on one connection, stopping at the first failure (neither driver can bind in a multi-statement).
 * Never retried: a batch may well be BEGIN … COMMIT.
 */
async function runBatch<C>(session: DriverSession<C>, conn: C, stmts: readonly Statement[]): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const stmt of stmts) results.push(await session.query(conn, stmt, false));
  return results;
}
