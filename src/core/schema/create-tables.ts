import { getDatabase } from '../database/registry.js';
import { ddlFor } from '../dialect/dialects.js';
import { readExistingSchema } from './existing-schema.js';
import { planCreate } from './plan-create.js';
import { runDdl } from './run-ddl.js';
import type { SchemaChanges } from './schema-changes.js';
import { schemaFromModels, type HasMeta } from './schema-from-models.js';

export interface CreateTablesOptions {
  /** Name of the database (from connect's config); default 'default'. */
  readonly using?: string;
  /** Skip the tables that already exist (with their indexes) instead of failing on them. */
  readonly ifNotExists?: boolean;
}

/**
 * Creates the models' tables, with their unique constraints, indexes and foreign keys; referenced
 * tables first, whatever the order given.
 */
export async function createTables(models: readonly HasMeta[], options: CreateTablesOptions = {}): Promise<SchemaChanges> {
  const state = schemaFromModels(models);
  const db = getDatabase(options.using);
  const ddl = ddlFor(db.dialect);
  const existing = options.ifNotExists ? await readExistingSchema(db, ddl) : undefined;
  return runDdl(db, planCreate(state, ddl, { existing }));
}
