import type { SqlValue } from '../../ground/values.js';
import { Field, type FieldOptions } from '../field.js';
import type { NullOf, OptionalOf } from './options.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON documents: jsonb on PostgreSQL, JSON on MySQL/MariaDB, text on SQLite. SQL NULL is `null`. */
export class JSONFieldDef<T = JsonValue, N extends boolean = boolean, D extends boolean = boolean> extends Field<T, N, D, false> {
  readonly kind = 'json' as const;
  protected encode(value: unknown): SqlValue {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      // A cycle, or a BigInt somewhere inside: JSON.stringify's own words name which.
      throw this.invalid(value, `a JSON-serialisable value (${(error as Error).message.split('\n')[0]})`);
    }
    if (text === undefined) throw this.invalid(value, 'a JSON-serialisable value');
    return text;
  }
  protected decode(raw: unknown): T {
    return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;
  }
  /** Narrows the value's type: `JSONField({ null: true }).$type<Settings>()`. Types only; nothing is checked at run time. */
  $type<U>(): JSONFieldDef<U, N, D> {
    return this as unknown as JSONFieldDef<U, N, D>;
  }
}

export class BinaryFieldDef<N extends boolean = boolean, D extends boolean = boolean> extends Field<Buffer, N, D, false> {
  readonly kind = 'binary' as const;
  protected encode(value: unknown): SqlValue {
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    throw this.invalid(value, 'a Buffer or Uint8Array');
  }
  protected decode(raw: unknown): Buffer {
    if (Buffer.isBuffer(raw)) return raw;
    if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    return Buffer.from(String(raw));
  }
}

export function JSONField<const O extends FieldOptions<JsonValue> = {}>(options?: O): JSONFieldDef<JsonValue, NullOf<O>, OptionalOf<O>> {
  return new JSONFieldDef(options);
}
export function BinaryField<const O extends FieldOptions<Buffer> = {}>(options?: O): BinaryFieldDef<NullOf<O>, OptionalOf<O>> {
  return new BinaryFieldDef(options);
}
