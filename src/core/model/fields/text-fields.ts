import type { SqlValue } from '../../ground/values.js';
import { Field, type FieldOptions } from '../field.js';
import type { NullOf, OptionalOf, PkOf } from './options.js';

export interface CharOptions extends FieldOptions<string> {
  maxLength: number;
}

export class CharFieldDef<N extends boolean = boolean, D extends boolean = boolean, P extends boolean = boolean> extends Field<string, N, D, P> {
  readonly kind = 'char' as const;
  readonly maxLength: number;
  constructor(options: CharOptions) {
    super(options);
    if (!Number.isSafeInteger(options.maxLength) || options.maxLength < 1) {
      throw new TypeError(`CharField needs a positive integer maxLength, got ${String(options.maxLength)}`);
    }
    this.maxLength = options.maxLength;
  }
  protected encode(value: unknown): SqlValue {
    if (typeof value !== 'string') throw this.invalid(value, 'a string');
    // Counted in code points, as the databases count characters; SQLite would not enforce it at all.
    if (value.length > this.maxLength && [...value].length > this.maxLength) throw this.invalid(value, `at most ${this.maxLength} characters`);
    return value;
  }
  protected decode(raw: unknown): string {
    return typeof raw === 'string' ? raw : String(raw);
  }
}

export class TextFieldDef<N extends boolean = boolean, D extends boolean = boolean> extends Field<string, N, D, false> {
  readonly kind = 'text' as const;
  protected encode(value: unknown): SqlValue {
    if (typeof value !== 'string') throw this.invalid(value, 'a string');
    return value;
  }
  protected decode(raw: unknown): string {
    return typeof raw === 'string' ? raw : String(raw);
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUIDs as lower-case strings: PostgreSQL's uuid type, CHAR(36) elsewhere. */
export class UUIDFieldDef<N extends boolean = boolean, D extends boolean = boolean, P extends boolean = boolean> extends Field<string, N, D, P> {
  readonly kind = 'uuid' as const;
  protected encode(value: unknown): SqlValue {
    if (typeof value !== 'string' || !UUID_RE.test(value)) throw this.invalid(value, 'a UUID like "0b6c1d5e-…"');
    return value.toLowerCase();
  }
  protected decode(raw: unknown): string {
    return String(raw).toLowerCase();
  }
}

export class BooleanFieldDef<N extends boolean = boolean, D extends boolean = boolean> extends Field<boolean, N, D, false> {
  readonly kind = 'boolean' as const;
  protected encode(value: unknown): SqlValue {
    if (typeof value !== 'boolean') throw this.invalid(value, 'true or false');
    return value;
  }
  protected decode(raw: unknown): boolean {
    return raw === true || raw === 1 || raw === 1n || raw === '1' || raw === 't';
  }
}

export function CharField<const O extends CharOptions>(options: O): CharFieldDef<NullOf<O>, OptionalOf<O>, PkOf<O>> {
  return new CharFieldDef(options);
}
export function TextField<const O extends FieldOptions<string> = {}>(options?: O): TextFieldDef<NullOf<O>, OptionalOf<O>> {
  return new TextFieldDef(options);
}
export function UUIDField<const O extends FieldOptions<string> = {}>(options?: O): UUIDFieldDef<NullOf<O>, OptionalOf<O>, PkOf<O>> {
  return new UUIDFieldDef(options);
}
export function BooleanField<const O extends FieldOptions<boolean> = {}>(options?: O): BooleanFieldDef<NullOf<O>, OptionalOf<O>> {
  return new BooleanFieldDef(options);
}
