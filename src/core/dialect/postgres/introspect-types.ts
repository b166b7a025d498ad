/**
 * PostgreSQL's type spellings (`format_type()`) back to column kinds: the inverse of ddl.ts's spelling
 * map, plus the synonyms other tools write, each only where the kind's field reads and writes every
 * value the column holds. Anything else is `raw` in its own spelling.
 *
 *   integer, smallint            → int (auto with an identity or owned serial sequence)
 *   bigint                       → bigint (bigAuto likewise)
 *   double precision, real       → float (a float4 value reads back as the same JS number it was written from)
 *   numeric(p,s), 1 ≤ p ≤ 65     → decimal (65: the largest precision a DecimalField takes on every database)
 *   boolean                      → boolean
 *   character varying(n)         → char(n); `character varying` without a length → text
 *   text                         → text
 *   timestamp[(p)] with time zone, p ≥ 3     → datetime
 *   timestamp[(p)] without time zone, p ≥ 3  → datetime: both executors read it as UTC wall-clock time and
 *                                  PostgreSQL drops the zone of the UTC text Oxen writes, so an instant
 *                                  goes in and comes out unchanged (Rails and Chinook use it for every
 *                                  time column). Filters compare it with a timestamptz parameter, which
 *                                  converts through the session's TimeZone: right when that is UTC.
 *   date                         → date
 *   jsonb, json                  → json (a JSON value in, the same value out; json keeps its text as written)
 *   uuid                         → uuid
 *   bytea                        → binary
 *
 * Raw on purpose: `numeric` without precision (a DecimalField needs one, and the column holds values
 * none would accept), `character(n)` (reads back blank-padded: 'ab' comes back as 'ab   '), timestamps
 * with fewer than 3 fractional digits (they round away a Date's milliseconds), enums, domains, arrays,
 * and every other type (`inet`, `interval`, `time`, `money`, `tsvector`, `citext`, …).
 */
import type { ColumnType } from '../schema-state.js';

const SIMPLE: Readonly<Record<string, ColumnType>> = {
  integer: { kind: 'int' },
  smallint: { kind: 'int' },
  bigint: { kind: 'bigint' },
  'double precision': { kind: 'float' },
  real: { kind: 'float' },
  boolean: { kind: 'boolean' },
  'character varying': { kind: 'text' },
  text: { kind: 'text' },
  'timestamp with time zone': { kind: 'datetime' },
  'timestamp without time zone': { kind: 'datetime' },
  date: { kind: 'date' },
  jsonb: { kind: 'json' },
  json: { kind: 'json' },
  uuid: { kind: 'uuid' },
  bytea: { kind: 'binary' },
};

/** A DecimalField's largest precision (MySQL's limit, the lowest of the three databases). */
const MAX_DECIMAL_PRECISION = 65;

/** The column type of a `format_type()` spelling (no identity or sequence known: see `autoTypeOf`). */
export function columnTypeOfSpelling(spelling: string): ColumnType {
  const simple = SIMPLE[spelling];
  if (simple) return simple;
  const varchar = /^character varying\((\d+)\)$/.exec(spelling);
  if (varchar) return { kind: 'char', maxLength: Number(varchar[1]) };
  const numeric = /^numeric\((\d+),(-?\d+)\)$/.exec(spelling);
  if (numeric) {
    const precision = Number(numeric[1]);
    const scale = Number(numeric[2]);
    if (precision >= 1 && precision <= MAX_DECIMAL_PRECISION && scale >= 0 && scale <= precision) return { kind: 'decimal', precision, scale };
  }
  const timestamp = /^timestamp\((\d)\) with(out)? time zone$/.exec(spelling);
  if (timestamp && Number(timestamp[1]) >= 3) return { kind: 'datetime' };
  return { kind: 'raw', spelling };
}

/** An integer column filled from a counter (identity, or a serial's owned sequence): auto or bigAuto. */
export function autoTypeOf(spelling: string): ColumnType | undefined {
  if (spelling === 'integer' || spelling === 'smallint') return { kind: 'auto' };
  if (spelling === 'bigint') return { kind: 'bigAuto' };
  return undefined;
}

/**
 * Whether a column read from PostgreSQL may be created with its own spelling (`dbType`) rather than the
 * kind's: when that spelling maps back to the same type, so `timestamp`, `smallint`, `real`, `json` and
 * an unbounded `character varying` survive the `sql` format instead of becoming their kind's spelling.
 */
export function spellingKeepsType(spelling: string, type: ColumnType): boolean {
  const base: ColumnType = type.kind === 'auto' ? { kind: 'int' } : type.kind === 'bigAuto' ? { kind: 'bigint' } : type;
  const read = columnTypeOfSpelling(spelling);
  if (read.kind !== base.kind) return false;
  if (read.kind === 'char' && base.kind === 'char') return read.maxLength === base.maxLength;
  if (read.kind === 'decimal' && base.kind === 'decimal') return read.precision === base.precision && read.scale === base.scale;
  if (read.kind === 'raw' && base.kind === 'raw') return read.spelling === base.spelling;
  return true;
}
