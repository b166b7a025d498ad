import { BaseDdlCompiler, size, type ColumnTypeSpelling } from '../base-ddl-compiler.js';
import type { ColumnState } from '../schema-state.js';

/**
 * SQLite DDL. Decimals are TEXT because NUMERIC affinity would turn them into floats; datetimes are
 * ISO-8601 TEXT, which sorts correctly. SQLite cannot add a foreign key to an existing table, but
 * accepts references to tables not created yet, so every foreign key is declared in CREATE TABLE
 * (no addForeignKey / dropForeignKey).
 */
export class SqliteDdl extends BaseDdlCompiler {
  protected readonly types: ColumnTypeSpelling = {
    auto: () => 'INTEGER',
    bigAuto: () => 'INTEGER',
    int: () => 'INTEGER',
    bigint: () => 'INTEGER',
    float: () => 'REAL',
    decimal: () => 'TEXT',
    boolean: () => 'INTEGER',
    char: (t) => `VARCHAR(${size(t.maxLength, 1)})`,
    text: () => 'TEXT',
    datetime: () => 'TEXT',
    date: () => 'TEXT',
    json: () => 'TEXT',
    uuid: () => 'TEXT',
    binary: () => 'BLOB',
  };

  readonly existingTables = { sql: 'SELECT name FROM sqlite_master WHERE type = ?', params: ['table'] };
  readonly existingIndexes = { sql: 'SELECT tbl_name, name FROM sqlite_master WHERE type = ?', params: ['index'] };

  /** INTEGER PRIMARY KEY makes the column the rowid; AUTOINCREMENT keeps ids of deleted rows from being reused, as on the servers. */
  protected override columnAttributes(column: ColumnState, primaryKey: boolean): string {
    const auto = column.type.kind === 'auto' || column.type.kind === 'bigAuto';
    return primaryKey && auto ? ' PRIMARY KEY AUTOINCREMENT' : super.columnAttributes(column, primaryKey);
  }
}
