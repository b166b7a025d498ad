import type { DdlCompiler } from '../dialect/ddl-compiler.js';
import type { ExistingSchema } from './existing-schema.js';
import type { SchemaChanges } from './schema-changes.js';
import type { SchemaState } from '../dialect/schema-state.js';
import { orderTables } from './table-order.js';

/**
 * The DDL that drops the state's tables, referencing ones first. Foreign keys of a reference cycle are
 * dropped before any table where the database can (SQLite drops its inline ones with the table).
 * With `existing`, tables the database does not have are left out.
 */
export function planDrop(state: SchemaState, ddl: DdlCompiler, existing?: ExistingSchema): SchemaChanges {
  const order = orderTables(state.tables.filter((t) => !existing || existing.hasTable(t.name)));
  const statements: string[] = [];
  if (ddl.dropForeignKey) for (const { table, fk } of order.deferred) statements.push(ddl.dropForeignKey(table, fk));
  const tables = order.tables.map((t) => t.name).reverse();
  for (const table of tables) statements.push(ddl.dropTable(table));
  return { statements, tables, indexes: [] };
}
