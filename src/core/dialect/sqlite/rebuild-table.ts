/**
 * The table rebuild of https://www.sqlite.org/lang_altertable.html §7 ("Making Other Kinds Of Table
 * Schema Changes"), for every change SQLite's ALTER TABLE cannot make. Its twelve steps, and who
 * takes each:
 *  1, 12. foreign keys off before the transaction and on after it: the runner (`foreignKeysOff`);
 *     the first statement here stops the rebuild if they are still on.
 *  2, 11. the transaction: the runner's, one per migration.
 *  3, 8. indexes are the state's, created again from `after`; triggers on the table are dropped with
 *     it and are the user's (`rebuilt` tells the runner to warn about them); views are left alone.
 *  4-7. create `_oxen_new_<t>` as `after`, copy the rows (rebuild-copy.ts), drop the old table,
 *     rename the new one. Renaming the new table to the old name — never the old table away first —
 *     keeps other tables' foreign keys, which name the table, pointing at it.
 *  9. views naming the table keep working, since the name is back; one reading a dropped column
 *     fails when read, as it would on the servers with CASCADE.
 *  10. PRAGMA foreign_key_check, as the last statement: any violation fails the migration.
 */
import type { TableState } from '../schema-state.js';
import type { SqliteAlteration, SqliteDdlParts } from './sqlite-alteration.js';
import { copiedColumns } from './rebuild-copy.js';
import { foreignKeyCheck, foreignKeysOffGuard } from './rebuild-guards.js';
import { keepSequence } from './rebuild-sequence.js';

export const REBUILD_PREFIX = '_oxen_new_';

export function rebuildTable(before: TableState, after: TableState, ddl: SqliteDdlParts): SqliteAlteration {
  const q = ddl.quote;
  const temp = `${REBUILD_PREFIX}${after.name}`;
  // Created first: createTable checks the sizes the copy's conversions also write into SQL.
  const create = ddl.createTable({ ...after, name: temp }, after.foreignKeys);
  const copied = copiedColumns(before, after, ddl);
  const copy = copied.length === 0 ? [] : [
    `INSERT INTO ${q(temp)} (${copied.map((c) => q(c.name)).join(', ')})\n  SELECT ${copied.map((c) => c.expression).join(', ')} FROM ${q(before.name)}`,
  ];
  const statements = [
    foreignKeysOffGuard(before.name, ddl),
    create,
    ...copy,
    ...keepSequence(before.name, after, temp, ddl),
    `DROP TABLE ${q(before.name)}`,
    // Since 3.26 a rename re-checks every view and trigger of the schema, and one naming the table
    // just dropped fails it ("error in view v: no such table"). The legacy rename skips that check;
    // it also leaves references to the new name unrewritten, and nothing refers to the temporary name.
    'PRAGMA legacy_alter_table = ON',
    `ALTER TABLE ${q(temp)} RENAME TO ${q(after.name)}`,
    'PRAGMA legacy_alter_table = OFF',
    ...after.indexes.map((index) => ddl.createIndex(after.name, index)),
    foreignKeyCheck(after.name, ddl),
  ];
  return { statements, foreignKeysOff: true, rebuilt: after.name };
}
