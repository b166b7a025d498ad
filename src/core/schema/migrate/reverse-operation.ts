/**
 * `migrate down` derived from `up`: each operation's reverse, computed from the state just before it,
 * which is where whatever a drop removed is still described (Django's `database_backwards` without a
 * method per class). Three outcomes:
 *  - an operation that puts the schema back exactly;
 *  - one that puts the schema back but not the data — the reverse of dropping a table or a column
 *    recreates it empty: `losesData` says what is gone, so `down` can stop before anything runs
 *    unless the user accepts it;
 *  - none: `runSql` and `runJs` without a `down` (nobody can know what they did).
 */
import { UsageError } from '../../ground/errors.js';
import { findTable, type SchemaState, type TableState } from '../../dialect/schema-state.js';
import { applyOperation } from './apply-operation.js';
import type { Operation, SqlByDialect } from './operation.js';

export type Reversal =
  | { readonly operation: Operation }
  | { readonly operation: Operation; readonly losesData: string }
  | { readonly irreversible: string };

export type MigrationReversal =
  /** The whole `down`, in the order to run it; `losesData` lists what it cannot bring back (empty: nothing). */
  | { readonly operations: readonly Operation[]; readonly losesData: readonly string[] }
  /** Every operation that has no reverse, each named with its position in the migration. */
  | { readonly irreversible: readonly string[] };

export function reverseOperation(op: Operation, before: SchemaState): Reversal {
  switch (op.op) {
    case 'createTable':
      return { operation: { op: 'dropTable', table: op.table.name } };
    case 'dropTable':
      return { operation: { op: 'createTable', table: table(before, op.table, op) }, losesData: `the rows of table ${op.table}` };
    case 'renameTable':
      return { operation: { op: 'renameTable', from: op.to, to: op.from } };
    case 'addColumn':
      return { operation: { op: 'dropColumn', table: op.table, column: op.column.name } };
    case 'dropColumn':
      return { operation: { op: 'addColumn', table: op.table, column: named(table(before, op.table, op).columns, op.column, op) }, losesData: `the values of column ${op.table}.${op.column}` };
    case 'alterColumn':
      return { operation: { op: 'alterColumn', table: op.table, column: named(table(before, op.table, op).columns, op.column.name, op) } };
    case 'renameColumn':
      return { operation: { op: 'renameColumn', table: op.table, from: op.to, to: op.from } };
    case 'addIndex':
      return { operation: { op: 'dropIndex', table: op.table, name: op.index.name } };
    case 'dropIndex':
      return { operation: { op: 'addIndex', table: op.table, index: named(table(before, op.table, op).indexes, op.name, op) } };
    case 'addUnique':
      return { operation: { op: 'dropUnique', table: op.table, name: op.unique.name } };
    case 'dropUnique':
      return { operation: { op: 'addUnique', table: op.table, unique: named(table(before, op.table, op).uniques, op.name, op) } };
    case 'addForeignKey':
      return { operation: { op: 'dropForeignKey', table: op.table, name: op.foreignKey.name } };
    case 'dropForeignKey':
      return { operation: { op: 'addForeignKey', table: op.table, foreignKey: named(table(before, op.table, op).foreignKeys, op.name, op) } };
    case 'addCheck':
      return { operation: { op: 'dropCheck', table: op.table, name: op.check.name } };
    case 'dropCheck':
      return { operation: { op: 'addCheck', table: op.table, check: named(table(before, op.table, op).checks, op.name, op) } };
    case 'runSql':
      if (op.down === undefined) return { irreversible: `runSql ${sqlSample(op.sql)} has no down: give it \`down\` (the SQL that undoes it, per dialect)` };
      return { operation: { op: 'runSql', sql: op.down, down: op.sql } };
    case 'runJs':
      if (op.down === undefined) return { irreversible: `runJs${op.up.name ? ` ${op.up.name}` : ''} has no down: give it a \`down\` function that undoes it` };
      return { operation: { op: 'runJs', up: op.down, down: op.up } };
  }
}

/**
 * A migration's `down`: the reverses in reverse order, each computed against the state replayed up to
 * its operation (a later operation may have changed what an earlier one made).
 */
export function reverseOperations(operations: readonly Operation[], before: SchemaState): MigrationReversal {
  const reverses: Operation[] = [];
  const losesData: string[] = [];
  const irreversible: string[] = [];
  let state = before;
  operations.forEach((op, i) => {
    const r = reverseOperation(op, state);
    if ('irreversible' in r) irreversible.push(`operation ${i + 1}: ${r.irreversible}`);
    else {
      reverses.push(r.operation);
      if ('losesData' in r) losesData.push(r.losesData);
    }
    state = applyOperation(state, op);
  });
  return irreversible.length > 0 ? { irreversible } : { operations: reverses.reverse(), losesData: losesData.reverse() };
}

function table(state: SchemaState, name: string, op: Operation): TableState {
  const t = findTable(state, name);
  if (t === undefined) throw missing(op, `table ${name}`);
  return t;
}

function named<T extends { readonly name: string }>(list: readonly T[], name: string, op: Operation): T {
  const item = list.find((x) => x.name === name);
  if (item === undefined) throw missing(op, name);
  return item;
}

function missing(op: Operation, what: string): UsageError {
  return new UsageError('MIGRATION_INVALID', `${op.op}: ${what} does not exist at this point of the migrations`);
}

/** The start of the SQL, so the message says which runSql it is. */
function sqlSample(sql: SqlByDialect): string {
  const first = Object.values(sql)[0];
  const text = (Array.isArray(first) ? first[0] : first) as string | undefined;
  if (text === undefined) return '(no SQL)';
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line);
}
