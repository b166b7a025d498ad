/**
 * One configured database: its executor, its dialect and its query cache. Every statement the ORM runs
 * goes through `query`/`execute` here, which is where query events are emitted, so both executors get
 * monitoring, profiling and caching for free.
 */
import type { Dialect } from '../dialect/dialect.js';
import { OxenError } from '../ground/errors.js';
import { emitQuery, hasQueryListeners, sqlDigest } from '../ground/events.js';
import type { ExecResult, Executor, QueryResult, Queryable, RowMapper } from '../executor/executor.js';
import type { SqlValue, Statement } from '../ground/values.js';
import type { QueryCache } from './query-cache.js';
import { activeFrame } from './transaction-context.js';
import { noteWrite } from './read-scope.js';
import type { ReadOn, ReadRouter } from './read-router.js';

export class Database {
  readonly name: string;
  readonly executor: Executor;
  readonly dialect: Dialect;
  /** The URL with the password replaced by ***. */
  readonly redactedUrl: string;
  readonly cache: QueryCache | undefined;
  /** Set by connect() when the database has read replicas. */
  router: ReadRouter | undefined;
  /**
   * Whether a query set that names this database with `using()` still has its reads routed. Off for
   * applications (`using('default')` forces the primary); on for the benchmark, which names its
   * databases only so as not to take the name `default`.
   */
  usingRoutes = false;

  constructor(init: { name: string; executor: Executor; dialect: Dialect; redactedUrl: string; cache?: QueryCache }) {
    this.name = init.name;
    this.executor = init.executor;
    this.dialect = init.dialect;
    this.redactedUrl = init.redactedUrl;
    this.cache = init.cache;
  }

  /** Where statements go now: the current transaction's connection for this database, else the pool. */
  target(): Queryable {
    const frame = activeFrame(this.name);
    if (frame && !frame.done) return frame.connection;
    return this.executor;
  }

  /**
   * A statement that may write. With replicas, it opens the caller's read-your-writes window; the
   * ORM's reads go through `read` instead.
   */
  query(stmt: Statement, on: Queryable = this.target()): Promise<QueryResult> {
    if (this.router !== undefined) this.noteWrite();
    return this.send(stmt, on);
  }

  /** Transaction control (BEGIN, COMMIT, SAVEPOINT …): never a write of its own. */
  control(sql: string, on: Queryable): Promise<ExecResult> {
    const stmt = { sql, params: [] };
    if (!hasQueryListeners()) return on.execute(stmt);
    return this.observe(stmt, () => on.execute(stmt), rowsAffected);
  }

  /**
   * Opens the read-your-writes window (read-scope.ts); inside a transaction, only once it commits:
   * a window opened at the write could close before a long transaction does.
   */
  noteWrite(): void {
    const frame = activeFrame(this.name);
    if (frame && !frame.done) frame.wrote = true;
    else noteWrite(this.name);
  }

  /**
   * A read: to a replica when this database has some and routing allows (see read-router.ts), else as
   * `query` does. `pinned`: the query set named this database with `using()`.
   */
  read(stmt: Statement, pinned = false): Promise<QueryResult> {
    if (this.router === undefined) return this.send(stmt, this.target());
    const send: ReadOn<QueryResult> = (db, on) => db.send(stmt, on);
    return this.routes(pinned) ? this.router.read(send) : this.router.onPrimary(send);
  }

  /** A read as `read` routes it, each row mapped by `mapRow` (Queryable.queryMapped). */
  readMapped<T>(stmt: Statement, mapRow: RowMapper<T>, pinned = false): Promise<T[]> {
    if (this.router === undefined) return this.sendMapped(stmt, this.target(), mapRow);
    const send: ReadOn<T[]> = (db, on) => db.sendMapped(stmt, on, mapRow);
    return this.routes(pinned) ? this.router.read(send) : this.router.onPrimary(send);
  }

  /** Whether a read may go to a replica (which then picks one, or the primary). */
  routes(pinned: boolean): boolean {
    return this.router !== undefined && (!pinned || this.usingRoutes);
  }

  /** Runs a statement here, with no routing and no write noted. */
  send(stmt: Statement, on: Queryable): Promise<QueryResult> {
    if (!hasQueryListeners()) return on.query(stmt);
    return this.observe(stmt, () => on.query(stmt), rowsReturned);
  }

