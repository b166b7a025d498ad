/**
 * The DDL every database shares; src/core/dialect/<db>/ddl.ts supplies the type spellings and
 * overrides the few hooks that differ. A state may come from a file (migrations), so the numbers
 * and keywords it puts into SQL are checked here rather than trusted.
 */
import type { Dialect } from './dialect.js';
import { UsageError } from '../ground/errors.js';
import type { Statement } from '../ground/values.js';
import type { DdlCompiler } from './ddl-compiler.js';
import type { ColumnKind, ColumnState, ColumnType, ForeignKeyState, IndexState, TableState, UniqueState } from './schema-state.js';

/** How a database spells each column type: one entry per kind, so a new kind does not compile until every database has it. */
export type ColumnTypeSpelling = { readonly [K in ColumnKind]: (type: Extract<ColumnType, { kind: K }>) => string };

const ON_DELETE = new Set(['CASCADE', 'SET NULL', 'RESTRICT', 'NO ACTION']);

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
    return `CREATE TABLE ${this.q(table.name)} (\n  ${parts.join(',\n  ')}\n)${this.tableOptions()}`;
  }

  createIndex(table: string, index: IndexState): string {
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${this.q(index.name)} ON ${this.q(table)} (${this.list(index.columns)})`;
  }

  dropTable(table: string): string {
    return `DROP TABLE ${this.q(table)}`;
  }

  protected columnType(type: ColumnType): string {
    const spell = this.types[type.kind] as ((t: ColumnType) => string) | undefined;
    if (!spell) throw new UsageError('VALUE_INVALID', `unknown column type ${JSON.stringify(type.kind)} in the schema state`);
    return spell(type);
  }

  protected columnDefinition(column: ColumnState, primaryKey: boolean): string {
    const notNull = column.nullable && !primaryKey ? '' : ' NOT NULL';
    return `${this.q(column.name)} ${this.columnType(column.type)}${notNull}${this.columnAttributes(column, primaryKey)}`;
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
    return `CONSTRAINT ${this.q(fk.name)} FOREIGN KEY (${this.list(fk.columns)}) REFERENCES ${this.q(fk.referencedTable)} (${this.list(fk.referencedColumns)}) ON DELETE ${fk.onDelete}`;
  }

  protected tableOptions(): string {
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
