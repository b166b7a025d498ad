/**
 * The one interface every executor implements: `js` (pg, mysql2, better-sqlite3) and `native`
 * (the Rust addon). The ORM above it knows nothing of drivers.
 *
 * Rows come back as arrays in `columns` order: the hydrator builds objects with a factory generated
 * once per statement shape, so executors never build per-row objects of their own. Where an executor
 * has `queryMapped`, it calls that factory itself as each row is decoded.
 *
 * Canonical value mapping (both executors return exactly this; field types normalise further):
 *  - integers: number; integers outside 2^53 only where the driver can't avoid it: PostgreSQL int8
 *    and MySQL BIGINT come back as decimal strings; SQLite returns bigint when `Statement.safeIntegers`.
 *  - numeric/decimal: decimal string. floats: number.
 *  - PostgreSQL timestamptz/timestamp and MySQL DATETIME/TIMESTAMP: Date (UTC). DATE: 'YYYY-MM-DD' string.
 *  - json/jsonb: the JSON text, unparsed. uuid: string. bytea/blob: Buffer.
 *  - PostgreSQL boolean: boolean; MySQL tinyint(1) and SQLite booleans: 0/1 numbers.
 *  - NULL: null.
 */
import type { DialectName, ExecutorKind, SqlValue, Statement } from '../ground/values.js';

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface ExecResult {
  readonly rowsAffected: number;
  /** Last inserted auto-increment id, where the database reports one (MySQL, SQLite). */
  readonly insertId?: number | bigint;
}

export interface PoolStatus {
  readonly total: number;
  readonly idle: number;
  readonly inUse: number;
  readonly waiting: number;
  readonly max: number;
}

/** Pool settings, named as in the seed (connection_pool_size, max_overflow, ...), camel-cased. */
export interface PoolSettings {
  /** Connections kept open. */
  readonly connectionPoolSize: number;
  /** Extra connections allowed under load, closed again when idle. */
  readonly maxOverflow: number;
  /** Seconds to wait for a free connection before failing with POOL_TIMEOUT. */
  readonly poolTimeout: number;
  /** Seconds after which a connection is closed and replaced. 0 = never. */
  readonly poolRecycle: number;
  /** Check a connection with a cheap query before handing it out. */
  readonly poolPrePing: boolean;
}

/** Settings both executors take when they open. */
export interface ExecutorOptions {
  /**
   * Server-side limit per statement; past it the statement fails with QUERY_TIMEOUT and the server's
   * code (PostgreSQL 57014 through statement_timeout, MariaDB 1969 through max_statement_time, SLEEP()
   * included), and the connection stays usable. Both executors behave alike. PostgreSQL and
   * MySQL/MariaDB only: SQLite runs statements synchronously in-process and cannot interrupt them.
   */
  readonly statementTimeoutMs?: number;
  /**
   * Native executor: the most bytes one result set may take; past it the query fails with
   * RESULT_TOO_LARGE (pointing to QuerySet.iterator) instead of exhausting memory. Default 256 MiB.
   */
  readonly maxResultBytes?: number;
  /**
   * Native executor, PostgreSQL and MySQL/MariaDB: where the client's runtime runs. 'main' (the
   * default) turns it from Node's own event loop, with no thread hop per statement; 'thread' gives it
   * a thread of its own, which decodes large results off the main thread (native/README.md).
   */
  readonly nativeRuntime?: NativeRuntime;
}

export const NATIVE_RUNTIMES = ['main', 'thread'] as const;
export type NativeRuntime = (typeof NATIVE_RUNTIMES)[number];

export const DEFAULT_POOL_SETTINGS: PoolSettings = Object.freeze({
  connectionPoolSize: 10,
  maxOverflow: 10,
  poolTimeout: 30,
  poolRecycle: 3600,
  poolPrePing: false,
});

/** Turns one row (values in column order) into what the caller keeps, e.g. a model instance. */
export type RowMapper<T> = (row: readonly unknown[]) => T;

/** Something statements can run on: the pool itself, or one pinned connection. */
export interface Queryable {
  query(stmt: Statement): Promise<QueryResult>;
  /**
   * Optional: the rows of one SELECT, each handed to `mapRow` as soon as it is decoded, so that no
   * array of row arrays outlives the call (the native executor on PostgreSQL and MySQL; a large
   * MySQL result is mapped part by part while its later rows are still arriving). Absent: callers
   * map `query`'s rows themselves (Database.sendMapped).
   */
  queryMapped?<T>(stmt: Statement, mapRow: RowMapper<T>): Promise<T[]>;
  execute(stmt: Statement): Promise<ExecResult>;
  /** Several statements in one call (one round trip where the driver allows it); results in order. */
  batch(stmts: readonly Statement[]): Promise<QueryResult[]>;
  /**
   * Optional fast path for large inserts without RETURNING (PostgreSQL COPY in the native executor,
   * on the pool or on a pinned connection). Table and column names are unquoted; the executor quotes
   * them. Absent: the ORM falls back to multi-row INSERT statements.
   */
  copyInsert?(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<ExecResult>;
  /**
   * The rows of one SELECT in chunks of at most `chunkSize`, read from the database as they are
   * consumed, so memory holds one chunk whatever the result's size (QuerySet.iterator): PostgreSQL
   * reads through a server-side cursor, MySQL streams the result off the socket, SQLite steps the
   * statement. Stopping early (`return()`, a `break` out of `for await`) frees the cursor and the
   * connection. On MySQL the connection carries nothing else meanwhile: inside a transaction, other
   * statements are refused until the stream ends.
   */
  stream(stmt: Statement, chunkSize: number): AsyncGenerator<QueryResult, void, undefined>;
}

/** A connection taken out of the pool for a transaction; must be released exactly once. */
export interface PinnedConnection extends Queryable {
  /** Give the connection back. `broken` discards it instead (e.g. after a failed ROLLBACK). */
  release(broken?: boolean): void;
}

export interface Executor extends Queryable {
  readonly dialect: DialectName;
  readonly kind: ExecutorKind;
  /** Largest number of bound parameters one statement may carry on this database. */
  readonly maxParams: number;
  /** PostgreSQL reached through PgBouncer in transaction mode: no session state survives a transaction. */
  readonly behindPgbouncer?: boolean;
  /** Pin one connection (for transactions). On SQLite this also excludes every other caller until released. */
  acquire(): Promise<PinnedConnection>;
  poolStatus(): PoolStatus;
  /** e.g. 'PostgreSQL 15.19', '10.11.19-MariaDB', 'SQLite 3.49.1'. */
  serverVersion(): Promise<string>;
  /** Closes every connection; statements still waiting are rejected with POOL_CLOSED. */
  close(): Promise<void>;
}
