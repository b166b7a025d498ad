/**
 * Whether SQLite's ALTER TABLE … DROP COLUMN can drop a column, per its documented limits
 * (https://www.sqlite.org/lang_altertable.html, "ALTER TABLE DROP COLUMN"): not when the column is in
 * the primary key, a UNIQUE constraint, an index (its columns, expression or WHERE), a CHECK, a
 * foreign key, or another column's generated expression. SQL text is searched for the name as a
 * word, so a false match only costs a rebuild, which handles every case. Triggers and views naming
 * the column are not in the state: SQLite refuses the drop for them, and the migration stops.
 */
import type { TableState } from '../schema-state.js';

export function canDropInPlace(table: TableState, column: string): boolean {
  const named = (columns: readonly string[]): boolean => columns.includes(column);
  const mentioned = (sql: string | undefined): boolean => sql !== undefined && mentions(sql, column);
  if (named(table.primaryKey)) return false;
  if (table.uniques.some((u) => named(u.columns))) return false;
  if (table.indexes.some((i) => named(i.columns) || mentioned(i.expression) || mentioned(i.where))) return false;
  if (table.foreignKeys.some((fk) => named(fk.columns))) return false;
  if (table.checks.some((c) => mentioned(c.expression))) return false;
  return !table.columns.some((c) => c.name !== column && mentioned(c.generated?.expression));
}

/** The name as a whole word of SQL text, quoted or not, ignoring case as SQLite does for identifiers. */
function mentions(sql: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$])${escaped}($|[^\\w$])`, 'i').test(sql);
}
