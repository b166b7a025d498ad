/**
 * What a column's type change does to the values already there, and to the table: whether the new
 * type holds less than the old (a narrowing: values are cut, rounded or refused), and whether the
 * database rewrites every row to change it. Compared on the state's dialect-neutral kinds; a `raw`
 * type (the database's own spelling) cannot be compared and is never called narrowing.
 */
import type { ColumnState, ColumnType } from '../../dialect/schema-state.js';
import { typeText } from '../diff/diff-states.js';
import type { DialectName } from '../../ground/values.js';

/** Integer kinds by the bits they hold (auto columns are integers filled from a counter). */
const INTEGER_BITS: Partial<Record<ColumnType['kind'], number>> = { auto: 32, int: 32, bigAuto: 64, bigint: 64 };
/** Decimal digits an integer of that many bits always holds. */
const INTEGER_DIGITS: Record<number, number> = { 32: 9, 64: 18 };
/** The longest text of a value of these kinds, for a change to char(n). */
const TEXT_WIDTH: Partial<Record<ColumnType['kind'], number>> = { auto: 11, int: 11, bigAuto: 20, bigint: 20, uuid: 36, boolean: 5, date: 10 };
const TEXTUAL = new Set<ColumnType['kind']>(['char', 'text', 'json']);

export function sameType(a: ColumnType, b: ColumnType): boolean {
  return typeText(a) === typeText(b);
}

/** Why `after` holds less than `before` (one clause), or undefined when every old value fits. */
export function narrowing(before: ColumnType, after: ColumnType): string | undefined {
  if (before.kind === 'raw' || after.kind === 'raw' || sameType(before, after)) return undefined;
  const from = typeText(before);
  const to = typeText(after);
  const bitsBefore = INTEGER_BITS[before.kind];
  const bitsAfter = INTEGER_BITS[after.kind];
  if (bitsBefore !== undefined && bitsAfter !== undefined) return bitsAfter < bitsBefore ? `${from} → ${to} refuses values past ${to}'s range` : undefined;
  if (after.kind === 'char') {
    if (before.kind === 'char') return after.maxLength < before.maxLength ? `${from} → ${to} cuts or refuses values longer than ${after.maxLength}` : undefined;
    const width = before.kind === 'decimal' ? before.precision + 2 : TEXT_WIDTH[before.kind];
    if (width !== undefined && width <= after.maxLength) return undefined;
    return `${from} → ${to} cuts or refuses values longer than ${after.maxLength}`;
  }
  if (before.kind === 'decimal' && after.kind === 'decimal') {
    if (after.scale < before.scale) return `${from} → ${to} rounds away digits after the point`;
    if (after.precision - after.scale < before.precision - before.scale) return `${from} → ${to} refuses values with more digits before the point`;
    return undefined;
  }
  if (bitsAfter !== undefined) {
    if (before.kind === 'float') return `${from} → ${to} drops the fractions`;
    if (before.kind === 'decimal') {
      if (before.scale > 0) return `${from} → ${to} drops the fractions`;
      return before.precision > INTEGER_DIGITS[bitsAfter]! ? `${from} → ${to} refuses values past ${to}'s range` : undefined;
    }
  }
  if (after.kind === 'decimal' && (before.kind === 'float' || bitsBefore !== undefined)) {
    if (before.kind === 'float') return `${from} → ${to} rounds or refuses values`;
    // The longest value of a 32-bit integer has 10 digits, of a 64-bit one 19.
    const digits = INTEGER_DIGITS[bitsBefore!]! + 1;
    return after.precision - after.scale < digits ? `${from} → ${to} refuses values past ${after.precision - after.scale} digits` : undefined;
  }
  if (after.kind === 'float' && bitsBefore === 64) return `${from} → ${to} loses precision past 2^53`;
  if (before.kind === 'datetime' && after.kind === 'date') return `${from} → ${to} drops the time of day`;
  if (after.kind === 'boolean' && before.kind !== 'boolean') return `${from} → ${to} keeps only true / false`;
  if (TEXTUAL.has(before.kind) && !TEXTUAL.has(after.kind)) return `${from} → ${to} refuses values that are not ${to}`;
  if (after.kind === 'json' && before.kind !== 'json' && TEXTUAL.has(before.kind)) return `${from} → ${to} refuses values that are not JSON`;
  return undefined;
}

/**
 * Whether the database changes the column without touching the rows (a lengthened varchar, varchar
 * to text on PostgreSQL); anything else rewrites every row. MySQL keeps a varchar in place only while
 * its length prefix stays one byte (255 bytes: 63 characters of utf8mb4) or stays two, and copies the
 * table for a change of NULL / NOT NULL too.
 */
const IN_PLACE: Record<DialectName, (before: ColumnState, after: ColumnState) => boolean> = {
  postgres: (b, a) => sameType(b.type, a.type) || (b.type.kind === 'char' && (a.type.kind === 'text' || (a.type.kind === 'char' && a.type.maxLength >= b.type.maxLength))),
  mysql: (b, a) => {
    if (b.nullable !== a.nullable) return false;
    if (sameType(b.type, a.type)) return true;
    if (b.type.kind !== 'char' || a.type.kind !== 'char' || a.type.maxLength < b.type.maxLength) return false;
    return (b.type.maxLength <= 63) === (a.type.maxLength <= 63);
  },
  // The SQLite rebuild is told by its DDL compiler (needsForeignKeysOff), not by the types.
  sqlite: (b, a) => sameType(b.type, a.type),
};

export function alterRewrites(dialect: DialectName, before: ColumnState, after: ColumnState): boolean {
  return !IN_PLACE[dialect](before, after);
}
