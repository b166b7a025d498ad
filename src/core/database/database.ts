/**
 * One configured database: its executor, its dialect and its query cache. Every statement the ORM runs
 * goes through `query`/`execute` here, which is where query events are emitted, so both executors get
 * monitoring, profiling and caching for free.
 */
import type { Dialect } from '../dialect/dialect.js';
import { OxenError } from '../ground/errors.js';
import { emitQuery, hasQueryListeners, sqlDigest } from '../ground/events.js';
import type { ExecResult, Executor, QueryResult, Queryable } from '../executor/executor.js';
import type { SqlValue, Statement } from '../ground/values.js';
import type { QueryCache } from './query-cache.js';
import { activeFrame } from './transaction-context.js';

export class Database {
  readonly name: string;
  readonly executor: Executor;
  readonly dialect: Dialect;
  /** The URL with the password replaced by ***. */
  readonly redactedUrl: string;
  readonly cache: QueryCache | undefined;

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

  query(stmt: Statement, on: Queryable = this.target()): Promise<QueryResult> {
    if (!hasQueryListeners()) return on.query(stmt);
    return this.observe(stmt, on.query(stmt), (r) => r.rows.length);
  }

  execute(stmt: Statement, on: Queryable = this.target()): Promise<ExecResult> {
    if (!hasQueryListeners()) return on.execute(stmt);
    return this.observe(stmt, on.execute(stmt), (r) => r.rowsAffected);
  }

  /**
   * Rows in through the connection's COPY fast path (see `Queryable.copyInsert`); the query event
   * shows the COPY statement, with no parameters since the values travel as COPY data.
   */
  copyInsert(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[], on: Queryable = this.target()): Promise<ExecResult> {
    if (!on.copyInsert) return Promise.reject(new OxenError('INTERNAL', `copyInsert: the ${this.executor.kind} executor has no COPY path here`));
    const pending = on.copyInsert(table, columns, rows);
    if (!hasQueryListeners()) return pending;
    const q = (name: string) => this.dialect.quoteIdent(name);
    return this.observe({ sql: `COPY ${q(table)} (${columns.map(q).join(', ')}) FROM STDIN`, params: [] }, pending, (r) => r.rowsAffected);
  }

  /** Reports a query answered from the cache, so monitors can count hits. */
  emitCached(stmt: Statement, rows: number): void {
    if (!hasQueryListeners()) return;
    emitQuery({ sql: stmt.sql, digest: sqlDigest(stmt.sql), dialect: this.dialect.name, executor: this.executor.kind, database: this.name, durationNs: 0, rows, cached: true });
  }

  private async observe<T>(stmt: Statement, pending: Promise<T>, count: (r: T) => number): Promise<T> {
    const start = process.hrtime.bigint();
    const base = { sql: stmt.sql, digest: sqlDigest(stmt.sql), dialect: this.dialect.name, executor: this.executor.kind, database: this.name };
    try {
      const result = await pending;
      emitQuery({ ...base, durationNs: Number(process.hrtime.bigint() - start), rows: count(result) });
      return result;
    } catch (error) {
      emitQuery({ ...base, durationNs: Number(process.hrtime.bigint() - start), rows: 0, error: error as Error });
      throw error;
    }
  }
}