  /**
   * As `send`, each row mapped by `mapRow`: by the executor as it decodes them where it can
   * (`queryMapped`), else here once the result is in. A query event's duration then includes the mapping.
   */
  sendMapped<T>(stmt: Statement, on: Queryable, mapRow: RowMapper<T>): Promise<T[]> {
    const run = on.queryMapped === undefined ? () => on.query(stmt).then((result) => mapRows(result.rows, mapRow)) : () => on.queryMapped!(stmt, mapRow);
    if (!hasQueryListeners()) return run();
    return this.observe(stmt, run, rowsMapped);
  }

  execute(stmt: Statement, on: Queryable = this.target()): Promise<ExecResult> {
    if (this.router !== undefined) this.noteWrite();
    if (!hasQueryListeners()) return on.execute(stmt);
    return this.observe(stmt, () => on.execute(stmt), rowsAffected);
  }

  /**
   * Rows in through the connection's COPY fast path (see `Queryable.copyInsert`); the query event
   * shows the COPY statement, with no parameters since the values travel as COPY data.
   */
  copyInsert(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[], on: Queryable = this.target()): Promise<ExecResult> {
    const copy = on.copyInsert?.bind(on);
    if (this.router !== undefined) this.noteWrite();
    if (!copy) return Promise.reject(new OxenError('INTERNAL', `copyInsert: the ${this.executor.kind} executor has no COPY path here`));
    if (!hasQueryListeners()) return copy(table, columns, rows);
    const q = (name: string) => this.dialect.quoteIdent(name);
    return this.observe({ sql: `COPY ${q(table)} (${columns.map(q).join(', ')}) FROM STDIN`, params: [] }, () => copy(table, columns, rows), rowsAffected);
  }

  /**
   * A result read in chunks (Queryable.stream). Monitors see it as one query when it ends: its rows
   * are all the chunks', its duration the whole stream's, consumer's time included.
   */
  async *stream(stmt: Statement, chunkSize: number, on: Queryable = this.target()): AsyncGenerator<QueryResult, void, undefined> {
    if (!hasQueryListeners()) return yield* on.stream(stmt, chunkSize);
    const start = performance.now();
    let rows = 0;
    try {
      for await (const chunk of on.stream(stmt, chunkSize)) {
        rows += chunk.rows.length;
        yield chunk;
      }
    } catch (error) {
      this.emit(stmt, start, rows, error as Error);
      throw error;
    }
    this.emit(stmt, start, rows, undefined);
  }

  /** Reports a query answered from the cache, so monitors can count hits. */
  emitCached(stmt: Statement, rows: number): void {
    if (!hasQueryListeners()) return;
    emitQuery({ sql: stmt.sql, digest: sqlDigest(stmt.sql), dialect: this.dialect.name, executor: this.executor.kind, database: this.name, durationNs: 0, rows, cached: true, error: undefined });
  }

  /**
   * Times `run` from before it is called: the SQLite executors do all their work inside the call, so a
   * clock started afterwards would report every SQLite statement as nearly free. The event is written
   * out field by field, always in one shape: a spread built a slower object per statement, and the
   * listeners' property reads stay monomorphic.
   */
  private async observe<T>(stmt: Statement, run: () => Promise<T>, count: (r: T) => number): Promise<T> {
    const start = performance.now();
    let result: T;
    try {
      result = await run();
    } catch (error) {
      this.emit(stmt, start, 0, error as Error);
      throw error;
    }
    this.emit(stmt, start, count(result), undefined);
    return result;
  }

  private emit(stmt: Statement, start: number, rows: number, error: Error | undefined): void {
    emitQuery({
      sql: stmt.sql,
      digest: sqlDigest(stmt.sql),
      dialect: this.dialect.name,
      executor: this.executor.kind,
      database: this.name,
      durationNs: Math.round((performance.now() - start) * 1e6),
      rows,
      cached: false,
      error,
    });
  }
}

const rowsReturned = (r: QueryResult): number => r.rows.length;
const rowsMapped = (r: readonly unknown[]): number => r.length;
const rowsAffected = (r: ExecResult): number => r.rowsAffected;

export function mapRows<T>(rows: readonly (readonly unknown[])[], mapRow: RowMapper<T>): T[] {
  const out = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = mapRow(rows[i]!);
  return out;
}
