/**
 * Replaying operations on a schema state: what the database holds after them, known without a
 * database. An operation that does not fit the state (a table that does not exist, a column added
 * twice) is a mistake in the migration files, said naming the object, before anything runs.
 * `runSql` and `runJs` leave the state as it is: the state knows nothing of what they do.
 */
import { UsageError } from '../../ground/errors.js';
import { byName, findTable, type ColumnState, type SchemaState, type TableState } from '../../dialect/schema-state.js';
import type { Operation, TableOperation } from './operation.js';
import { missingReferences, referencesTo, usesOfColumn } from './state-references.js';

export function applyOperations(state: SchemaState, operations: readonly Operation[]): SchemaState {
  return operations.reduce(applyOperation, state);
}

export function applyOperation(state: SchemaState, op: Operation): SchemaState {
  switch (op.op) {
    case 'createTable':
      if (has(state, op.table.name)) throw invalid(op, `table ${op.table.name} already exists`);
      return checked(withTables(state, [...state.tables, op.table]), op, op.table);
    case 'dropTable':
      table(state, op, op.table);
      stillUsed(op, `table ${op.table}`, referencesTo(state, op.table));
      return withTables(state, state.tables.filter((t) => t.name !== op.table));
    case 'renameTable':
      table(state, op, op.from);
      if (has(state, op.to)) throw invalid(op, `table ${op.to} already exists`);
      // Its own foreign keys to itself follow it too.
      return withTables(state, state.tables.map((t) => renameReferences(t.name === op.from ? { ...t, name: op.to } : t, op.from, op.to)));
    case 'dropColumn': {
      const t = table(state, op, op.table);
      need(column(t, op.column), op, `column ${op.table}.${op.column}`);
      stillUsed(op, `column ${op.table}.${op.column}`, usesOfColumn(state, t, op.column));
      return change(state, op.table, (x) => applyToTable(x, op));
    }
    case 'renameColumn':
      return renameReferencedColumn(change(state, op.table, (t) => applyToTable(t, op)), op.table, op.from, op.to);
    case 'addUnique':
      return withChecked(state, op, { uniques: [op.unique] });
    case 'addIndex':
      return withChecked(state, op, { indexes: [op.index] });
    case 'addForeignKey':
      return withChecked(state, op, { foreignKeys: [op.foreignKey] });
    case 'runSql':
    case 'runJs':
      return state;
    default:
      return change(state, op.table, (t) => applyToTable(t, op));
  }
}

function applyToTable(t: TableState, op: TableOperation): TableState {
  const where = `${t.name}`;
  switch (op.op) {
    case 'addColumn':
      if (column(t, op.column.name)) throw invalid(op, `column ${where}.${op.column.name} already exists`);
      return { ...t, columns: [...t.columns, op.column] };
    case 'dropColumn':
      need(column(t, op.column), op, `column ${where}.${op.column}`);
      return { ...t, columns: t.columns.filter((c) => c.name !== op.column) };
    case 'alterColumn':
      need(column(t, op.column.name), op, `column ${where}.${op.column.name}`);
      return { ...t, columns: t.columns.map((c) => (c.name === op.column.name ? op.column : c)) };
    case 'renameColumn':
      need(column(t, op.from), op, `column ${where}.${op.from}`);
      if (column(t, op.to)) throw invalid(op, `column ${where}.${op.to} already exists`);
      return renameColumn(t, op.from, op.to);
    case 'addIndex':
      return { ...t, indexes: added(t.indexes, op.index, op, where) };
    case 'dropIndex':
      return { ...t, indexes: removed(t.indexes, op.name, op, where, 'index') };
    case 'addUnique':
      return { ...t, uniques: added(t.uniques, op.unique, op, where) };
    case 'dropUnique':
      return { ...t, uniques: removed(t.uniques, op.name, op, where, 'unique constraint') };
    case 'addForeignKey':
      return { ...t, foreignKeys: added(t.foreignKeys, op.foreignKey, op, where) };
    case 'dropForeignKey':
      return { ...t, foreignKeys: removed(t.foreignKeys, op.name, op, where, 'foreign key') };
    case 'addCheck':
      return { ...t, checks: added(t.checks, op.check, op, where) };
    case 'dropCheck':
      return { ...t, checks: removed(t.checks, op.name, op, where, 'check constraint') };
  }
}

