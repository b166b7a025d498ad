import { UsageError } from '../../ground/errors.js';
import { AlterTableDdl } from '../alter-table-ddl.js';
import { size, type ColumnTypeSpelling } from '../base-ddl-compiler.js';
import type { TableOperation } from '../migration-operation.js';
import type { ColumnDefault, ColumnState, ForeignKeyState, IndexState, TableState, UniqueState } from '../schema-state.js';
import { unquote } from './introspect-defaults.js';
import { fractionDigits, mysqlColumnType, sameColumnType } from './introspect-types.js';

/** Types whose default MySQL 8 takes only as an expression, `DEFAULT (…)` (MariaDB takes both). */
const EXPRESSION_DEFAULT_ONLY = /^(?:(?:tiny|medium|long)?(?:text|blob)|json|geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection)\b/i;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const INDEX_USING: Record<string, string | undefined> = { btree: 'BTREE', hash: 'HASH', rtree: 'RTREE' };

/**
 * MySQL / MariaDB DDL. Tables use utf8mb4 with the binary collation, so `=` and LIKE are
 * case-sensitive exactly as on PostgreSQL and SQLite (the query compiler relies on it).
 * DATETIME(3) holds UTC: the field layer converts.
 *
 * A state read from a database keeps each column's own spelling in `dbType`; where that spelling
 * means the same kind (introspect-types.ts), it is written as it was, so the `sql` format recreates
 * a TEXT column as TEXT and a TIMESTAMP as TIMESTAMP rather than as the kind's default spelling.
 */
export class MySqlDdl extends AlterTableDdl {
  /** Oxen's sessions use UTC, so a TIMESTAMP default read through one is UTC text: the script must be run the same way. */
  override scriptPreamble(): string[] {
    return ["SET time_zone = '+00:00'"];
  }

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

  /** The column's type: its read spelling where that is the same kind (see the class comment), else the kind's. */
  protected override spelledType(column: ColumnState): string {
    const auto = column.type.kind === 'auto' || column.type.kind === 'bigAuto';
    if (column.dbType !== undefined && column.type.kind !== 'raw' && sameColumnType(mysqlColumnType(column.dbType, auto), column.type)) return column.dbType;
    return this.columnType(column.type);
  }

  /** A nullable TIMESTAMP says NULL: where explicit_defaults_for_timestamp is off, a bare TIMESTAMP is NOT NULL with an automatic default. */
  protected override nullability(column: ColumnState, primaryKey: boolean): string {
    if (!column.nullable || primaryKey) return ' NOT NULL';
    return /^timestamp\b/i.test(this.spelledType(column)) ? ' NULL' : '';
  }

  protected override columnComment(column: ColumnState): string {
    return column.comment === undefined ? '' : ` COMMENT ${commentLiteral(column.comment)}`;
  }

  /** Defaults of TEXT, BLOB, JSON and geometry columns go in parentheses, the only form MySQL 8 takes for them; so do the CONVERT(…) of stringLiteral. */
  protected override defaultClause(column: ColumnState, dflt: ColumnDefault): string {
    const parenthesised = EXPRESSION_DEFAULT_ONLY.test(this.spelledType(column));
    if (dflt.kind === 'value' && dflt.value !== null) {
      const literal = this.literal(dflt.value, column.type);
      return ` DEFAULT ${parenthesised || !isLiteral(literal) ? `(${literal})` : literal}`;
    }
    if (dflt.kind === 'expression') return ` DEFAULT ${isLiteral(dflt.sql) && !parenthesised ? dflt.sql : `(${dflt.sql})`}`;
    return super.defaultClause(column, dflt);
  }

