/**
 * One inspected fact as the text of a table cell, shared by the browser and the plain tables so both
 * say the same thing: a column's type as the database spells it beside the kind Oxen reads it as, its
 * default, its key flags, counts and sizes.
 */
import type { ColumnDefault, ColumnState, ColumnType, ForeignKeyState, IndexState, TableState } from '../../core/dialect/schema-state.js';
import { MISSING, formatBytes, formatCount, oneLine } from '../monitor/format.js';

export { MISSING };

/** The kind Oxen reads the column as, with its parameters: `decimal(10,2)`, `char(255)`, `raw`. */
export function kindText(type: ColumnType): string {
  switch (type.kind) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'char':
      return `char(${type.maxLength})`;
    default:
      return type.kind;
  }
}

/** The type as the database spells it; a state made from models has no spelling, so the kind stands in. */
export function dbTypeText(column: ColumnState): string {
  if (column.dbType !== undefined) return column.dbType;
  return column.type.kind === 'raw' ? column.type.spelling : kindText(column.type);
}

const QUOTED_KINDS: ReadonlySet<ColumnType['kind']> = new Set(['text', 'char', 'uuid', 'datetime', 'date', 'binary', 'raw']);

/** A default as a reader expects it: strings quoted, numbers bare, SQL expressions as written. */
export function defaultText(column: ColumnState): string {
  if (column.generated !== undefined) return `generated: ${oneLine(column.generated.expression)} (${column.generated.stored ? 'stored' : 'virtual'})`;
  return column.default === undefined ? '' : defaultValueText(column.default, column.type);
}

function defaultValueText(d: ColumnDefault, type: ColumnType): string {
  switch (d.kind) {
    case 'now':
      return d.onUpdate ? 'now, on update now' : 'now';
    case 'function':
      return '(computed in JS)';
    case 'expression':
      return oneLine(d.sql);
    case 'value':
      if (typeof d.value === 'string') return QUOTED_KINDS.has(type.kind) ? `'${d.value}'` : d.value;
      return JSON.stringify(d.value);
  }
}

/** PK, FK, UQ: UQ for a column that is unique on its own (a one-column unique constraint or plain unique index). */
export function keyText(table: TableState, column: string): string {
  const keys: string[] = [];
  if (table.primaryKey.includes(column)) keys.push('PK');
  if (table.foreignKeys.some((fk) => fk.columns.includes(column))) keys.push('FK');
  const aloneUnique =
    table.uniques.some((u) => u.columns.length === 1 && u.columns[0] === column) ||
    table.indexes.some((i) => i.unique && i.where === undefined && i.expression === undefined && i.columns.length === 1 && i.columns[0] === column);
  if (aloneUnique) keys.push('UQ');
  return keys.join(' ');
}

/** An index's key: its expression where it has one (it already names the columns), else its columns. */
export function indexKeyText(index: IndexState): string {
  return index.expression !== undefined ? oneLine(index.expression) : index.columns.join(', ');
}

export function referenceText(fk: ForeignKeyState): string {
  return `${fk.referencedTable}(${fk.referencedColumns.join(', ')})`;
}

/** ON UPDATE is left out of the state when it is NO ACTION, the default everywhere. */
export function onUpdateText(fk: ForeignKeyState): string {
  return fk.onUpdate ?? 'NO ACTION';
}

export function nullText(column: ColumnState): string {
  return column.nullable ? 'null' : 'not null';
}

export function countText(n: number | null | undefined): string {
  return formatCount(n);
}

export function bytesText(n: number | null | undefined): string {
  return formatBytes(n);
}

/** "3 tables", "1 view": the count with its noun, plural when it is not one. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : nouns}`;
}

export { oneLine };
