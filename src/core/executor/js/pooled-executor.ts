/**
 * The Executor for the server databases: pool handling, pinning and batches are the same for pg and
 * mysql2, so each driver only supplies a `DriverSession` that runs one statement on one connection.
 */
import { ConnectionError } from '../../ground/errors.js';
import type { ExecResult, Executor, PinnedConnection, PoolStatus, QueryResult } from '../executor.js';
import type { DialectName, Statement } from '../../ground/values.js';
import { AsyncPinnedConnection } from '../shared/async-pinned-connection.js';
import { checkFirstConnection } from '../shared/first-connection.js';
import { checkChunkSize, postgresCursorInTransaction, type RowChunks } from '../shared/row-streams.js';
import type { ConnectionPool } from './connection-pool.js';

export interface DriverSession<C> {
  readonly dialect: DialectName;
  readonly maxParams: number;
  readonly behindPgbouncer?: boolean;
  /**
   * `retryable`: the statement runs outside any pinned connection (so outside a transaction), and may
   * be sent again if the driver knows the first attempt could not have had an effect.
   */
  query(conn: C, stmt: Statement, retryable: boolean): Promise<QueryResult>;
  execute(conn: C, stmt: Statement, retryable: boolean): Promise<ExecResult>;
  serverVersion(conn: C): Promise<string>;
  /**
   * Streams a result straight off the connection (MySQL). Without it the executor streams through
   * SQL cursors (PostgreSQL).
   */
  stream?(conn: C, stmt: Statement, chunkSize: number): RowChunks;
}

/** A PooledExecutor on `pool`, once the pool has opened its first connection. */
export function openPooledExecutor<C>(session: DriverSession<C>, pool: ConnectionPool<C>): Promise<Executor> {
  return checkFirstConnection(new PooledExecutor(session, pool), async () => pool.release(await pool.acquire()));
}

export class PooledExecutor<C> implements Executor {
  readonly kind = 'js' as const;
  readonly dialect: DialectName;
  readonly maxParams: number;
  readonly behindPgbouncer: boolean;
  private version: Promise<string> | undefined;

  constructor(private readonly session: DriverSession<C>, private readonly pool: ConnectionPool<C>) {
    this.dialect = session.dialect;
    this.maxParams = session.maxParams;
    this.behindPgbouncer = session.behindPgbouncer === true;
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

  stream(stmt: Statement, chunkSize: number): RowChunks {
    checkChunkSize(chunkSize);
    if (!this.session.stream) return postgresCursorInTransaction(() => this.acquire(), stmt, chunkSize);
    return this.streamOnOwnConnection(stmt, chunkSize);
  }

  async acquire(): Promise<PinnedConnection> {
    const conn = await this.pool.acquire();
    const { session } = this;
    return new AsyncPinnedConnection(
      {
        query: (stmt) => session.query(conn, stmt, false),
        execute: (stmt) => session.execute(conn, stmt, false),
        batch: (stmts) => runBatch(session, conn, stmts),
        stream: session.stream ? (stmt, chunkSize) => session.stream!(conn, stmt, chunkSize) : undefined,
      },
      (broken) => this.pool.release(conn, broken),
    );
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

  /**
   * A connection to itself for the stream. Unless every row was read it is discarded: rows the server
   * is still sending would have to be read and dropped first, and a new connection costs less.
   */
  private async *streamOnOwnConnection(stmt: Statement, chunkSize: number): RowChunks {
    const conn = await this.pool.acquire();
    let exhausted = false;
    try {
      yield* this.session.stream!(conn, stmt, chunkSize);
      exhausted = true;
    } finally {
      this.pool.release(conn, !exhausted);
    }
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

/**
 * In order on one connection, stopping at the first failure (neither driver can bind in a multi-statement).
 * Never retried: a batch may well be BEGIN … COMMIT.
 */
async function runBatch<C>(session: DriverSession<C>, conn: C, stmts: readonly Statement[]): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const stmt of stmts) results.push(await session.query(conn, stmt, false));
  return results;
}
