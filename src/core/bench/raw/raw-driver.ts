/**
 * The `raw` and `raw_array` variants: the bare driver (better-sqlite3, pg, mysql2) used directly and
 * idiomatically — statements prepared once per SQL text — running the exact statements the ORM
 * produced. `raw` reads rows in the driver's default object form; `raw_array` reads them as arrays,
 * the way the js executor asks for them (pg `rowMode: 'array'`, mysql2 `rowsAsArray`, better-sqlite3
 * `raw(true)`), so it is the ceiling for an executor that builds its own objects.
 */
import type { SqlValue } from '../../ground/values.js';

export interface RawDriver {
  /** The npm package used. */
  readonly packageName: string;
  /** Rows as the driver returns them by default (objects keyed by column alias). */
  query(sql: string, params: readonly SqlValue[]): Promise<readonly Record<string, unknown>[]>;
  /** The same statement, prepared the same way, with each row an array of column values in SELECT order. */
  queryArray(sql: string, params: readonly SqlValue[]): Promise<readonly unknown[][]>;
  /** Rows affected. */
  execute(sql: string, params: readonly SqlValue[]): Promise<number>;
  /** Refreshes the planner's statistics of these (already quoted) tables after seeding. */
  analyze(quotedTables: readonly string[]): Promise<void>;
  /** Server settings that bear on the results (durability, memory), for the report. */
  settings(): Promise<Record<string, string>>;
  close(): Promise<void>;
}
