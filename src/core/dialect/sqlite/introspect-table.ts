/**
 * One table's state from its catalog rows and its CREATE TABLE / CREATE INDEX texts. The pragmas say
 * what exists; the texts give names and expressions. Constraints declared without a name get the
 * name Oxen would give them (`<table>_<columns>_key|fk|check`), which the `sql` format then writes,
 * so the database it recreates reads back the same. What the state cannot hold is warned about.
 */
import { constraintName } from '../constraint-name.js';
import {
  byName, type CheckState, type ColumnState, type ForeignKeyState, type IndexState, type OnDelete, type TableState, type UniqueState,
} from '../schema-state.js';
import type { CatalogColumn, CatalogForeignKey, CatalogIndex } from './introspect-catalog.js';
import { parseCreateIndex } from './introspect-create-index.js';
import { parseCreateTable, type ParsedColumn, type ParsedTable } from './introspect-create-table.js';
import { columnDefaultOf } from './introspect-defaults.js';
import { columnTypeOfDeclared } from './introspect-types.js';

export interface TableSource {
  readonly name: string;
  readonly sql: string;
  readonly columns: readonly CatalogColumn[];
  readonly indexes: readonly CatalogIndex[];
  readonly foreignKeys: readonly CatalogForeignKey[];
  /** CREATE INDEX texts by index name. */
  readonly indexSql: ReadonlyMap<string, string>;
  /** A referenced table's primary-key columns, for a REFERENCES clause that names none. */
  readonly primaryKeyOf: (table: string) => readonly string[];
}

const lower = (names: readonly string[]) => names.map((n) => n.toLowerCase()).join('\0');

export function tableState(source: TableSource, warn: (object: string, message: string) => void): TableState {
  const { name } = source;
  const parsed = parseCreateTable(source.sql);
  const primaryKey = source.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const rowidKey = rowidKeyOf(source, parsed, primaryKey);
  const declared = new Map(parsed.columns.map((p) => [p.name.toLowerCase(), p]));
  const columns = source.columns.map((c) => column(name, c, declared.get(c.name.toLowerCase()), c.name === rowidKey, warn));
  // Names the text gives are kept as they are; a made-up name avoids them and every other made-up one.
  const used = new Set([...parsed.uniques, ...parsed.foreignKeys, ...parsed.checks].flatMap((c) => (c.name === undefined ? [] : [c.name])));
  const table: TableState = {
    name,
    columns,
    primaryKey,
    uniques: uniques(source, parsed, used, warn).sort(byName),
    indexes: source.indexes.filter((i) => i.origin === 'c').map((i) => index(source, i, warn)).sort(byName),
    foreignKeys: foreignKeys(source, parsed, used, warn).sort(byName),
    checks: checks(name, parsed, used).sort(byName),
  };
  if (parsed.conflictClauses.length > 0) warn(name, `ON CONFLICT clauses are not in the state, and DDL made from it leaves them out: ${parsed.conflictClauses.join('; ')}`);
  if (parsed.primaryKeyName !== undefined) warn(name, `the primary key's constraint name ${parsed.primaryKeyName} is not in the state (SQLite never refers to it); DDL made from it leaves the key unnamed`);
  if (parsed.strict) warn(name, 'a STRICT table: STRICT is not in the state, and DDL made from it creates an ordinary table');
  return parsed.withoutRowid ? { ...table, withoutRowid: true } : table;
}

/**
 * The column that is the rowid (https://sqlite.org/lang_createtable.html#rowid): a one-column key
 * declared exactly INTEGER in a rowid table. The one exception, `INTEGER PRIMARY KEY DESC`, shows as
 * a separate key index (origin pk), so the absence of one is what decides.
 */
function rowidKeyOf(source: TableSource, parsed: ParsedTable, primaryKey: readonly string[]): string | undefined {
  if (parsed.withoutRowid || primaryKey.length !== 1) return undefined;
  const key = source.columns.find((c) => c.name === primaryKey[0])!;
  if (key.declaredType.trim().toUpperCase() !== 'INTEGER' || source.indexes.some((i) => i.origin === 'pk')) return undefined;
  return key.name;
}

