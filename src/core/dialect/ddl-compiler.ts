/**
 * What each database's DDL compiler provides (src/core/dialect/<db>/ddl.ts). Compilers are pure:
 * state in, SQL text out. DDL carries no values, only identifiers, and every identifier goes through
 * the dialect's quoting.
 */
import type { Statement } from '../ground/values.js';
import type { TableOperation } from './migration-operation.js';
import type { EnumState, ForeignKeyState, IndexState, TableState, ViewState } from './schema-state.js';

export interface DdlCompiler {
  /** CREATE TABLE with columns, primary key, uniques and the given foreign keys (the others are added later). */
  createTable(table: TableState, foreignKeys: readonly ForeignKeyState[]): string;
  /** Statements completing a table that CREATE TABLE cannot say inline (PostgreSQL's COMMENT ON). */
  afterCreateTable(table: TableState): string[];
  createIndex(table: string, index: IndexState): string;
  createView(view: ViewState): string;
  /** Session settings a DDL script needs before its statements (MySQL: the time zone its TIMESTAMP defaults were read in). */
  scriptPreamble(): string[];
  createEnum(type: EnumState): string;
  dropTable(table: string): string;
  /** ALTER TABLE … RENAME TO: indexes, constraints and the foreign keys pointing at the table follow it. */
  renameTable(from: string, to: string): string;
  /**
   * The statements of one migration operation on an existing table, given the table before and after
   * it (schema/migrate/apply-operation.ts). PostgreSQL and MySQL alter the table in place
   * (alter-table-ddl.ts); SQLite, which can alter little, rebuilds it. Absent: the database cannot
   * run migrations yet.
   */
  alterTable?(op: TableOperation, before: TableState, after: TableState): string[];
  /**
   * Whether `alterTable`'s statements must run with foreign-key enforcement off (SQLite's rebuild:
   * dropping the old table would cascade). It cannot be switched inside a transaction, so the runner
   * asks before opening the migration's; the statements themselves fail while it is on, and end with a
   * foreign-key check. Absent: never.
   */
  alterNeedsForeignKeysOff?(op: TableOperation, before: TableState, after: TableState): boolean;
  /**
   * ALTER TABLE … ADD / DROP a foreign key, used where tables reference each other in a cycle.
   * Absent on SQLite, which cannot alter constraints but accepts a reference to a table that does not
   * exist yet, so every foreign key is declared inline there.
   */
  addForeignKey?(table: string, fk: ForeignKeyState): string;
  dropForeignKey?(table: string, fk: ForeignKeyState): string;
  /** Rows [table name]: the base tables of the current schema / database. */
  readonly existingTables: Statement;
  /** Rows [table name, index name]: the indexes of the current schema / database. */
  readonly existingIndexes: Statement;
}
