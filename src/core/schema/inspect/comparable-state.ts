/**
 * Two states compared as far as a database can hold them: what `inspect diff`, `migrate status` and
 * the round-trip tests compare, so a models' state and the state read back from the tables those
 * models created are equal. Left out, or made one:
 *  - what only the reading side has: `dbType`, comments, the `dialect` tag, views and enum types
 *    (models declare neither, and views are not drift);
 *  - defaults the database cannot hold: a JS function, and `autoNow`'s on-update outside MySQL;
 *  - a unique constraint and a unique index over plain columns enforce the same rule, and MySQL
 *    cannot tell them apart: both are listed as uniques;
 *  - on SQLite, `auto` and `bigAuto` are the same 64-bit rowid;
 *  - a nullable column's `DEFAULT NULL` is no default at all (MySQL reports the two alike).
 */
import type { DialectName } from '../../ground/values.js';
import {
  byName, type ColumnState, type IndexState, type SchemaState, type TableState, type UniqueState,
} from '../../dialect/schema-state.js';

export function comparableState(state: SchemaState, dialect: DialectName): SchemaState {
  return { version: state.version, tables: state.tables.map((t) => comparableTable(t, dialect)).sort(byName), views: [], enums: [] };
}

export function comparableTable(table: TableState, dialect: DialectName): TableState {
  const plainUnique = (i: IndexState): boolean => i.unique && i.where === undefined && i.expression === undefined && i.method === undefined;
  const uniques: UniqueState[] = [...table.uniques, ...table.indexes.filter(plainUnique).map((i) => ({ name: i.name, columns: i.columns }))];
  const { comment: _comment, ...rest } = table;
  return {
    ...rest,
    columns: table.columns.map((c) => comparableColumn(c, dialect)),
    uniques: uniques.map((u) => ({ name: u.name, columns: u.columns })).sort(byName),
    indexes: table.indexes.filter((i) => !plainUnique(i)).sort(byName),
    foreignKeys: [...table.foreignKeys].sort(byName),
    checks: [...table.checks].sort(byName),
  };
}

function comparableColumn(column: ColumnState, dialect: DialectName): ColumnState {
  const { dbType: _dbType, comment: _comment, default: dflt, ...rest } = column;
  const type = dialect === 'sqlite' && column.type.kind === 'bigAuto' ? { kind: 'auto' as const } : column.type;
  const out: ColumnState = { ...rest, type };
  if (dflt === undefined || dflt.kind === 'function') return out;
  if (dflt.kind === 'value' && dflt.value === null && column.nullable) return out;
  if (dflt.kind === 'now' && dialect !== 'mysql') return { ...out, default: { kind: 'now', onUpdate: false } };
  return { ...out, default: dflt };
}
