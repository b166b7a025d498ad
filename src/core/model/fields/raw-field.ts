import type { SqlValue } from '../../ground/values.js';
import { Field, type FieldOptions } from '../field.js';

export interface RawOptions<T> extends FieldOptions<T> {
  /** The column type in the database's own spelling (`inet`, `mood`, `tinyint(3)`, `SET('a','b')`): valid on that database only. */
  dbType: string;
}

/**
 * A column of a type no other field kind maps to, as `oxen inspect` writes it for a database Oxen did
 * not create. Values go to the driver as they are and come back as the driver gives them: the type
 * parameter says what that is (a string for `inet` and enums, on both executors), and Oxen checks
 * only that it is a value a driver can bind.
 */
export class RawFieldDef<T = unknown, N extends boolean = boolean, D extends boolean = boolean> extends Field<T, N, D, false> {
  readonly kind = 'raw' as const;
  readonly dbType: string;
  constructor(options: RawOptions<T>) {
    super(options);
    if (typeof options?.dbType !== 'string' || options.dbType.trim() === '') throw new TypeError('RawField needs dbType: the column type as the database spells it');
    this.dbType = options.dbType;
  }
  protected encode(value: unknown): SqlValue {
    if (isBindable(value)) return value;
    throw this.invalid(value, `a string, number, bigint, boolean, Date or Buffer for the ${this.dbType} column`);
  }
  protected decode(raw: unknown): T {
    return raw as T;
  }
}

function isBindable(value: unknown): value is SqlValue {
  switch (typeof value) {
    case 'string':
    case 'bigint':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    default:
      return (value instanceof Date && !Number.isNaN(value.getTime())) || value instanceof Uint8Array;
  }
}

/**
 * `RawField<string>({ dbType: 'inet' })`; a nullable column says so in the type too:
 * `RawField<string | null>({ dbType: 'inet', null: true })`. `Optional` is whether create may leave it
 * out (nullable, or filled by a database default).
 */
export function RawField<T, Optional extends boolean = null extends T ? true : false>(
  options: RawOptions<NonNullable<T>>,
): RawFieldDef<NonNullable<T>, null extends T ? true : false, Optional> {
  return new RawFieldDef(options);
}