function column(table: string, c: CatalogColumn, text: ParsedColumn | undefined, rowid: boolean, warn: (o: string, m: string) => void): ColumnState {
  const object = `${table}.${c.name}`;
  const type = rowid ? { kind: 'auto' as const } : columnTypeOfDeclared(c.declaredType);
  let state: ColumnState = { name: c.name, type, nullable: !rowid && !c.notNull, dbType: c.declaredType };
  const generated = c.hidden === 2 || c.hidden === 3;
  if (generated && text?.generated !== undefined) state = { ...state, generated: { expression: text.generated.expression, stored: c.hidden === 3 } };
  else if (generated) warn(object, 'a generated column whose expression could not be read from the CREATE TABLE text: it is an ordinary column in the state');
  const dflt = generated ? undefined : columnDefaultOf(c.defaultSql, type);
  if (dflt !== undefined) state = { ...state, default: dflt };
  if (text?.collation !== undefined && text.collation.toUpperCase() !== 'BINARY') {
    warn(object, `COLLATE ${text.collation} is not in the state: DDL made from it compares this column with BINARY (case-sensitive) collation`);
  }
  if (rowid && text?.autoincrement !== true) {
    warn(object, 'INTEGER PRIMARY KEY without AUTOINCREMENT: SQLite may give a new row the id of a deleted one; the state has it as an auto key, whose DDL adds AUTOINCREMENT');
  }
  return state;
}

function uniques(source: TableSource, parsed: ParsedTable, used: Set<string>, warn: (o: string, m: string) => void): UniqueState[] {
  const declared = [...parsed.uniques];
  return source.indexes.filter((i) => i.origin === 'u').map((i) => {
    const columns = i.keys.filter((k): k is string => k !== null);
    const at = declared.findIndex((u) => lower(u.columns) === lower(columns));
    const text = at < 0 ? undefined : declared.splice(at, 1)[0];
    const name = text?.name ?? fresh(constraintName(source.name, columns, 'key'), used);
    if (text !== undefined && !text.plain) warn(`${source.name}.${name}`, 'a UNIQUE constraint with COLLATE or DESC in its column list: the state holds the columns only');
    return { name, columns };
  });
}

function index(source: TableSource, i: CatalogIndex, warn: (o: string, m: string) => void): IndexState {
  const parsed = parseCreateIndex(source.indexSql.get(i.name) ?? '');
  const keyColumns = i.keys.filter((k): k is string => k !== null);
  if (parsed === undefined) {
    warn(`${source.name}.${i.name}`, 'the CREATE INDEX text could not be read: the state lists its columns only');
    return { name: i.name, columns: keyColumns, unique: i.unique };
  }
  if (parsed.plain && !i.keys.includes(null)) {
    const state: IndexState = { name: i.name, columns: keyColumns, unique: i.unique };
    return i.partial && parsed.where !== undefined ? { ...state, where: parsed.where } : state;
  }
  // The columns an expression key reads: the names in it that are the table's columns, in order.
  const names = new Map(source.columns.map((c) => [c.name.toLowerCase(), c.name]));
  const read = parsed.keyParts.flat().filter((t) => t.kind === 'word' || t.kind === 'quoted').map((t) => names.get(t.value.toLowerCase()));
  const columns = [...new Set(read.filter((n): n is string => n !== undefined))];
  const withKey: IndexState = { name: i.name, columns, unique: i.unique, expression: parsed.keyText };
  return i.partial && parsed.where !== undefined ? { ...withKey, where: parsed.where } : withKey;
}

function foreignKeys(source: TableSource, parsed: ParsedTable, used: Set<string>, warn: (o: string, m: string) => void): ForeignKeyState[] {
  const declared = [...parsed.foreignKeys];
  // pragma_foreign_key_list numbers the last declared foreign key 0: walk them in declaration order.
  return [...source.foreignKeys].sort((a, b) => b.id - a.id).map((fk) => {
    const referencedColumns = fk.to.some((c) => c === null) ? [...source.primaryKeyOf(fk.table)] : (fk.to as string[]);
    const at = declared.findIndex((d) => lower(d.columns) === lower(fk.from) && d.table.toLowerCase() === fk.table.toLowerCase());
    const text = at < 0 ? undefined : declared.splice(at, 1)[0];
    const name = text?.name ?? fresh(constraintName(source.name, fk.from, 'fk'), used);
    if (text?.deferred === true) warn(`${source.name}.${name}`, 'DEFERRABLE INITIALLY DEFERRED is not in the state: DDL made from it checks the foreign key at once');
    const state: ForeignKeyState = { name, columns: fk.from, referencedTable: fk.table, referencedColumns, onDelete: fk.onDelete as OnDelete };
    return fk.onUpdate === 'NO ACTION' ? state : { ...state, onUpdate: fk.onUpdate as OnDelete };
  });
}

function checks(table: string, parsed: ParsedTable, used: Set<string>): CheckState[] {
  return parsed.checks.map((c) => ({
    name: c.name ?? fresh(c.column === undefined ? `${table}_check` : constraintName(table, [c.column], 'check'), used),
    expression: c.expression,
  }));
}

/** A name for a constraint declared without one, not yet used in this table. */
function fresh(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}_${n}`;
  used.add(candidate);
  return candidate;
}
