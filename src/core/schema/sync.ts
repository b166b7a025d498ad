import { planCreate } from './plan-create.js';
import { runDdl } from './run-ddl.js';
import type { SchemaChanges } from './schema-changes.js';
import type { HasMeta } from './schema-from-models.js';
import { schemaTarget } from './schema-target.js';

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
  const { state, db, ddl, existing } = schemaTarget(models, options.using);
  return runDdl(db, planCreate(state, ddl, { existing: await existing(), indexesOfExistingTables: true }));
}
