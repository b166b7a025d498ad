/**
 * An AUTOINCREMENT table's counter across a rebuild. SQLite keeps it in sqlite_sequence: DROP TABLE
 * deletes the old table's row and the copy leaves the new table's at the largest id copied, so ids of
 * rows deleted at the end of the table would be handed out again — the reuse AUTOINCREMENT exists to
 * prevent. The old counter is carried to the new table before the drop (the rename then carries the row).
 */
import type { TableState } from '../schema-state.js';
import type { SqliteDdlParts } from './sqlite-alteration.js';

export function keepSequence(oldName: string, after: TableState, temp: string, ddl: SqliteDdlParts): string[] {
  // Only an AUTOINCREMENT table has a row, and creating one makes sure sqlite_sequence exists.
  if (!hasAutoincrement(after)) return [];
  const old = ddl.stringLiteral(oldName);
  const tmp = ddl.stringLiteral(temp);
  const oldSeq = `(SELECT seq FROM sqlite_sequence WHERE name = ${old})`;
  return [
    `UPDATE sqlite_sequence SET seq = max(seq, coalesce(${oldSeq}, 0)) WHERE name = ${tmp}`,
    // No row yet when no row was copied.
    `INSERT INTO sqlite_sequence (name, seq) SELECT ${tmp}, seq FROM sqlite_sequence WHERE name = ${old} AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${tmp})`,
  ];
}

/** As SqliteDdl writes it: a single-column primary key of kind auto or bigAuto. */
function hasAutoincrement(table: TableState): boolean {
  if (table.primaryKey.length !== 1) return false;
  const key = table.columns.find((c) => c.name === table.primaryKey[0]);
  return key?.type.kind === 'auto' || key?.type.kind === 'bigAuto';
}
