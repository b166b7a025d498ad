import { planCreate } from './plan-create.js';
import { runDdl } from './run-ddl.js';
import type { SchemaChanges } from './schema-changes.js';
import type { HasMeta } from './schema-from-models.js';
import { schemaTarget } from './schema-target.js';

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
  const { state, db, ddl, existing } = schemaTarget(models, options.using);
  return runDdl(db, planCreate(state, ddl, { existing: options.ifNotExists ? await existing() : undefined }));
}
