/**
 * Whether SQLite's ALTER TABLE … ADD COLUMN can add a column, per its documented limits
 * (https://www.sqlite.org/lang_altertable.html, "ALTER TABLE ADD COLUMN"): no PRIMARY KEY or UNIQUE
 * (uniques are separate operations here), no default of CURRENT_TIMESTAMP or an expression in
 * parentheses (existing rows cannot be given one), NOT NULL only with a non-NULL default (the rows
 * already there take it), and a generated column only VIRTUAL. Anything else rebuilds the table, whose
 * INSERT … SELECT leaves the new column out so each row takes its default.
 */
import type { ColumnState } from '../schema-state.js';

export function canAddInPlace(column: ColumnState): boolean {
  // An auto column is the rowid, a primary key.
  if (column.type.kind === 'auto' || column.type.kind === 'bigAuto') return false;
  if (column.generated) return !column.generated.stored;
  const dflt = column.default;
  if (dflt?.kind === 'now' || dflt?.kind === 'expression') return false;
  const holdsValue = dflt?.kind === 'value' && dflt.value !== null;
  return column.nullable || holdsValue;
}
