/**
 * A column default as PostgreSQL deparses it (pg_get_expr over pg_attrdef), read into the state's
 * canonical form by column kind. The introspection session fixes the settings that shape constants'
 * text (TimeZone UTC, DateStyle ISO, bytea_output hex, standard_conforming_strings on), so a literal is
 * `'text'::type` with quotes doubled, a bare number, or true/false.
 *
 * A literal becomes a value only when its cast is a type the column's kind holds (for a raw column:
 * exactly the column's own type), so writing the value back as a plain literal gives the same default;
 * the current time becomes `now`; anything else stays an SQL expression, in PostgreSQL's spelling.
 */
import type { ColumnDefault, ColumnType, JsonValue } from '../schema-state.js';

const NOW = /^(now\(\)|CURRENT_TIMESTAMP(\(\d\))?|transaction_timestamp\(\))$/;
const LITERAL = /^'((?:[^']|'')*)'::(.+)$/s;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

const NUMERIC_CASTS = new Set(['integer', 'smallint', 'bigint', 'numeric', 'double precision', 'real']);
const TEXT_CASTS = /^(text|character varying(\(\d+\))?|name)$/;
const CASTS: Partial<Record<ColumnType['kind'], RegExp>> = {
  text: TEXT_CASTS,
  char: TEXT_CASTS,
  uuid: /^uuid$/,
  datetime: /^timestamp(\(\d\))? with(out)? time zone$/,
  date: /^date$/,
  json: /^jsonb?$/,
  binary: /^bytea$/,
};

export function readDefault(sql: string, type: ColumnType): ColumnDefault {
  const expression: ColumnDefault = { kind: 'expression', sql };
  if (type.kind === 'datetime' && NOW.test(sql)) return { kind: 'now', onUpdate: false };
  if (/^NULL(::.+)?$/.test(sql)) return { kind: 'value', value: null };
  const value = literalValue(sql, type);
  return value === undefined ? expression : { kind: 'value', value };
}

/** The literal's value in the state's JSON form, or undefined when it is not a plain literal of the column's kind. */
function literalValue(sql: string, type: ColumnType): JsonValue | undefined {
  const literal = LITERAL.exec(sql);
  const text = literal ? literal[1]!.replaceAll("''", "'") : undefined;
  const cast = literal?.[2];
  switch (type.kind) {
    case 'int':
    case 'float':
    case 'bigint':
    case 'decimal': {
      const digits = literal ? (NUMERIC_CASTS.has(cast!) ? text : undefined) : sql;
      if (digits === undefined || !NUMBER.test(digits)) return undefined;
      if (type.kind === 'bigint') return /^-?\d+$/.test(digits) ? digits : undefined;
      if (type.kind === 'decimal') return /^-?\d+(\.\d+)?$/.test(digits) ? digits : undefined;
      const n = Number(digits);
      return Number.isFinite(n) && (type.kind === 'float' || Number.isSafeInteger(n)) ? n : undefined;
    }
    case 'boolean':
      return sql === 'true' ? true : sql === 'false' ? false : undefined;
    case 'raw':
      return literal && cast === type.spelling ? text : undefined;
    case 'auto':
    case 'bigAuto':
      return undefined;
    default:
      if (!literal || !CASTS[type.kind]!.test(cast!)) return undefined;
      return kindValue(type.kind, text!);
  }
}

function kindValue(kind: ColumnType['kind'], text: string): JsonValue | undefined {
  switch (kind) {
    case 'datetime':
      return isoOf(text);
    case 'date':
      return /^\d{4}-\d\d-\d\d$/.test(text) ? text : undefined;
    case 'json':
      try {
        return JSON.parse(text) as JsonValue;
      } catch {
        return undefined;
      }
    case 'binary':
      return /^\\x([0-9a-f]{2})*$/.test(text) ? text.slice(2) : undefined;
    default:
      return text;
  }
}

const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?)?$/;

/**
 * ISO-8601 UTC with milliseconds, as the state holds datetime defaults; undefined for what a Date cannot
 * hold exactly (sub-millisecond digits, a second-level offset, BC, infinity), which stays an expression.
 * A `timestamp` (no zone) is read as UTC, as the executors read its values.
 */
function isoOf(text: string): string | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const fraction = (m[7] ?? '').padEnd(6, '0');
  if (fraction.slice(3) !== '000') return undefined;
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? 0)) : 0;
  const date = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(fraction.slice(0, 3))));
  // Date.UTC reads years 0–99 as 1900–1999; the year is set on its own.
  date.setUTCFullYear(Number(m[1]));
  date.setTime(date.getTime() - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
