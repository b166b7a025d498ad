/**
 * The DDL every database shares; src/core/dialect/<db>/ddl.ts supplies the type spellings and
 * overrides the few hooks that differ. A state may come from a file (migrations), so the numbers
 * and keywords it puts into SQL are checked here rather than trusted.
 */
import type { Dialect } from './dialect.js';
import { UsageError } from '../ground/errors.js';
import type { Statement } from '../ground/values.js';
import type { DdlCompiler } from './ddl-compiler.js';
import type {
  CheckState, ColumnDefault, ColumnKind, ColumnState, ColumnType, EnumState, ForeignKeyState, IndexState, JsonValue, TableState, UniqueState, ViewState,
} from './schema-state.js';

/** How a database spells each column type: one entry per kind, so a new kind does not compile until every database has it. */
export type ColumnTypeSpelling = { readonly [K in Exclude<ColumnKind, 'raw'>]: (type: Extract<ColumnType, { kind: K }>) => string };

const ON_DELETE = new Set(['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION']);

export abstract class BaseDdlCompiler implements DdlCompiler {
  protected abstract readonly types: ColumnTypeSpelling;
  abstract readonly existingTables: Statement;
  abstract readonly existingIndexes: Statement;

  constructor(protected readonly dialect: Dialect) {}

  createTable(table: TableState, foreignKeys: readonly ForeignKeyState[]): string {
    const pk = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
    const parts = table.columns.map((c) => this.columnDefinition(c, c.name === pk));
    if (table.primaryKey.length > 1) parts.push(`PRIMARY KEY (${this.list(table.primaryKey)})`);
    for (const u of table.uniques) parts.push(this.uniqueConstraint(u));
    for (const fk of foreignKeys) parts.push(this.foreignKeyConstraint(fk));
    for (const check of table.checks) parts.push(this.checkConstraint(check));
    return `CREATE TABLE ${this.q(table.name)} (\n  ${parts.join(',\n  ')}\n)${this.tableOptions(table)}`;
  }

  /** Statements that complete a table after CREATE TABLE where the database cannot say it inline (PostgreSQL's comments). */
  afterCreateTable(_table: TableState): string[] {
    return [];
  }

  createIndex(table: string, index: IndexState): string {
    const where = index.where === undefined ? '' : ` WHERE ${index.where}`;
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${this.q(index.name)} ON ${this.q(table)}${this.indexMethod(index)} (${this.indexKey(index)})${where}`;
  }

  createView(view: ViewState): string {
    return `CREATE ${view.materialized ? 'MATERIALIZED ' : ''}VIEW ${this.q(view.name)} AS ${view.definition.trim().replace(/;$/, '')}`;
  }

  scriptPreamble(): string[] {
    return [];
  }

  /** Only PostgreSQL has named enum types; elsewhere a state holding one came from PostgreSQL and cannot be created. */
  createEnum(type: EnumState): string {
    throw new UsageError('VALUE_INVALID', `enum type ${type.name}: this database has no named enum types (the state was read from PostgreSQL)`);
  }

  dropTable(table: string): string {
    return `DROP TABLE ${this.q(table)}`;
  }

  /** The standard spelling, which PostgreSQL, MySQL/MariaDB and SQLite all take. */
  renameTable(from: string, to: string): string {
    return `ALTER TABLE ${this.q(from)} RENAME TO ${this.q(to)}`;
  }

  protected columnType(type: ColumnType): string {
    // A raw type is the database's own spelling, read from it or written by the user as a field's dbType.
    if (type.kind === 'raw') return type.spelling;
    const spell = this.types[type.kind] as ((t: ColumnType) => string) | undefined;
    if (!spell) throw new UsageError('VALUE_INVALID', `unknown column type ${JSON.stringify(type.kind)} in the schema state`);
    return spell(type);
  }

  protected columnDefinition(column: ColumnState, primaryKey: boolean): string {
    const generated = column.generated ? this.generatedClause(column.generated) : '';
    const dflt = column.default && !column.generated ? this.defaultClause(column, column.default) : '';
    return `${this.q(column.name)} ${this.spelledType(column)}${generated}${this.nullability(column, primaryKey)}${dflt}${this.columnAttributes(column, primaryKey)}${this.columnComment(column)}`;
  }

  /** The column's type as written; databases that keep a read column's own spelling override it. */
  protected spelledType(column: ColumnState): string {
    return this.columnType(column.type);
  }

  protected nullability(column: ColumnState, primaryKey: boolean): string {
    return column.nullable && !primaryKey ? '' : ' NOT NULL';
  }

  /** An inline column comment, where the database has one (MySQL). */
  protected columnComment(_column: ColumnState): string {
    return '';
  }

  /** ` DEFAULT …`, or '' for a default the database cannot hold (a JS function). */
  protected defaultClause(column: ColumnState, dflt: ColumnDefault): string {
    switch (dflt.kind) {
      case 'function':
        return '';
      case 'now':
        return ` DEFAULT ${this.nowDefault(column, dflt.onUpdate)}`;
      case 'expression':
        return ` DEFAULT ${this.expressionDefault(dflt.sql)}`;
      case 'value':
        return dflt.value === null ? ' DEFAULT NULL' : ` DEFAULT ${this.literal(dflt.value, column.type)}`;
    }
  }

  protected nowDefault(_column: ColumnState, _onUpdate: boolean): string {
    return 'CURRENT_TIMESTAMP';
  }

  protected expressionDefault(sql: string): string {
    return sql;
  }

  /**
   * A default value written into DDL, which takes no bound parameters: each kind of value becomes a
   * literal of a fixed shape, and strings are quoted by the dialect's rule (`stringLiteral`).
   */
  protected literal(value: JsonValue, type: ColumnType): string {
    // A JSON column's default is JSON text, whatever the value: the string "a" is stored as '"a"'.
    if (type.kind === 'json') return this.stringLiteral(JSON.stringify(value));
    if (typeof value === 'boolean') return this.booleanLiteral(value);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new UsageError('VALUE_INVALID', `default ${String(value)} is not a finite number`);
      return String(value);
    }
    if (typeof value === 'string') {
      if (type.kind === 'bigint' || type.kind === 'decimal' || type.kind === 'int' || type.kind === 'float') {
        if (!/^-?\d+(\.\d+)?$/.test(value)) throw new UsageError('VALUE_INVALID', `default ${JSON.stringify(value)} of a ${type.kind} column is not a decimal number`);
        return value;
      }
      if (type.kind === 'datetime') return this.stringLiteral(this.datetimeText(value));
      if (type.kind === 'binary') return this.binaryLiteral(value);
      return this.stringLiteral(value);
    }
    // Objects and arrays outside a JSON column (a raw type): their JSON text.
    return this.stringLiteral(JSON.stringify(value));
  }

  protected booleanLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  /** Standard SQL: a quote inside a string is doubled; nothing else is special. */
  protected stringLiteral(value: string): string {
    return `'${value.replaceAll("'", "''")}'`;
  }

