/**
 * better-sqlite3 statements, prepared once per SQL text and kept. Column names are cached with them
 * (`Statement.columns()` costs ~20 µs, twenty times a small query) and dropped when a schema change
 * could have altered them.
 */
import type Database from 'better-sqlite3';
import type { ExecResult, QueryResult } from '../executor.js';
import type { SqlValue, Statement } from '../../ground/values.js';
import { isoDate } from './bind-params.js';
import type { ErrorContext } from '../shared/error-context.js';
import { mapDriverError } from './map-driver-error.js';
import type { SqliteCursor } from '../shared/sync-pinned-connection.js';

const MAX_CACHED = 1000;
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;
const INSERT = /^\s*(insert|replace)\b/i;

interface Entry {
  readonly stmt: Database.Statement<unknown[], unknown[]>;
  readonly reader: boolean;
  readonly inserts: boolean;
  columns: string[];
  safeIntegers: boolean;
}

export class SqliteStatements {
  private readonly cache = new Map<string, Entry>();
  private openCursors = 0;

  constructor(private readonly db: Database.Database, private readonly errors: ErrorContext) {}

  query(stmt: Statement): QueryResult {
    const entry = this.prepare(stmt);
    try {
      if (!entry.reader) {
        entry.stmt.run(toSqliteValues(stmt.params));
        this.afterWrite(stmt.sql);
        return { columns: [], rows: [] };
      }
      const rows = entry.stmt.all(toSqliteValues(stmt.params)) as unknown[][];
      // SQLite re-prepares a statement whose tables changed; `SELECT *` may then return other columns.
      if (rows.length > 0 && rows[0]!.length !== entry.columns.length) entry.columns = columnNames(entry.stmt);
      return { columns: entry.columns, rows };
    } catch (error) {
      throw mapDriverError(error, stmt.sql, this.errors);
    }
  }

  execute(stmt: Statement): ExecResult {
    const entry = this.prepare(stmt);
    try {
      // RETURNING makes a write a reader: it yields one row per row written.
      if (entry.reader) return { rowsAffected: entry.stmt.all(toSqliteValues(stmt.params)).length };
      const result = entry.stmt.run(toSqliteValues(stmt.params));
      this.afterWrite(stmt.sql);
      return entry.inserts && result.changes > 0
        ? { rowsAffected: result.changes, insertId: result.lastInsertRowid }
        : { rowsAffected: result.changes };
    } catch (error) {
      throw mapDriverError(error, stmt.sql, this.errors);
    }
  }

  /**
   * A statement of its own (a cached one may run again while this one is part-way through its rows).
   * While a cursor is open better-sqlite3 refuses writes on the connection unless in its unsafe mode,
   * which SQLite itself allows (the native executor too): the mode is on only while cursors are open.
   */
  openCursor(stmt: Statement): SqliteCursor {
    let iterator: IterableIterator<unknown[]>;
    let columns: string[];
    try {
      const prepared = this.db.prepare<unknown[], unknown[]>(stmt.sql);
      // raw() refuses a statement that returns no rows, in better-sqlite3's own words.
      prepared.raw(true);
      if (stmt.safeIntegers) prepared.safeIntegers(true);
      columns = columnNames(prepared);
      iterator = prepared.iterate(toSqliteValues(stmt.params));
    } catch (error) {
      throw mapDriverError(error, stmt.sql, this.errors);
    }
    if (this.openCursors++ === 0) this.db.unsafeMode(true);
    let open = true;
    const close = (): void => {
      if (!open) return;
      open = false;
      iterator.return?.();
      if (--this.openCursors === 0 && this.db.open) this.db.unsafeMode(false);
    };
    const take = (count: number): QueryResult => {
      const rows: unknown[][] = [];
      try {
        while (rows.length < count) {
          const next = iterator.next();
          if (next.done) {
            close();
            break;
          }
          rows.push(next.value);
        }
      } catch (error) {
        close();
        throw mapDriverError(error, stmt.sql, this.errors);
      }
      return { columns, rows };
    };
    return { take, close };
  }

  private prepare(stmt: Statement): Entry {
    let entry = this.cache.get(stmt.sql);
    if (entry === undefined) {
      let prepared: Database.Statement<unknown[], unknown[]>;
      try {
        prepared = this.db.prepare<unknown[], unknown[]>(stmt.sql);
      } catch (error) {
        throw mapDriverError(error, stmt.sql, this.errors);
      }
      const reader = prepared.reader;
      if (reader) prepared.raw(true);
      entry = { stmt: prepared, reader, inserts: INSERT.test(stmt.sql), columns: reader ? columnNames(prepared) : [], safeIntegers: false };
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(stmt.sql, entry);
    }
    const safe = stmt.safeIntegers === true;
    if (entry.safeIntegers !== safe) {
      entry.stmt.safeIntegers(safe);
      entry.safeIntegers = safe;
    }
    return entry;
  }

  /** After DDL, cached column lists may be stale even where the count matches (a renamed column). */
  private afterWrite(sql: string): void {
    if (SCHEMA_CHANGE.test(sql)) this.cache.clear();
  }
}

function columnNames(stmt: Database.Statement<unknown[], unknown[]>): string[] {
  return stmt.columns().map((column) => column.name);
}

/** The driver binds numbers, strings, bigints, Buffers and null only. */
function toSqliteValues(params: readonly SqlValue[]): unknown[] {
  let values: unknown[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    let bound: unknown = value;
    if (typeof value === 'boolean') bound = value ? 1 : 0;
    else if (value instanceof Date) bound = isoDate(value, i);
    else if (value instanceof Uint8Array && !Buffer.isBuffer(value)) bound = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (bound !== value) {
      values ??= params.slice();
      values[i] = bound;
    }
  }
  return (values ?? params) as unknown[];
}
