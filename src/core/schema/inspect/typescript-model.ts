/** One model definition of the TypeScript format: its comments, its fields, its options. */
import type { TableState, ViewState } from '../../dialect/schema-state.js';
import type { DialectName } from '../../ground/values.js';
import { fieldCode } from './typescript-field.js';
import type { IndexPlan } from './typescript-indexes.js';
import { commentLines, docComment, oneLine, str } from './typescript-literals.js';
import type { ModelPlan } from './typescript-plan.js';
import type { EnumTypeNames } from './typescript-raw.js';

export interface ModelContext {
  /** Absent for a view. */
  readonly indexes?: IndexPlan;
  /** Models already written above this one: a ForeignKey to any other needs a typed thunk. */
  readonly declared: ReadonlySet<string>;
  /** Collects the factories and types the module must import. */
  readonly used: Set<string>;
  readonly dialect: DialectName | undefined;
  readonly enums: EnumTypeNames;
}

export function typescriptModel(plan: ModelPlan, ctx: ModelContext): string[] {
  const lines: string[] = [];
  if (plan.source.comment !== undefined) lines.push(...docComment(plan.source.comment, ''));
  const notes = plan.table ? tableNotes(plan.table) : viewNotes(plan.source as ViewState);
  lines.push(...[...notes, ...plan.notes].flatMap((n) => commentLines(n, '')));
  lines.push(`export const ${plan.name} = model(${str(plan.name)}, {`);
  for (const column of plan.columns) {
    const fk = plan.foreignKeys.get(column.name);
    let thunk = '';
    if (fk) {
      // Self and forward references (a cycle) are typed AnyModel: TypeScript cannot infer a type from itself.
      const typed = fk.target === plan || !ctx.declared.has(fk.target.name);
      if (typed) ctx.used.add('AnyModel');
      thunk = typed ? `(): AnyModel => ${fk.target.name}` : `() => ${fk.target.name}`;
    }
    const code = fieldCode({
      column,
      attribute: plan.attributes.get(column.name)!,
      primaryKey: column.name === plan.pkColumn,
      view: plan.view,
      ...(fk ? { foreignKey: { ...fk, thunk, table: plan.table!.name } } : {}),
      unique: ctx.indexes?.uniqueColumns.has(column.name) ?? false,
      dbIndex: ctx.indexes?.noIndexColumns.has(column.name) ? false : ctx.indexes?.indexColumns.has(column.name) && !fk ? true : undefined,
      dialect: ctx.dialect,
      enums: ctx.enums,
    });
    ctx.used.add(code.factory);
    lines.push(...code.lines);
  }
  lines.push('}, {', `  tableName: ${str(plan.source.name)},`, ...indexOptions(plan, ctx.indexes), '});');
  return lines;
}

function tableNotes(table: TableState): string[] {
  const notes: string[] = [];
  if (table.partitionBy !== undefined) notes.push(`partitioned table: PARTITION BY ${oneLine(table.partitionBy)} (its partitions are models of their own)`);
  if (table.partitionOf !== undefined) notes.push(`partition of ${table.partitionOf.table}: ${oneLine(table.partitionOf.bound)}`);
  if (table.withoutRowid === true) notes.push('SQLite WITHOUT ROWID table');
  for (const c of table.checks) notes.push(`check ${c.name}: ${oneLine(c.expression)}`);
  return notes;
}

function viewNotes(view: ViewState): string[] {
  return [`${view.materialized === true ? 'materialized view' : 'view'}: read-only. Its definition:`, ...view.definition.trim().split(/\r\n|[\r\n\u2028\u2029]/).map((l) => `  ${l}`)];
}

function indexOptions(plan: ModelPlan, indexes: IndexPlan | undefined): string[] {
  if (!indexes) return [];
  const attrs = (columns: readonly string[]): string => `[${columns.map((c) => str(plan.attributes.get(c)!)).join(', ')}]`;
  const out: string[] = [];
  if (indexes.explicit.length > 0) {
    out.push('  indexes: [');
    for (const i of indexes.explicit) {
      if (i.name === undefined && !i.unique) out.push(`    ${attrs(i.columns)},`);
      else out.push(`    { fields: ${attrs(i.columns)}${i.name === undefined ? '' : `, name: ${str(i.name)}`}${i.unique ? ', unique: true' : ''} },`);
    }
    out.push('  ],');
  }
  if (indexes.together.length > 0) out.push(`  uniqueTogether: [${indexes.together.map(attrs).join(', ')}],`);
  return out;
}
