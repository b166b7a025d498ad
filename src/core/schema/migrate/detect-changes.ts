/**
 * What `migrate make` writes: the operations that turn `from` (the state replayed from the existing
 * migrations) into `to` (the models' state). Each operation is replayed on the way (applyOperation), so
 * the order is checked as it is built: nothing is created before what it needs, nothing dropped while
 * something still uses it. The order, and why:
 *   1. renames (tables, then columns): databases carry indexes and keys along, so they go first and
 *      everything after compares names as the models have them;
 *   2. foreign keys that go, change, or sit on a column whose type or nullability changes (MySQL
 *      refuses to alter such a column) — before the tables, columns and indexes they need go;
 *   3. tables, those that reference others first (closing foreign keys of a cycle dropped before);
 *   4. uniques, indexes and checks that go or change, before their columns;
 *   5. columns: drop, alter, add;
 *   6. new tables, referenced ones first; a cycle's closing foreign key waits for step 8;
 *   7. uniques, indexes and checks, once their columns exist;
 *   8. foreign keys, once both their tables and columns exist.
 * What models never declare and no operation changes (comments, `dbType`, partitions, views) is left as
 * `from` has it.
 */
import { UsageError } from '../../ground/errors.js';
import { findTable, type ForeignKeyState, type SchemaState, type TableState } from '../../dialect/schema-state.js';
import { orderTables } from '../table-order.js';
import { applyOperation } from './apply-operation.js';
import { changesKeyColumn, sameColumn, sameValue } from './detect-equal.js';
import { matchRenames, type RenameAnswer, type RenameQuestion } from './detect-renames.js';
import { addConstraint, CONSTRAINT_LISTS, dropConstraint, type ConstraintList } from './detect-constraints.js';
import type { Operation } from './operation.js';

export type { RenameAnswer, RenameQuestion } from './detect-renames.js';

export interface DetectOptions {
  /** Answers to rename questions: from a prompt, `--rename`, or `--yes` (every one answered no). */
  readonly renames?: readonly RenameAnswer[];
}

export interface DetectedChanges {
  readonly operations: Operation[];
  /** Pairs that may be renames and that no answer settles; treated as drop + add until answered. */
  readonly questions: RenameQuestion[];
}

export function detectChanges(from: SchemaState, to: SchemaState, options: DetectOptions = {}): DetectedChanges {
  const plan = new Plan(from);
  const answers = options.renames ?? [];
  const questions = [...renameTables(plan, to, answers), ...renameColumns(plan, to, answers)];
  const common = to.tables.filter((t) => plan.has(t.name));
  for (const t of common) checkPrimaryKey(plan.table(t.name), t);

  dropForeignKeys(plan, common);
  dropTables(plan, to);
  for (const t of common) {
    for (const list of CONSTRAINT_LISTS) if (list !== 'foreignKeys') dropChanged(plan, t, list);
  }
  for (const t of common) changeColumns(plan, t);
  const deferred = createTables(plan, to);
  for (const t of common) {
    for (const list of CONSTRAINT_LISTS) if (list !== 'foreignKeys') addMissing(plan, t, list);
  }
  for (const t of common) addMissing(plan, t, 'foreignKeys');
  for (const { table, fk } of deferred) plan.push({ op: 'addForeignKey', table, foreignKey: fk });
  return { operations: plan.operations, questions };
}

/** The operations so far and the state they lead to; each one is replayed as it is added. */
class Plan {
  readonly operations: Operation[] = [];
  constructor(public state: SchemaState) {}

  push(op: Operation): void {
    this.state = applyOperation(this.state, op);
    this.operations.push(op);
  }

  has(name: string): boolean {
    return findTable(this.state, name) !== undefined;
  }

  table(name: string): TableState {
    return findTable(this.state, name)!;
  }
}

function renameTables(plan: Plan, to: SchemaState, answers: readonly RenameAnswer[]): readonly RenameQuestion[] {
  const gone = plan.state.tables.filter((t) => !findTable(to, t.name)).map((t) => t.name);
  const appeared = to.tables.filter((t) => !plan.has(t.name)).map((t) => t.name);
  const alike = (a: string, b: string): boolean => sameColumns(plan.table(a), findTable(to, b)!);
  const match = matchRenames('table', undefined, gone, appeared, alike, answers);
  for (const { from, to: name } of match.renames) plan.push({ op: 'renameTable', from, to: name });
  return match.questions;
}

