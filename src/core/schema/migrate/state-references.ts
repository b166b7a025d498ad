/**
 * What in a schema state uses a table or a column, for replaying operations strictly: a state where an
 * index names a dropped column, or a foreign key points at a table that is gone, describes no database,
 * and `down` could not rebuild what such a drop took with it. Databases disagree on what a drop takes
 * along (PostgreSQL drops the indexes of a dropped column, MySQL shrinks a multi-column index and keeps
 * it), so a migration says each drop itself, and a replay holds it to that.
 */
import type { SchemaState, TableState } from '../../dialect/schema-state.js';

/** Keys, indexes and constraints that use `table.column`, as `what name` text; empty when nothing does. */
export function usesOfColumn(state: SchemaState, table: TableState, column: string): string[] {
  const uses: string[] = [];
  if (table.primaryKey.includes(column)) uses.push('the primary key');
  for (const u of table.uniques) if (u.columns.includes(column)) uses.push(`unique constraint ${u.name}`);
  for (const i of table.indexes) if (i.columns.includes(column)) uses.push(`index ${i.name}`);
  for (const t of state.tables) {
    for (const fk of t.foreignKeys) {
      const own = t.name === table.name && fk.columns.includes(column);
      const target = fk.referencedTable === table.name && fk.referencedColumns.includes(column);
      if (own || target) uses.push(`foreign key ${fk.name} of ${t.name}`);
    }
  }
  return uses;
}

/** Foreign keys of other tables that point at `table`. */
export function referencesTo(state: SchemaState, table: string): string[] {
  return state.tables.flatMap((t) => (t.name === table ? [] : t.foreignKeys.filter((fk) => fk.referencedTable === table).map((fk) => `foreign key ${fk.name} of ${t.name}`)));
}

/**
 * What a table (being created, or just given a key, index or constraint) names that does not exist: its
 * own columns, and the tables and columns its foreign keys point at (`state` holding the other tables).
 */
export function missingReferences(state: SchemaState, table: TableState): string[] {
  const has = (t: TableState, c: string): boolean => t.columns.some((x) => x.name === c);
  const out: string[] = [];
  const own = (what: string, columns: readonly string[]): void => {
    for (const c of columns) if (!has(table, c)) out.push(`column ${table.name}.${c} (used by ${what})`);
  };
  own('the primary key', table.primaryKey);
  for (const u of table.uniques) own(`unique constraint ${u.name}`, u.columns);
  for (const i of table.indexes) own(`index ${i.name}`, i.columns);
  for (const fk of table.foreignKeys) {
    own(`foreign key ${fk.name}`, fk.columns);
    const target = fk.referencedTable === table.name ? table : state.tables.find((t) => t.name === fk.referencedTable);
    if (target === undefined) out.push(`table ${fk.referencedTable} (referenced by foreign key ${fk.name})`);
    else for (const c of fk.referencedColumns) if (!has(target, c)) out.push(`column ${target.name}.${c} (referenced by foreign key ${fk.name})`);
  }
  return out;
}
