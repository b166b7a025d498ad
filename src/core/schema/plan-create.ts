import type { DdlCompiler } from '../dialect/ddl-compiler.js';
import type { ExistingSchema } from './existing-schema.js';
import type { SchemaChanges } from './schema-changes.js';
import type { SchemaState } from '../dialect/schema-state.js';
import { orderTables } from './table-order.js';

export interface PlanCreateOptions {
  /** What the database already has; without it every table is created. */
  readonly existing?: ExistingSchema;
  /** Also create the missing indexes of tables that already exist (sync). */
  readonly indexesOfExistingTables?: boolean;
}

/**
 * The DDL that creates the state's tables (referenced ones first) with their indexes, then the foreign
 * keys of reference cycles. Existing tables are skipped whole: a plan never alters what is there.
 */
export function planCreate(state: SchemaState, ddl: DdlCompiler, options: PlanCreateOptions = {}): SchemaChanges {
  const { existing } = options;
  const missing = state.tables.filter((t) => !existing?.hasTable(t.name));
  const order = orderTables(missing);
  const addLater = ddl.addForeignKey ? new Set(order.deferred.map((d) => d.fk)) : new Set();
  const statements: string[] = [];
  const indexes: string[] = [];

  for (const table of order.tables) {
    statements.push(ddl.createTable(table, table.foreignKeys.filter((fk) => !addLater.has(fk))), ...ddl.afterCreateTable(table));
    for (const index of table.indexes) {
      statements.push(ddl.createIndex(table.name, index));
      indexes.push(`${table.name}.${index.name}`);
    }
  }
  if (ddl.addForeignKey) for (const { table, fk } of order.deferred) statements.push(ddl.addForeignKey(table, fk));

  if (existing && options.indexesOfExistingTables) {
    for (const table of state.tables) {
      if (!existing.hasTable(table.name)) continue;
      for (const index of table.indexes) {
        if (existing.hasIndex(table.name, index.name)) continue;
        statements.push(ddl.createIndex(table.name, index));
        indexes.push(`${table.name}.${index.name}`);
      }
    }
  }
  return { statements, tables: order.tables.map((t) => t.name), indexes };
}
