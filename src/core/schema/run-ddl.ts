import type { Database } from '../database/database.js';
import type { SchemaChanges } from './schema-changes.js';

/**
 * Runs a plan's statements one after the other through the database (so each emits a query event and
 * runs inside the caller's transaction, if any). PostgreSQL and SQLite can roll DDL back inside a
 * transaction; MySQL commits each DDL statement implicitly.
 */
export async function runDdl(db: Database, changes: SchemaChanges): Promise<SchemaChanges> {
  for (const sql of changes.statements) await db.execute({ sql, params: [] });
  return changes;
}
