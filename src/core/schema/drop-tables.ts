import { planDrop } from './plan-drop.js';
import { runDdl } from './run-ddl.js';
import type { SchemaChanges } from './schema-changes.js';
import type { HasMeta } from './schema-from-models.js';
import { schemaTarget } from './schema-target.js';

export interface DropTablesOptions {
  /** Name of the database (from connect's config); default 'default'. */
  readonly using?: string;
  /** Skip the tables that do not exist instead of failing on them. */
  readonly ifExists?: boolean;
}

/** Drops the models' tables, the ones that reference others first, whatever the order given. */
export async function dropTables(models: readonly HasMeta[], options: DropTablesOptions = {}): Promise<SchemaChanges> {
  const { state, db, ddl, existing } = schemaTarget(models, options.using);
  return runDdl(db, planDrop(state, ddl, options.ifExists ? await existing() : undefined));
}
