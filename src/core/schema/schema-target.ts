import { getDatabase } from '../database/registry.js';
import type { Database } from '../database/database.js';
import type { DdlCompiler } from '../dialect/ddl-compiler.js';
import { ddlFor } from '../dialect/dialects.js';
import type { SchemaState } from '../dialect/schema-state.js';
import { readExistingSchema, type ExistingSchema } from './existing-schema.js';
import { schemaFromModels, type HasMeta } from './schema-from-models.js';

export interface SchemaTarget {
  /** What the models declare. */
  readonly state: SchemaState;
  readonly db: Database;
  readonly ddl: DdlCompiler;
  /** What the database holds now, read when asked. */
  existing(): Promise<ExistingSchema>;
}

/** The models' schema state and the database (by `using` name) it is to be applied to. */
export function schemaTarget(models: readonly HasMeta[], using: string | undefined): SchemaTarget {
  const state = schemaFromModels(models);
  const db = getDatabase(using);
  const ddl = ddlFor(db.dialect);
  return { state, db, ddl, existing: () => readExistingSchema(db, ddl) };
}
