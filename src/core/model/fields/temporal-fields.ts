import type { SqlValue } from '../../ground/values.js';
import { Field, type FieldOptions } from '../field.js';
import type { NullOf, OptionalOf } from './options.js';
import { parseCanonicalUtc, parseIsoUtc } from './parse-iso-utc.js';
import { sqliteDatetimeMs } from './parse-sqlite-datetime.js';

export interface DateTimeOptions extends FieldOptions<Date> {
  /** Set to now when the row is created. */
  autoNowAdd?: boolean;
  /** Set to now on every save (and on create). */
  autoNow?: boolean;
}

/**
 * Instants, as JS Dates, stored in UTC: timestamptz on PostgreSQL, DATETIME(3) holding UTC on MySQL,
 * text on SQLite in SQLite's own form `YYYY-MM-DD HH:MM:SS[.SSS]` (see dialect/sqlite/datetime-text.ts),
 * which sorts and compares correctly as text, also against values SQLite's functions, Django or Rails
 * wrote. Columns without a zone (PostgreSQL `timestamp`, MySQL `DATETIME`, SQLite text without a
 * suffix) are read as UTC.
 */
export class DateTimeFieldDef<N extends boolean = boolean, D extends boolean = boolean> extends Field<Date, N, D, false> {
  readonly kind = 'datetime' as const;
  readonly autoNowAdd: boolean;
  readonly autoNow: boolean;
  constructor(options: DateTimeOptions = {}) {
    super(options);
    this.autoNowAdd = options.autoNowAdd === true;
    this.autoNow = options.autoNow === true;
  }
  protected encode(value: unknown): SqlValue {
    const d = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!d || Number.isNaN(d.getTime())) throw this.invalid(value, 'a Date (or an ISO-8601 string)');
    return d;
  }
  /**
   * PostgreSQL and MySQL drivers give Dates. SQLite gives what was stored: usually the codec's form or
   * Oxen's earlier `…T…Z` (both read on a fast path), otherwise any time value SQLite's own date
   * functions read, read as they read it (parse-sqlite-datetime.ts). What none of them reads becomes an
   * invalid Date rather than a guess.
   */
  protected decode(raw: unknown): Date {
    if (raw instanceof Date) return raw;
    if (typeof raw === 'string') return parseCanonicalUtc(raw) ?? parseIsoUtc(raw) ?? new Date(sqliteDatetimeMs(raw));
    if (typeof raw === 'number' || typeof raw === 'bigint') return new Date(sqliteDatetimeMs(raw));
    return new Date(NaN);
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Calendar dates as 'YYYY-MM-DD' strings: no time zone can move them a day. */
export class DateFieldDef<N extends boolean = boolean, D extends boolean = boolean> extends Field<string, N, D, false> {
  readonly kind = 'date' as const;
  protected encode(value: unknown): SqlValue {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && DATE_RE.test(value) && !Number.isNaN(Date.parse(value))) return value;
    throw this.invalid(value, "a date as 'YYYY-MM-DD' (or a Date, whose UTC day is used)");
  }
  protected decode(raw: unknown): string {
    if (raw instanceof Date) return raw.toISOString().slice(0, 10);
    return String(raw);
  }
}

export function DateTimeField<const O extends DateTimeOptions = {}>(
  options?: O,
): DateTimeFieldDef<NullOf<O>, O extends { autoNowAdd: true } | { autoNow: true } ? true : OptionalOf<O>> {
  return new DateTimeFieldDef(options);
}
export function DateField<const O extends FieldOptions<string> = {}>(options?: O): DateFieldDef<NullOf<O>, OptionalOf<O>> {
  return new DateFieldDef(options);
}
