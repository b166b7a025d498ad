import { UsageError } from '../../ground/errors.js';
import { BaseDdlCompiler, size, type ColumnTypeSpelling } from '../base-ddl-compiler.js';
import type { TableOperation } from '../migration-operation.js';
import type { ColumnState, ColumnType, JsonValue, TableState } from '../schema-state.js';
import { sqliteAlterTable } from './alter-table.js';
import { formatSqliteDatetime } from './datetime-text.js';
import type { SqliteAlteration } from './sqlite-alteration.js';

/**
 * SQLite DDL. SQLite has no column types, only affinities chosen from the declared type's spelling
 * (https://sqlite.org/datatype3.html §3.1), so each kind gets a spelling of its own — which is how
 * `oxen inspect` tells the kinds apart again (introspect-types.ts is the reverse map) — chosen for
 * the affinity that stores the kind's values unchanged, and where possible what other tools write:
 *  - int `INTEGER`, bigint `BIGINT` (INTEGER affinity); float `REAL`; binary `BLOB`; text `TEXT`;
 *    char `VARCHAR(n)` (TEXT affinity; SQLite does not enforce the length, the field does).
 *  - decimal `DECIMAL TEXT(p,s)` and json `JSON TEXT`: TEXT affinity, because under the NUMERIC
 *    affinity of a plain DECIMAL or JSON, '9.90' would be stored as the float 9.9 and the JSON text
 *    '123' as a number. Two-word type names like `UNSIGNED BIG INT` are SQLite's own style.
 *  - boolean `BOOLEAN` (NUMERIC affinity; Oxen binds 0 and 1), datetime `DATETIME`, date `DATE`,
 *    uuid `UUID` (NUMERIC affinity, which keeps text that is not a number as text: Oxen's datetime,
 *    date and UUID texts never are) — as Django, Rails and Prisma spell them.
 *  - auto / bigAuto: `INTEGER PRIMARY KEY AUTOINCREMENT`, the 64-bit rowid either way.
 * SQLite cannot add a foreign key to an existing table, but accepts references to tables not created
 * yet, so every foreign key is declared in CREATE TABLE (no addForeignKey / dropForeignKey).
 */
export class SqliteDdl extends BaseDdlCompiler {
  protected readonly types: ColumnTypeSpelling = {
    auto: () => 'INTEGER',
    bigAuto: () => 'INTEGER',
    int: () => 'INTEGER',
    bigint: () => 'BIGINT',
    float: () => 'REAL',
    decimal: (t) => `DECIMAL TEXT(${size(t.precision, 1)},${size(t.scale)})`,
    boolean: () => 'BOOLEAN',
    char: (t) => `VARCHAR(${size(t.maxLength, 1)})`,
    text: () => 'TEXT',
    datetime: () => 'DATETIME',
    date: () => 'DATE',
    json: () => 'JSON TEXT',
    uuid: () => 'UUID',
    binary: () => 'BLOB',
  };

  readonly existingTables = { sql: 'SELECT name FROM sqlite_master WHERE type = ?', params: ['table'] };
  readonly existingIndexes = { sql: 'SELECT tbl_name, name FROM sqlite_master WHERE type = ?', params: ['index'] };

  /**
   * As the base, except that a nullable primary-key column stays nullable: SQLite lets a rowid
   * table's non-integer key hold NULL unless declared NOT NULL, and an inspected state says which.
   */
  protected override nullability(column: ColumnState): string {
    const auto = column.type.kind === 'auto' || column.type.kind === 'bigAuto';
    return column.nullable && !auto ? '' : ' NOT NULL';
  }

  /** INTEGER PRIMARY KEY makes the column the rowid; AUTOINCREMENT keeps ids of deleted rows from being reused, as on the servers. */
  protected override columnAttributes(column: ColumnState, primaryKey: boolean): string {
    const auto = column.type.kind === 'auto' || column.type.kind === 'bigAuto';
    return primaryKey && auto ? ' PRIMARY KEY AUTOINCREMENT' : super.columnAttributes(column, primaryKey);
  }

  /** 1 and 0, which SQLite stores for TRUE and FALSE anyway, and which SQLite before 3.23 can still parse. */
  protected override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  /** Decimals quoted, since a bare 9.90 is a float literal and would be stored as '9.9'. */
  protected override literal(value: JsonValue, type: ColumnType): string {
    if (type.kind === 'decimal' && typeof value === 'string') return this.stringLiteral(super.literal(value, type));
    return super.literal(value, type);
  }

  /** The text Oxen's codec writes for an instant, so a default compares with the rows Oxen writes. */
  protected override datetimeText(iso: string): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) throw new UsageError('VALUE_INVALID', `datetime default ${JSON.stringify(iso)} is not an ISO-8601 instant`);
    return formatSqliteDatetime(date);
  }

  /** SQLite takes an expression default only in parentheses (a literal or CURRENT_* may stand alone). */
  protected override expressionDefault(sql: string): string {
    return `(${sql})`;
  }

  /**
   * ALTER TABLE where SQLite can, the table rebuilt where it cannot (alter-table.ts). A rebuild needs
   * PRAGMA foreign_keys = OFF around the migration's transaction: its first statement fails while they
   * are on, and its last runs PRAGMA foreign_key_check.
   */
  alterTable(op: TableOperation, before: TableState, after: TableState): string[] {
    return this.alteration(op, before, after).statements;
  }

  alterNeedsForeignKeysOff(op: TableOperation, before: TableState, after: TableState): boolean {
    return this.alteration(op, before, after).foreignKeysOff;
  }

  private alteration(op: TableOperation, before: TableState, after: TableState): SqliteAlteration {
    return sqliteAlterTable(op, before, after, {
      createTable: (table, foreignKeys) => this.createTable(table, foreignKeys),
      createIndex: (table, index) => this.createIndex(table, index),
      columnDefinition: (column) => this.columnDefinition(column, false),
      defaultExpression: (column) => {
        const dflt = column.default;
        if (dflt === undefined || dflt.kind === 'function' || column.generated || (dflt.kind === 'value' && dflt.value === null)) return undefined;
        return this.defaultClause(column, dflt).replace(/^ DEFAULT /, '');
      },
      quote: (name) => this.q(name),
      stringLiteral: (value) => this.stringLiteral(value),
    });
  }

  protected override tableOptions(table: TableState): string {
    return table.withoutRowid === true ? ' WITHOUT ROWID' : '';
  }
}