  /** Hex digits, as the state holds binary defaults. */
  protected binaryLiteral(hex: string): string {
    if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new UsageError('VALUE_INVALID', `binary default ${JSON.stringify(hex)} is not hex`);
    return `X'${hex}'`;
  }

  /** A datetime default (ISO-8601 in the state) as this database's column holds it. */
  protected datetimeText(iso: string): string {
    return iso;
  }

  protected generatedClause(generated: { readonly expression: string; readonly stored: boolean }): string {
    return ` GENERATED ALWAYS AS (${generated.expression}) ${generated.stored ? 'STORED' : 'VIRTUAL'}`;
  }

  protected checkConstraint(check: CheckState): string {
    return `CONSTRAINT ${this.q(check.name)} CHECK (${check.expression})`;
  }

  protected indexMethod(index: IndexState): string {
    if (index.method !== undefined) throw new UsageError('VALUE_INVALID', `index ${index.name}: this database has no index method ${JSON.stringify(index.method)}`);
    return '';
  }

  protected indexKey(index: IndexState): string {
    return index.expression ?? this.list(index.columns);
  }

  /** What follows NOT NULL: the auto-increment attribute and an inline PRIMARY KEY. */
  protected columnAttributes(_column: ColumnState, primaryKey: boolean): string {
    return primaryKey ? ' PRIMARY KEY' : '';
  }

  protected uniqueConstraint(u: UniqueState): string {
    return `CONSTRAINT ${this.q(u.name)} UNIQUE (${this.list(u.columns)})`;
  }

  protected foreignKeyConstraint(fk: ForeignKeyState): string {
    if (!ON_DELETE.has(fk.onDelete)) throw new UsageError('VALUE_INVALID', `foreign key ${fk.name}: onDelete must be one of ${[...ON_DELETE].join(', ')}`);
    if (fk.onUpdate !== undefined && !ON_DELETE.has(fk.onUpdate)) throw new UsageError('VALUE_INVALID', `foreign key ${fk.name}: onUpdate must be one of ${[...ON_DELETE].join(', ')}`);
    const onUpdate = fk.onUpdate === undefined ? '' : ` ON UPDATE ${fk.onUpdate}`;
    return `CONSTRAINT ${this.q(fk.name)} FOREIGN KEY (${this.list(fk.columns)}) REFERENCES ${this.q(fk.referencedTable)} (${this.list(fk.referencedColumns)}) ON DELETE ${fk.onDelete}${onUpdate}`;
  }

  protected tableOptions(_table: TableState): string {
    return '';
  }

  protected q(name: string): string {
    return this.dialect.quoteIdent(name);
  }

  protected list(names: readonly string[]): string {
    return names.map((n) => this.q(n)).join(', ');
  }
}

/** A length, precision or scale for a type, checked to be a plain integer before it is written into SQL. */
export function size(n: number, min = 0): string {
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError('VALUE_INVALID', `invalid column size ${String(n)} in the schema state`);
  return String(n);
}
