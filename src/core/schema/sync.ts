import { getDatabase } from '../database/registry.js';
import { ddlFor } from '../dialect/dialects.js';
import { readExistingSchema } from './existing-schema.js';
import { planCreate } from './plan-create.js';
import { runDdl } from './run-ddl.js';
import type { SchemaChanges } from './schema-changes.js';
import { schemaFromModels, type HasMeta } from './schema-from-models.js';

export interface SyncOptions {
  /** Name of the database (from connect's config); default 'default'. */
  readonly using?: string;
}

/**
 * Creates what the models need and the database lacks: missing tables (with everything they declare)
 * and missing indexes of existing tables. Never alters or drops what exists: changing an existing
 * table is the job of migrations.
 */
export async function sync(models: readonly HasMeta[], options: SyncOptions = {}): Promise<SchemaChanges> {
  const state = schemaFromModels(models);
  const db = getDatabase(options.using);
  const ddl = ddlFor(db.dialect);
  const existing = await readExistingSchema(db, ddl);
  return runDdl(db, planCreate(state, ddl, { existing, indexesOfExistingTables: true }));
}
