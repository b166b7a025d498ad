/**
 * What the TypeScript format decides per table before writing anything: the model's name, the one
 * column that is its primary key field, which foreign keys become ForeignKey fields, every
 * attribute's name and the reverse relation names. Kept apart from the text so each rule is one
 * function with its reason.
 */
import type { ForeignKeyState, SchemaState, TableState, ViewState } from '../../dialect/schema-state.js';
import type { ModelPlan, SchemaPlan } from './typescript-model-plan.js';
import { columnList } from './typescript-literals.js';
import { MODULE_NAMES, modelNameBase, NameSpace } from './typescript-names.js';
import { dependencyOrder, nameAttributes, nameRelations } from './typescript-attributes.js';

export type { ForeignKeyField, ModelPlan, SchemaPlan } from './typescript-model-plan.js';

export function planSchema(state: SchemaState): SchemaPlan {
  const names = new NameSpace(MODULE_NAMES);
  const tables = state.tables.map((t) => newPlan(names.claim(modelNameBase(t.name)), t, t));
  const views = state.views.map((v) => newPlan(names.claim(modelNameBase(v.name)), undefined, v));
  const byTable = new Map(tables.map((p) => [p.table!.name, p]));
  const viewNames = new Set(state.views.map((v) => v.name));

  for (const plan of tables) choosePrimaryKey(plan, byTable);
  for (const plan of tables) chooseForeignKeys(plan, byTable, viewNames);
  for (const plan of views) chooseViewKey(plan);
  for (const plan of [...tables, ...views]) nameAttributes(plan);
  nameRelations(tables);
  return { tables: dependencyOrder(tables), views };
}

function newPlan(name: string, table: TableState | undefined, source: TableState | ViewState): ModelPlan {
  return { name, view: table === undefined, table, source, columns: source.columns, pkColumn: undefined, foreignKeys: new Map(), attributes: new Map(), notes: [] };
}

/** Why a foreign key cannot be a ForeignKey field of this table, or undefined when it can. */
function notAField(plan: ModelPlan, fk: ForeignKeyState, byTable: ReadonlyMap<string, ModelPlan>, viewNames: ReadonlySet<string>): string | undefined {
  const column = plan.columns.find((c) => c.name === fk.columns[0]);
  const target = byTable.get(fk.referencedTable)?.table;
  if (fk.columns.length !== 1 || fk.referencedColumns.length !== 1) return 'a ForeignKey field has one column';
  if (!column) return 'its column is not in the table';
  if (!target) return viewNames.has(fk.referencedTable) ? 'it points at a view' : 'its table is not in this schema';
  if (target.primaryKey.length !== 1 || target.primaryKey[0] !== fk.referencedColumns[0]) return `it points at a column that is not ${fk.referencedTable}'s primary key`;
  if (!target.columns.some((c) => c.name === fk.referencedColumns[0])) return 'its referenced column is not in the table';
  if (fk.onDelete === 'SET NULL' && !column.nullable) return 'ON DELETE SET NULL on a NOT NULL column';
  return undefined;
}

/**
 * Models have exactly one primary key field. A composite key: its counter column (a partitioned
 * table's `id`), else its first column that is not a ForeignKey (which cannot be the primary key),
 * else its first column. No key at all: a
 * NOT NULL column with a single-column unique constraint or index, else the first column.
 */
function choosePrimaryKey(plan: ModelPlan, byTable: ReadonlyMap<string, ModelPlan>): void {
  const table = plan.table!;
  const has = (c: string): boolean => plan.columns.some((col) => col.name === c);
  const pk = table.primaryKey.filter(has);
  if (pk.length === 1) {
    plan.pkColumn = pk[0];
    return;
  }
  if (pk.length > 1) {
    const isRelation = (c: string): boolean => table.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === c && notAField(plan, fk, byTable, new Set()) === undefined);
    const counter = (c: string): boolean => ['auto', 'bigAuto'].includes(plan.columns.find((col) => col.name === c)!.type.kind);
    const pick = pk.find(counter) ?? pk.find((c) => !isRelation(c)) ?? pk[0]!;
    plan.pkColumn = pick;
    plan.notes.push(
      `composite primary key ${columnList(pk)}: a model has one primary key field, so ${pick} stands in for it.`,
      `  The database enforces the whole key; save() and delete() match rows by ${pick} alone.`,
    );
    return;
  }
  if (plan.columns.length === 0) {
    plan.notes.push('a table without columns: model() adds an id field the table does not have');
    return;
  }
  const singleUnique = [...table.uniques, ...table.indexes.filter((i) => i.unique && !i.where && !i.expression && !i.method)]
    .filter((u) => u.columns.length === 1)
    .map((u) => u.columns[0]!);
  const candidate = plan.columns.find((c) => !c.nullable && singleUnique.includes(c.name));
  if (candidate) {
    plan.pkColumn = candidate.name;
    plan.notes.push(`no primary key: ${candidate.name} (unique, NOT NULL) stands in for one`);
    return;
  }
  plan.pkColumn = plan.columns[0]!.name;
  plan.notes.push(
    `no primary key and no unique NOT NULL column: ${plan.pkColumn} stands in for one (a model needs one),`,
    `  but the database does not make it unique: save() and delete() may match several rows.`,
  );
}

function chooseForeignKeys(plan: ModelPlan, byTable: ReadonlyMap<string, ModelPlan>, viewNames: ReadonlySet<string>): void {
  for (const fk of plan.table!.foreignKeys) {
    let why = notAField(plan, fk, byTable, viewNames);
    const column = fk.columns[0]!;
    if (why === undefined && column === plan.pkColumn) why = 'its column is the primary key field, which a ForeignKey cannot be';
    if (why === undefined && plan.foreignKeys.has(column)) why = 'its column already has a ForeignKey field';
    const update = fk.onUpdate && fk.onUpdate !== 'NO ACTION' ? ` ON UPDATE ${fk.onUpdate}` : '';
    if (why === undefined) {
      plan.foreignKeys.set(column, { fk, target: byTable.get(fk.referencedTable)! });
      // Kept a ForeignKey: ON UPDATE only acts when a key value changes, and Sakila and Pagila say it on every key.
      if (update !== '') plan.notes.push(`foreign key ${fk.name} on ${column} also says${update}, which a ForeignKey field cannot declare`);
      continue;
    }
    plan.notes.push(`foreign key ${fk.name}: ${columnList(fk.columns)} → ${fk.referencedTable} ${columnList(fk.referencedColumns)} ON DELETE ${fk.onDelete}${update}; not a ForeignKey field: ${why}`);
  }
}

/** A view has no primary key; a model needs one: `id` if the view has such a column, else its first column. */
function chooseViewKey(plan: ModelPlan): void {
  const id = plan.columns.find((c) => c.name === 'id') ?? plan.columns[0];
  plan.pkColumn = id?.name;
  plan.notes.push(id ? `${id.name} stands in for a primary key (a model needs one; a view has none)` : 'a view without columns: model() adds an id field the view does not have');
}
