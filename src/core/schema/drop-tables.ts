import { getDatabase } from '../database/registry.js';
import { ddlFor } from '../dialect/dialects.js';
import { readExistingSchema } from './existing-schema.js';
import { planDrop } from './plan-drop.js';
import { runDdl } from './run-ddl.js';
import type { SchemaChanges } from './schema-changes.js';
import { schemaFromModels, type HasMeta } from './schema-from-models.js';

export interface DropTablesOptions {
  /** Name of the database (from connect's config); default 'default'. */
  readonly using?: string;
  /** Skip the tables that do not exist instead of failing on them. */
  readonly ifExists?: boolean;
}

/** Drops the models' tables, the ones that reference others first, whatever the order given. */
export async function dropTables(models: readonly HasMeta[], options: DropTablesOptions = {}): Promise<SchemaChanges> {
  const state = schemaFromModels(models);
  const db = getDatabase(options.using);
  const ddl = ddlFor(db.dialect);
  const existing = options.ifExists ? await readExistingSchema(db, ddl) : undefined;
  return runDdl(db, planDrop(state, ddl, existing));
}