  /** CURRENT_TIMESTAMP with the column's fraction digits (DATETIME(3) takes only CURRENT_TIMESTAMP(3)), and MySQL's ON UPDATE for `autoNow`. */
  protected override nowDefault(column: ColumnState, onUpdate: boolean): string {
    const digits = fractionDigits(this.spelledType(column)) ?? 0;
    const now = digits === 0 ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${digits})`;
    return onUpdate ? `${now} ON UPDATE ${now}` : now;
  }

  protected override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  /**
   * A quote is doubled, which every sql_mode reads the same way. A backslash means an escape unless
   * NO_BACKSLASH_ESCAPES is set, so no quoted form of it reads the same under both: a string holding
   * one (or a NUL) is written as its UTF-8 bytes in hex, converted, which does — and which MariaDB
   * also prints back intact (it garbles `_utf8mb4 X'…'` in the default of a TEXT or JSON column).
   */
  protected override stringLiteral(value: string): string {
    if (/[\\\0]/.test(value)) return `CONVERT(X'${Buffer.from(value, 'utf8').toString('hex')}' USING utf8mb4)`;
    return `'${value.replaceAll("'", "''")}'`;
  }

  /** DATETIME(3) holds UTC as `YYYY-MM-DD HH:MM:SS.sss`; MySQL reads an ISO-8601 `T…Z` only with a warning, or not at all. */
  protected override datetimeText(iso: string): string {
    const date = new Date(iso);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(date.getTime())) throw new UsageError('VALUE_INVALID', `datetime default ${JSON.stringify(iso)} is not an ISO-8601 time`);
    return date.toISOString().replace('T', ' ').replace('Z', '');
  }

  override createIndex(table: string, index: IndexState): string {
    if (index.where !== undefined) throw new UsageError('VALUE_INVALID', `index ${index.name}: MySQL has no partial indexes (WHERE …); the state was read from another database`);
    const method = index.method?.toLowerCase();
    const kind = method === 'fulltext' ? 'FULLTEXT ' : method === 'spatial' ? 'SPATIAL ' : index.unique ? 'UNIQUE ' : '';
    let using = '';
    if (method !== undefined && kind !== 'FULLTEXT ' && kind !== 'SPATIAL ') {
      const spelled = INDEX_USING[method];
      if (spelled === undefined) throw new UsageError('VALUE_INVALID', `index ${index.name}: MySQL has no index method ${JSON.stringify(index.method)}`);
      using = ` USING ${spelled}`;
    }
    return `CREATE ${kind}INDEX ${this.q(index.name)} ON ${this.q(table)} (${this.indexKey(index)})${using}`;
  }

  protected override columnAttributes(column: ColumnState, primaryKey: boolean): string {
    const auto = column.type.kind === 'auto' || column.type.kind === 'bigAuto';
    return (auto ? ' AUTO_INCREMENT' : '') + super.columnAttributes(column, primaryKey);
  }

  /** A unique constraint is an index here: name the index itself rather than rely on how a version treats a CONSTRAINT symbol. */
  protected override uniqueConstraint(u: UniqueState): string {
    return `UNIQUE KEY ${this.q(u.name)} (${this.list(u.columns)})`;
  }

  protected override tableOptions(table: TableState): string {
    const comment = table.comment === undefined ? '' : ` COMMENT=${commentLiteral(table.comment)}`;
    return ` ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin${comment}`;
  }

  addForeignKey(table: string, fk: ForeignKeyState): string {
    return `ALTER TABLE ${this.q(table)} ADD ${this.foreignKeyConstraint(fk)}`;
  }

  dropForeignKey(table: string, fk: ForeignKeyState): string {
    return `ALTER TABLE ${this.q(table)} DROP FOREIGN KEY ${this.q(fk.name)}`;
  }

  /**
   * Dropping a foreign key leaves the index InnoDB made for it (named as the constraint), which
   * exists exactly when no other index starts with its columns (InnoDB drops it once one does):
   * the state never held it, so it goes too.
   */
  override alterTable(op: TableOperation, before: TableState, after: TableState): string[] {
    const statements = super.alterTable(op, before, after);
    if (op.op !== 'dropForeignKey') return statements;
    const fk = before.foreignKeys.find((f) => f.name === op.name);
    if (fk === undefined || coveredByKey(before, fk.columns)) return statements;
    return [...statements, this.dropIndex(op.table, fk.name)];
  }

  /**
   * MODIFY COLUMN with the column's whole definition (type, NOT NULL, default, AUTO_INCREMENT, comment):
   * what it leaves out, it removes. NULLs take the default first, which strict mode would refuse.
   */
  protected alterColumn(table: string, before: ColumnState, after: ColumnState): string[] {
    this.checkGenerated(table, before, after);
    return [...this.fillNulls(table, before, after), `ALTER TABLE ${this.q(table)} MODIFY COLUMN ${this.columnDefinition(after, false)}`];
  }

  /** An index name is unique per table here, so the table is named. */
  protected override dropIndex(table: string, name: string): string {
    return `DROP INDEX ${this.q(name)} ON ${this.q(table)}`;
  }

  /** A unique constraint is its index. */
  protected override dropUnique(table: string, name: string): string {
    return `ALTER TABLE ${this.q(table)} DROP INDEX ${this.q(name)}`;
  }
}

/**
 * COMMENT takes only a quoted string, so the hex form is not open to it: quotes are doubled and
 * backslashes escaped, which reads back exactly in the default sql_mode; under NO_BACKSLASH_ESCAPES
 * each backslash doubles in the comment, never breaking the statement.
 */
function commentLiteral(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** Whether the primary key, a unique or a plain index starts with these columns, so InnoDB needs no index of its own for them. */
function coveredByKey(table: TableState, columns: readonly string[]): boolean {
  const keys = [table.primaryKey, ...table.uniques.map((u) => u.columns), ...table.indexes.filter((i) => i.expression === undefined).map((i) => i.columns)];
  return keys.some((key) => columns.length <= key.length && columns.every((c, i) => key[i] === c));
}

/** An expression default that is one literal (a quoted string, a number, a bit value, NULL), written without parentheses. */
function isLiteral(sql: string): boolean {
  const s = sql.trim();
  return NUMBER.test(s) || /^b'[01]*'$/i.test(s) || /^(?:null|true|false)$/i.test(s) || unquote(s) !== undefined;
}