function renameColumns(plan: Plan, to: SchemaState, answers: readonly RenameAnswer[]): RenameQuestion[] {
  const questions: RenameQuestion[] = [];
  for (const want of to.tables) {
    if (!plan.has(want.name)) continue;
    const have = plan.table(want.name);
    const gone = have.columns.filter((c) => !want.columns.some((w) => w.name === c.name));
    const appeared = want.columns.filter((w) => !have.columns.some((c) => c.name === w.name));
    const alike = (a: string, b: string): boolean => sameValue(gone.find((c) => c.name === a)!.type, appeared.find((c) => c.name === b)!.type);
    const match = matchRenames('column', want.name, gone.map((c) => c.name), appeared.map((c) => c.name), alike, answers);
    for (const { from, to: name } of match.renames) plan.push({ op: 'renameColumn', table: want.name, from, to: name });
    questions.push(...match.questions);
  }
  return questions;
}

/** The same column names with the same types, in any order: what a renamed model's table looks like. */
function sameColumns(a: TableState, b: TableState): boolean {
  return a.columns.length === b.columns.length && a.columns.every((c) => b.columns.some((d) => d.name === c.name && sameValue(c.type, d.type)));
}

function checkPrimaryKey(have: TableState, want: TableState): void {
  if (sameValue(have.primaryKey, want.primaryKey)) return;
  throw new UsageError(
    'USAGE',
    `the primary key of table ${want.name} changes from (${have.primaryKey.join(', ')}) to (${want.primaryKey.join(', ')}): ` +
      'migrations cannot change a primary key; keep the old one, or make a new model and move the rows with runSql',
  );
}

function dropForeignKeys(plan: Plan, common: readonly TableState[]): void {
  // Columns whose change a foreign key cannot stay through, as "table\0column".
  const shaken = new Set<string>();
  for (const want of common) {
    for (const c of plan.table(want.name).columns) {
      const w = want.columns.find((x) => x.name === c.name);
      if (w && changesKeyColumn(c, w)) shaken.add(`${want.name}\0${c.name}`);
    }
  }
  const touches = (t: string, fk: ForeignKeyState): boolean =>
    fk.columns.some((c) => shaken.has(`${t}\0${c}`)) || fk.referencedColumns.some((c) => shaken.has(`${fk.referencedTable}\0${c}`));
  for (const want of common) {
    for (const fk of plan.table(want.name).foreignKeys) {
      const kept = want.foreignKeys.find((f) => f.name === fk.name);
      if (!kept || !sameValue(kept, fk) || touches(want.name, fk)) plan.push({ op: 'dropForeignKey', table: want.name, name: fk.name });
    }
  }
}

/** Tables the models no longer have: those that reference others first, a cycle opened by dropping its closing key. */
function dropTables(plan: Plan, to: SchemaState): void {
  const order = orderTables(plan.state.tables.filter((t) => !findTable(to, t.name)));
  for (const { table, fk } of order.deferred) plan.push({ op: 'dropForeignKey', table, name: fk.name });
  for (const t of [...order.tables].reverse()) plan.push({ op: 'dropTable', table: t.name });
}

function dropChanged(plan: Plan, want: TableState, list: ConstraintList): void {
  for (const item of plan.table(want.name)[list]) {
    const kept = (want[list] as readonly { name: string }[]).find((x) => x.name === item.name);
    if (!kept || !sameValue(kept, item)) plan.push(dropConstraint(list, want.name, item.name));
  }
}

function addMissing(plan: Plan, want: TableState, list: ConstraintList): void {
  const have = plan.table(want.name)[list] as readonly { name: string }[];
  for (const item of want[list]) if (!have.some((x) => x.name === item.name)) plan.push(addConstraint(list, want.name, item));
}

function changeColumns(plan: Plan, want: TableState): void {
  const table = want.name;
  for (const c of plan.table(table).columns) if (!want.columns.some((w) => w.name === c.name)) plan.push({ op: 'dropColumn', table, column: c.name });
  for (const c of plan.table(table).columns) {
    const w = want.columns.find((x) => x.name === c.name)!;
    if (!sameColumn(c, w)) plan.push({ op: 'alterColumn', table, column: w });
  }
  const have = plan.table(table).columns;
  for (const w of want.columns) if (!have.some((c) => c.name === w.name)) plan.push({ op: 'addColumn', table, column: w });
}

/** New tables, referenced ones first; the foreign keys closing a cycle are returned, to be added once all exist. */
function createTables(plan: Plan, to: SchemaState): readonly { table: string; fk: ForeignKeyState }[] {
  const order = orderTables(to.tables.filter((t) => !plan.has(t.name)));
  const later = new Set(order.deferred.map((d) => d.fk));
  for (const t of order.tables) {
    plan.push({ op: 'createTable', table: later.size === 0 ? t : { ...t, foreignKeys: t.foreignKeys.filter((fk) => !later.has(fk)) } });
  }
  return order.deferred;
}
