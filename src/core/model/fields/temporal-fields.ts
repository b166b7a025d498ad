import type { SqlValue } from '../../ground/values.js';
import { Field, type FieldOptions } from '../field.js';
import type { NullOf, OptionalOf } from './options.js';
import { parseIsoUtc } from './parse-iso-utc.js';

export interface DateTimeOptions extends FieldOptions<Date> {
  /** Set to now when the row is created. */
  autoNowAdd?: boolean;
  /** Set to now on every save (and on create). */
  autoNow?: boolean;
}

/**
 * Instants, as JS Dates, stored in UTC: timestamptz on PostgreSQL, DATETIME(3) holding UTC on MySQL,
 * ISO-8601 text on SQLite (which sorts and compares correctly as text).
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
  protected decode(raw: unknown): Date {
    if (raw instanceof Date) return raw;
    // SQLite holds what its codec wrote: ISO-8601 ending in Z, which Date parses as is.
    if (typeof raw === 'string' && raw.charCodeAt(raw.length - 1) === 90) return parseIsoUtc(raw) ?? new Date(raw);
    if (typeof raw === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(raw)) return new Date(raw.replace(' ', 'T') + 'Z');
    return new Date(raw as string | number);
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
