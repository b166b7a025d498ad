/**
 * The drift check: every difference between the state the models describe and the state read from a
 * database, compared as far as a database can hold them (comparable-state.ts). Constraints and
 * indexes are matched by name; one left over on each side with the same definition is a rename
 * rather than a drop and an add.
 */
import type { DialectName } from '../../ground/values.js';
import type {
  CheckState, ColumnDefault, ColumnState, ColumnType, ForeignKeyState, IndexState, SchemaState, TableState, UniqueState,
} from '../../dialect/schema-state.js';
import { comparableState } from '../inspect/comparable-state.js';
import type { DifferenceObject, SchemaDifference } from './schema-difference.js';

export function diffStates(expected: SchemaState, actual: SchemaState, dialect: DialectName): SchemaDifference[] {
  const want = comparableState(expected, dialect);
  const have = comparableState(actual, dialect);
  const haveTables = new Map(have.tables.map((t) => [t.name, t]));
  const wantNames = new Set(want.tables.map((t) => t.name));
  const out: SchemaDifference[] = [];
  for (const table of want.tables) {
    const other = haveTables.get(table.name);
    if (other === undefined) out.push({ change: 'missing', object: 'table', table: table.name, expected: columnCount(table) });
    else out.push(...diffTables(table, other));
  }
  for (const table of have.tables) {
    if (!wantNames.has(table.name)) out.push({ change: 'extra', object: 'table', table: table.name, actual: columnCount(table) });
  }
  return out;
}

function diffTables(want: TableState, have: TableState): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  const table = want.name;
  const haveColumns = new Map(have.columns.map((c) => [c.name, c]));
  for (const column of want.columns) {
    const other = haveColumns.get(column.name);
    if (other === undefined) out.push({ change: 'missing', object: 'column', table, name: column.name, expected: columnText(column) });
    else out.push(...diffColumns(table, column, other));
  }
  const wantColumns = new Set(want.columns.map((c) => c.name));
  for (const column of have.columns) {
    if (!wantColumns.has(column.name)) out.push({ change: 'extra', object: 'column', table, name: column.name, actual: columnText(column) });
  }
  if (want.primaryKey.join() !== have.primaryKey.join()) {
    out.push({ change: 'changed', object: 'primary key', table, property: 'columns', expected: list(want.primaryKey), actual: list(have.primaryKey) });
  }
  out.push(...diffNamed(table, 'unique', want.uniques, have.uniques, uniqueParts));
  out.push(...diffNamed(table, 'index', want.indexes, have.indexes, indexParts));
  out.push(...diffNamed(table, 'foreign key', want.foreignKeys, have.foreignKeys, foreignKeyParts));
  out.push(...diffNamed(table, 'check', want.checks, have.checks, checkParts));
  return out;
}

function diffColumns(table: string, want: ColumnState, have: ColumnState): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  const changed = (property: string, expected: string, actual: string): void => {
    if (expected !== actual) out.push({ change: 'changed', object: 'column', table, name: want.name, property, expected, actual });
  };
  changed('type', typeText(want.type), typeText(have.type));
  changed('null', nullText(want), nullText(have));
  changed('default', defaultText(want.default), defaultText(have.default));
  changed('generated', generatedText(want), generatedText(have));
  return out;
}

/** Named things: by name first, then a leftover pair with equal definitions is a rename. */
function diffNamed<T extends { readonly name: string }>(
  table: string, object: DifferenceObject, want: readonly T[], have: readonly T[], parts: (item: T) => Record<string, string>,
): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  const haveByName = new Map(have.map((h) => [h.name, h]));
  const missing: T[] = [];
  for (const item of want) {
    const other = haveByName.get(item.name);
    haveByName.delete(item.name);
    if (other === undefined) {
      missing.push(item);
      continue;
    }
    const a = parts(item);
    const b = parts(other);
    for (const property of Object.keys(a)) {
      if (a[property] !== b[property]) out.push({ change: 'changed', object, table, name: item.name, property, expected: a[property], actual: b[property] });
    }
  }
  const extra = [...haveByName.values()];
  for (const item of missing) {
    const text = definition(parts(item));
    const twin = extra.findIndex((e) => definition(parts(e)) === text);
    if (twin >= 0) {
      out.push({ change: 'changed', object, table, name: item.name, property: 'name', expected: item.name, actual: extra[twin]!.name });
      extra.splice(twin, 1);
    } else {
      out.push({ change: 'missing', object, table, name: item.name, expected: text });
    }
  }
  for (const item of extra) out.push({ change: 'extra', object, table, name: item.name, actual: definition(parts(item)) });
  return out;
}

const uniqueParts = (u: UniqueState): Record<string, string> => ({ columns: list(u.columns) });
const checkParts = (c: CheckState): Record<string, string> => ({ expression: c.expression });
const indexParts = (i: IndexState): Record<string, string> => ({
  columns: i.expression ?? list(i.columns),
  unique: i.unique ? 'unique' : 'not unique',
  where: i.where ?? '(none)',
  method: i.method ?? '(default)',
});
const foreignKeyParts = (fk: ForeignKeyState): Record<string, string> => ({
  columns: list(fk.columns),
  references: `${fk.referencedTable}${list(fk.referencedColumns)}`,
  'on delete': fk.onDelete,
  'on update': fk.onUpdate ?? 'NO ACTION',
});

function definition(parts: Record<string, string>): string {
  return Object.entries(parts).map(([k, v]) => `${k} ${v}`).join(', ');
}

function list(columns: readonly string[]): string {
  return `(${columns.join(', ')})`;
}

export function typeText(type: ColumnType): string {
  switch (type.kind) {
    case 'char':
      return `char(${type.maxLength})`;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'raw':
      return type.spelling.toLowerCase();
    default:
      return type.kind;
  }
}

function nullText(c: ColumnState): string {
  return c.nullable ? 'NULL' : 'NOT NULL';
}

function defaultText(d: ColumnDefault | undefined): string {
  if (d === undefined) return '(none)';
  switch (d.kind) {
    case 'value':
      return JSON.stringify(d.value);
    case 'now':
      return d.onUpdate ? 'now, on update' : 'now';
    case 'expression':
      return d.sql;
    case 'function':
      return '(a JS function)';
  }
}

function generatedText(c: ColumnState): string {
  return c.generated ? `${c.generated.expression} ${c.generated.stored ? 'stored' : 'virtual'}` : '(not generated)';
}

function columnText(c: ColumnState): string {
  return `${typeText(c.type)} ${nullText(c)}${c.default ? ` DEFAULT ${defaultText(c.default)}` : ''}`;
}

function columnCount(table: TableState): string {
  return `${table.columns.length} column${table.columns.length === 1 ? '' : 's'}`;
}
