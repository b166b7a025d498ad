/**
 * The `sql` format: the DDL that recreates an inspected schema on the database it was read from —
 * session settings, enum types, then tables in dependency order with their indexes and the foreign
 * keys of reference cycles (the same plan `createTables` runs), partitions, then views, each after
 * the views its definition names.
 */
import type { DdlCompiler } from '../../dialect/ddl-compiler.js';
import type { SchemaState, TableState, ViewState } from '../../dialect/schema-state.js';
import { planCreate } from '../plan-create.js';

export function schemaSql(state: SchemaState, ddl: DdlCompiler): string {
  const enums = state.enums.map((e) => ddl.createEnum(e));
  // Partitions are created after their parent, which the foreign-key order does not know about.
  const parents = state.tables.filter((t) => t.partitionOf === undefined);
  const partitions = state.tables.filter((t) => t.partitionOf !== undefined);
  const tables = planCreate({ ...state, tables: parents }, ddl).statements;
  const partitionStatements = partitions.flatMap((t: TableState) => [ddl.createTable(t, t.foreignKeys), ...ddl.afterCreateTable(t), ...t.indexes.map((i) => ddl.createIndex(t.name, i))]);
  const views = viewOrder(state.views).map((v) => ddl.createView(v));
  return [...ddl.scriptPreamble(), ...enums, ...tables, ...partitionStatements, ...views].map((s) => `${s};\n`).join('\n');
}

/**
 * Views that read other views come after them. No catalog says which views a definition reads on
 * every database, so a view depends on each other view whose name appears in its definition as a
 * whole word; a cycle (which no database allows) keeps the name order.
 */
function viewOrder(views: readonly ViewState[]): ViewState[] {
  const reads = new Map(views.map((v) => [v.name, views.filter((o) => o !== v && mentions(v.definition, o.name)).map((o) => o.name)]));
  const done = new Set<string>();
  const order: ViewState[] = [];
  const visit = (view: ViewState, path: Set<string>): void => {
    if (done.has(view.name) || path.has(view.name)) return;
    path.add(view.name);
    for (const name of reads.get(view.name) ?? []) visit(views.find((v) => v.name === name)!, path);
    path.delete(view.name);
    done.add(view.name);
    order.push(view);
  };
  for (const view of views) visit(view, new Set());
  return order;
}

function mentions(sql: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])${escaped}($|[^A-Za-z0-9_$])`).test(sql);
}
