/**
 * Equality as `migrate make` needs it. States come from models, from replayed migration files and from
 * `inspect` (a baseline), so the same column may be built with its keys in another order: compare values,
 * not spellings of objects.
 */
import type { ColumnState } from '../../dialect/schema-state.js';

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as readonly unknown[];
    return a.length === other.length && a.every((x, i) => sameValue(x, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  return keys.length === Object.keys(y).filter((k) => y[k] !== undefined).length && keys.every((k) => sameValue(x[k], y[k]));
}

/**
 * What a migration changes of a column: type, nullability, default and generation. `dbType` and the
 * comment are what a database reports (a baseline read by `inspect`), never what models declare, so a
 * difference in them alone is no change.
 */
export function sameColumn(a: ColumnState, b: ColumnState): boolean {
  return sameValue(a.type, b.type) && a.nullable === b.nullable && sameValue(a.default, b.default) && sameValue(a.generated, b.generated);
}

/**
 * A change a foreign key cannot stay through: MySQL refuses to change the type or nullability of a
 * column a foreign key uses, and PostgreSQL rechecks the key, so the key is dropped first and added again.
 */
export function changesKeyColumn(a: ColumnState, b: ColumnState): boolean {
  return !sameValue(a.type, b.type) || a.nullable !== b.nullable || !sameValue(a.generated, b.generated);
}
