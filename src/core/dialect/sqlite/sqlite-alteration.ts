/**
 * What SQLite's alteration of a table takes from its DDL compiler and gives back (alter-table.ts,
 * rebuild-table.ts), apart so the files of the rebuild need not import each other.
 */
import type { ColumnState, ForeignKeyState, IndexState, TableState } from '../schema-state.js';

/** What the alteration needs of SQLite's DDL compiler (SqliteDdl.alterTable hands it over, some of it protected there). */
export interface SqliteDdlParts {
  createTable(table: TableState, foreignKeys: readonly ForeignKeyState[]): string;
  createIndex(table: string, index: IndexState): string;
  /** A column's definition as CREATE TABLE and ADD COLUMN write it (never a primary key). */
  columnDefinition(column: ColumnState): string;
  /** The column's default as an SQL expression, or undefined where the database holds none (none, a JS function, NULL). */
  defaultExpression(column: ColumnState): string | undefined;
  quote(name: string): string;
  stringLiteral(value: string): string;
}

export interface SqliteAlteration {
  /** Run in order, inside the migration's transaction. */
  readonly statements: string[];
  /**
   * The table is rebuilt: `PRAGMA foreign_keys = OFF` must be set before the transaction begins and ON
   * again after it ends, since SQLite ignores the pragma inside a transaction — and with foreign keys
   * on, DROP TABLE of the old table deletes (or cascades to, or is refused for) every row that
   * references it. The statements check both: the first fails if foreign keys are on, the last if
   * any foreign key is violated afterwards.
   */
  readonly foreignKeysOff: boolean;
  /** The rebuilt table, whose triggers DROP TABLE removed with it: the runner reads and warns about them first. */
  readonly rebuilt?: string;
}
