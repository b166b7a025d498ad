import { BaseDdlCompiler, size, type ColumnTypeSpelling } from '../base-ddl-compiler.js';
import type { ColumnState, ForeignKeyState, UniqueState } from '../schema-state.js';

/**
 * MySQL / MariaDB DDL. Tables use utf8mb4 with the binary collation, so `=` and LIKE are
 * case-sensitive exactly as on PostgreSQL and SQLite (the query compiler relies on it).
 * DATETIME(3) holds UTC: the field layer converts.
 */
export class MySqlDdl extends BaseDdlCompiler {
  protected readonly types: ColumnTypeSpelling = {
    auto: () => 'INT',
    bigAuto: () => 'BIGINT',
    int: () => 'INT',
    bigint: () => 'BIGINT',
    float: () => 'DOUBLE',
    decimal: (t) => `DECIMAL(${size(t.precision, 1)},${size(t.scale)})`,
    boolean: () => 'TINYINT(1)',
    char: (t) => `VARCHAR(${size(t.maxLength, 1)})`,
    text: () => 'LONGTEXT',
    datetime: () => 'DATETIME(3)',
    date: () => 'DATE',
    // On MariaDB an alias of LONGTEXT with a json_valid() check.
    json: () => 'JSON',
    uuid: () => 'CHAR(36)',
    binary: () => 'LONGBLOB',
  };

  readonly existingTables = {
    sql: 'SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = ?',
    params: ['BASE TABLE'],
  };
  readonly existingIndexes = {
    sql: 'SELECT DISTINCT table_name, index_name FROM information_schema.statistics WHERE table_schema = DATABASE()',
    params: [],
  };

  protected override columnAttributes(column: ColumnState, primaryKey: boolean): string {
    const auto = column.type.kind === 'auto' || column.type.kind === 'bigAuto';
    return (auto ? ' AUTO_INCREMENT' : '') + super.columnAttributes(column, primaryKey);
  }

  /** A unique constraint is an index here: name the index itself rather than rely on how a version treats a CONSTRAINT symbol. */
  protected override uniqueConstraint(u: UniqueState): string {
    return `UNIQUE KEY ${this.q(u.name)} (${this.list(u.columns)})`;
  }

  protected override tableOptions(): string {
    return ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';
  }

  addForeignKey(table: string, fk: ForeignKeyState): string {
    return `ALTER TABLE ${this.q(table)} ADD ${this.foreignKeyConstraint(fk)}`;
  }

  dropForeignKey(table: string, fk: ForeignKeyState): string {
    return `ALTER TABLE ${this.q(table)} DROP FOREIGN KEY ${this.q(fk.name)}`;
  }
}
