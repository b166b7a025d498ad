/**
 * Two checks a table rebuild runs as statements of its own, so that compiled SQL is safe however it
 * is run (a runner, `migrate sql` pasted into the sqlite3 shell). SQL has no way to raise an error
 * outside a trigger, so each makes SQLite fail with the message as a JSON path it rejects
 * ("bad JSON path: '…'"), and returns a NULL row otherwise.
 */
import type { SqliteDdlParts } from './sqlite-alteration.js';

/**
 * Step 1 of the rebuild: with foreign keys on, DROP TABLE of the old table deletes every row that
 * references it (or cascades, or is refused), so the rebuild stops before it starts.
 */
export function foreignKeysOffGuard(table: string, ddl: SqliteDdlParts): string {
  const message = `Oxen: rebuilding ${table} needs PRAGMA foreign_keys = OFF, set before the transaction begins`;
  return `SELECT CASE WHEN foreign_keys THEN json_extract('{}', ${ddl.stringLiteral(message)}) END FROM pragma_foreign_keys`;
}

/**
 * Step 10: every foreign key of the database holds after the rebuild (a copied value converted, a
 * referenced key made non-unique). A child whose reference no longer matches a key fails it too
 * ("foreign key mismatch"). The runner can run `PRAGMA foreign_key_check` itself to show the rows.
 */
export function foreignKeyCheck(table: string, ddl: SqliteDdlParts): string {
  const message = `Oxen: after rebuilding ${table}, PRAGMA foreign_key_check finds rows whose foreign key has no referenced row`;
  return `SELECT CASE WHEN EXISTS (SELECT 1 FROM pragma_foreign_key_check) THEN json_extract('{}', ${ddl.stringLiteral(message)}) END`;
}