/** A renamed column keeps its place, and every key, index and constraint of its table follows it. */
function renameColumn(t: TableState, from: string, to: string): TableState {
  const swap = (names: readonly string[]): string[] => names.map((n) => (n === from ? to : n));
  return {
    ...t,
    columns: t.columns.map((c): ColumnState => (c.name === from ? { ...c, name: to } : c)),
    primaryKey: swap(t.primaryKey),
    uniques: t.uniques.map((u) => ({ ...u, columns: swap(u.columns) })),
    indexes: t.indexes.map((i) => ({ ...i, columns: swap(i.columns) })),
    foreignKeys: t.foreignKeys.map((fk) => ({
      ...fk,
      columns: swap(fk.columns),
      ...(fk.referencedTable === t.name ? { referencedColumns: swap(fk.referencedColumns) } : {}),
    })),
  };
}

/** Foreign keys of other tables that point at a renamed column follow it (its own table's did already). */
function renameReferencedColumn(state: SchemaState, table: string, from: string, to: string): SchemaState {
  const swap = (names: readonly string[]): string[] => names.map((n) => (n === from ? to : n));
  return withTables(state, state.tables.map((t) => (t.name === table || !t.foreignKeys.some((fk) => fk.referencedTable === table) ? t : {
    ...t,
    foreignKeys: t.foreignKeys.map((fk) => (fk.referencedTable === table ? { ...fk, referencedColumns: swap(fk.referencedColumns) } : fk)),
  })));
}

/** A key, index or constraint added: only it is checked, as a baseline read by `inspect` may hold what Oxen would not create. */
function withChecked(state: SchemaState, op: TableOperation, part: Partial<Pick<TableState, 'uniques' | 'indexes' | 'foreignKeys'>>): SchemaState {
  const after = change(state, op.table, (t) => applyToTable(t, op));
  return checked(after, op, { ...findTable(after, op.table)!, primaryKey: [], uniques: [], indexes: [], foreignKeys: [], ...part });
}

/** A table just created or given a key, index or constraint: everything it names must exist. */
function checked(state: SchemaState, op: Operation, table: TableState): SchemaState {
  const missing = missingReferences(state, table);
  if (missing.length > 0) throw invalid(op, `${missing.join(', ')} does not exist at this point of the migrations`);
  return state;
}

/** A drop the database would refuse, or would carry out differently on each database, until what uses the object goes first. */
function stillUsed(op: Operation, what: string, uses: readonly string[]): void {
  if (uses.length > 0) throw invalid(op, `${what} is still used by ${uses.join(', ')}: drop ${uses.length === 1 ? 'it' : 'them'} first`);
}

/** Foreign keys of other tables that point at a renamed table follow it. */
function renameReferences(t: TableState, from: string, to: string): TableState {
  if (!t.foreignKeys.some((fk) => fk.referencedTable === from)) return t;
  return { ...t, foreignKeys: t.foreignKeys.map((fk) => (fk.referencedTable === from ? { ...fk, referencedTable: to } : fk)) };
}

function added<T extends { readonly name: string }>(list: readonly T[], item: T, op: Operation, table: string): T[] {
  if (list.some((x) => x.name === item.name)) throw invalid(op, `${table} already has ${item.name}`);
  return [...list, item].sort(byName);
}

function removed<T extends { readonly name: string }>(list: readonly T[], name: string, op: Operation, table: string, what: string): T[] {
  need(list.find((x) => x.name === name), op, `${what} ${name} on ${table}`);
  return list.filter((x) => x.name !== name);
}

function change(state: SchemaState, name: string, f: (t: TableState) => TableState): SchemaState {
  if (!has(state, name)) throw new UsageError('MIGRATION_INVALID', `table ${name} does not exist at this point of the migrations`);
  return withTables(state, state.tables.map((t) => (t.name === name ? f(t) : t)));
}

function withTables(state: SchemaState, tables: TableState[]): SchemaState {
  return { ...state, tables: tables.sort(byName) };
}

function has(state: SchemaState, name: string): boolean {
  return state.tables.some((t) => t.name === name);
}

function table(state: SchemaState, op: Operation, name: string): TableState {
  return need(state.tables.find((t) => t.name === name), op, `table ${name}`);
}

function column(t: TableState, name: string): ColumnState | undefined {
  return t.columns.find((c) => c.name === name);
}

function need<T>(value: T | undefined, op: Operation, what: string): T {
  if (value === undefined) throw invalid(op, `${what} does not exist at this point of the migrations`);
  return value;
}

function invalid(op: Operation, problem: string): UsageError {
  return new UsageError('MIGRATION_INVALID', `${op.op}: ${problem}`);
}
