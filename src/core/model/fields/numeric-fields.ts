import type { SqlValue } from '../../ground/values.js';
import { Field, type FieldOptions } from '../field.js';
import type { NullOf, OptionalOf, PkOf } from './options.js';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * A 32-bit integer (INTEGER / INT). Values outside −2^31 … 2^31−1 are refused before they reach the
 * database, on SQLite too (whose INTEGER would store them), so every database answers alike.
 */
export class IntFieldDef<N extends boolean = boolean, D extends boolean = boolean, P extends boolean = boolean> extends Field<number, N, D, P> {
  readonly kind: 'int' | 'auto' = 'int';
  protected encode(value: unknown): SqlValue {
    const n = this.integer(value);
    if (n < INT_MIN || n > INT_MAX) throw this.invalid(value, `an integer from ${INT_MIN} to ${INT_MAX} (a 32-bit column; use BigIntField for larger values)`);
    return n;
  }
  /** The value as a safe integer, whatever its range. */
  protected integer(value: unknown): number {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (typeof value === 'bigint' && value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER) return Number(value);
    if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
    throw this.invalid(value, 'an integer');
  }
  protected decode(raw: unknown): number {
    return typeof raw === 'number' ? raw : Number(raw);
  }
}

/** An auto-incrementing integer primary key (serial / AUTO_INCREMENT / INTEGER PRIMARY KEY). */
export class AutoFieldDef extends IntFieldDef<false, true, true> {
  override readonly kind = 'auto' as const;
  constructor(options: { column?: string } = {}) {
    super({ ...options, primaryKey: true });
  }
  /** SQLite's row ids are 64-bit: an id is any safe integer (PostgreSQL and MySQL never hand out larger ones). */
  protected override encode(value: unknown): SqlValue {
    return this.integer(value);
  }
  override get dbGenerated(): boolean {
    return true;
  }
}

/** 64-bit integers, always as JS bigint so values beyond 2^53 stay exact. */
export class BigIntFieldDef<N extends boolean = boolean, D extends boolean = boolean, P extends boolean = boolean> extends Field<bigint, N, D, P> {
  readonly kind = 'bigint' as const;
  protected encode(value: unknown): SqlValue {
    let v: bigint;
    if (typeof value === 'bigint') v = value;
    else if (typeof value === 'number' && Number.isSafeInteger(value)) v = BigInt(value);
    else if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) v = BigInt(value);
    else throw this.invalid(value, 'a 64-bit integer (bigint)');
    if (v > 9223372036854775807n || v < -9223372036854775808n) throw this.invalid(value, 'a value within the signed 64-bit range');
    return v;
  }
  protected decode(raw: unknown): bigint {
    return typeof raw === 'bigint' ? raw : BigInt(raw as string | number);
  }
}

export class FloatFieldDef<N extends boolean = boolean, D extends boolean = boolean> extends Field<number, N, D, false> {
  readonly kind = 'float' as const;
  protected encode(value: unknown): SqlValue {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    throw this.invalid(value, 'a finite number');
  }
  protected decode(raw: unknown): number {
    return typeof raw === 'number' ? raw : Number(raw);
  }
}

export interface DecimalOptions extends FieldOptions<string> {
  maxDigits: number;
  decimalPlaces: number;
}

/**
 * Exact decimals, as strings ('12.50'): never through a float. Values are normalised to exactly
 * `decimalPlaces` fraction digits, so every database returns the same text; more digits than that is
 * an error rather than a silent rounding.
 */
export class DecimalFieldDef<N extends boolean = boolean, D extends boolean = boolean> extends Field<string, N, D, false> {
  readonly kind = 'decimal' as const;
  readonly maxDigits: number;
  readonly decimalPlaces: number;
  constructor(options: DecimalOptions) {
    super(options);
    this.maxDigits = options.maxDigits;
    this.decimalPlaces = options.decimalPlaces;
  }
  protected encode(value: unknown): SqlValue {
    const text = typeof value === 'string' ? value.trim() : typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : undefined;
    const m = text === undefined ? null : /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) throw this.invalid(value, 'a decimal number as a string, e.g. "12.50"');
    const intPart = m[2]!.replace(/^0+(?=\d)/, '');
    const frac = m[3] ?? '';
    if (frac.length > this.decimalPlaces) throw this.invalid(value, `at most ${this.decimalPlaces} decimal places`);
    if (intPart.length > this.maxDigits - this.decimalPlaces) throw this.invalid(value, `at most ${this.maxDigits} digits in all`);
    const places = this.decimalPlaces > 0 ? '.' + frac.padEnd(this.decimalPlaces, '0') : '';
    const sign = m[1] === '-' && /[1-9]/.test(intPart + frac) ? '-' : '';
    return sign + intPart + places;
  }
  protected decode(raw: unknown): string {
    return typeof raw === 'string' ? raw : String(raw);
  }
}

export function AutoField(options: { column?: string } = {}): AutoFieldDef {
  return new AutoFieldDef(options);
}
export function IntField<const O extends FieldOptions<number> = {}>(options?: O): IntFieldDef<NullOf<O>, OptionalOf<O>, PkOf<O>> {
  return new IntFieldDef(options);
}
export function BigIntField<const O extends FieldOptions<bigint> = {}>(options?: O): BigIntFieldDef<NullOf<O>, OptionalOf<O>, PkOf<O>> {
  return new BigIntFieldDef(options);
}
export function FloatField<const O extends FieldOptions<number> = {}>(options?: O): FloatFieldDef<NullOf<O>, OptionalOf<O>> {
  return new FloatFieldDef(options);
}
export function DecimalField<const O extends DecimalOptions>(options: O): DecimalFieldDef<NullOf<O>, OptionalOf<O>> {
  return new DecimalFieldDef(options);
}
