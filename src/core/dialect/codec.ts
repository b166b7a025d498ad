/**
 * How one database's driver takes and gives field values. Fields check and normalise a value the same
 * way everywhere (a Date, a boolean, a bigint, a string); the codec turns that into what this database
 * binds, and names the kinds whose driver values need no decoding on the way back.
 */
import type { SqlValue } from '../ground/values.js';
import type { FieldKind } from './field-kind.js';

/** The field a value belongs to, for error messages that name it. */
export interface CodecField {
  readonly kind: FieldKind;
  /** `User.email`, or `a text field` for a field not bound to a model yet. */
  describe(): string;
}

export type ToDriver = (value: SqlValue, field: CodecField) => SqlValue;

export interface Codec {
  /** Per kind: the field's normalised value → the bound parameter. A kind not listed is bound as it is. */
  readonly toDriver: Readonly<Partial<Record<FieldKind, ToDriver>>>;
  /**
   * Kinds whose driver value already is the field's JS value (see the canonical mapping in
   * executor/executor.ts), so the hydrator reads them without calling the field's decoder.
   */
  readonly readAsIs: ReadonlySet<FieldKind>;
}

/** `0`/`1` for booleans, where the database has no boolean type of its own (MySQL's BOOLEAN is tinyint(1)). */
export const booleanAsInteger: ToDriver = (value) => (value ? 1 : 0);

/** 64-bit integers as decimal text, which the server drivers bind and their servers cast exactly. */
export const bigintAsText: ToDriver = (value) => String(value);
