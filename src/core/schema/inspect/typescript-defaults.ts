/**
 * A column's default as a field option of the TypeScript format: a literal of the field's JS type
 * (the inverse of schema/column-default.ts, so the models give back the same state), `autoNowAdd` /
 * `autoNow` for the current time, and a comment for what a model cannot hold.
 */
import type { ColumnDefault, JsonValue } from '../../dialect/schema-state.js';
import { jsonLiteral, oneLine, str } from './typescript-literals.js';
import type { RawValueType } from './typescript-raw.js';

/** The field a default goes on: its kind, or `foreignKey` / `auto` (whose factories take no default). */
export type DefaultTarget = 'int' | 'bigint' | 'float' | 'decimal' | 'boolean' | 'char' | 'text' | 'datetime' | 'date' | 'json' | 'uuid' | 'binary' | 'raw' | 'foreignKey' | 'auto';

export interface DefaultCode {
  /** Options to add, in order: `[key, code]`. */
  readonly options: readonly (readonly [string, string])[];
  /** A comment line when the default is not (or not only) an option. */
  readonly note?: string;
}

export function defaultCode(dflt: ColumnDefault | undefined, target: DefaultTarget, raw?: RawValueType): DefaultCode {
  if (dflt === undefined) return { options: [] };
  switch (dflt.kind) {
    case 'function':
      return { options: [], note: 'default: computed by a JS function in the models this state came from (not in the database)' };
    case 'expression':
      return { options: [], note: `database default: ${oneLine(dflt.sql)}` };
    case 'now':
      if (target === 'datetime') return { options: [[dflt.onUpdate ? 'autoNow' : 'autoNowAdd', 'true']] };
      return { options: [], note: `database default: the current time${dflt.onUpdate ? ', and set again on every update' : ''}` };
    case 'value': {
      const code = target === 'foreignKey' || target === 'auto' ? undefined : valueCode(dflt.value, target, raw);
      if (code !== undefined) return { options: [['default', code]] };
      return { options: [], note: `database default: ${dflt.value === null ? 'NULL' : JSON.stringify(dflt.value)}` };
    }
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The literal for a value default, or undefined when the field's type cannot hold it. */
function valueCode(value: JsonValue, target: DefaultTarget, raw: RawValueType | undefined): string | undefined {
  if (value === null) return target === 'json' ? 'null' : undefined;
  switch (target) {
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) ? jsonLiteral(value) : undefined;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? jsonLiteral(value) : undefined;
    case 'bigint':
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return `${BigInt(value)}n`;
      return typeof value === 'number' && Number.isSafeInteger(value) ? `${value}n` : undefined;
    case 'decimal':
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return str(value);
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : undefined;
    case 'char':
    case 'text':
    case 'uuid':
      return typeof value === 'string' ? str(value) : undefined;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? str(value) : undefined;
    case 'datetime': {
      // Only an instant with its zone: a bare `2024-01-02 03:04` would be read in the local zone.
      if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return undefined;
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? undefined : `new Date(${str(d.toISOString())})`;
    }
    case 'json':
      return jsonLiteral(value);
    case 'binary':
      return typeof value === 'string' && /^([0-9a-f]{2})*$/i.test(value) ? `Buffer.from(${str(value.toLowerCase())}, 'hex')` : undefined;
    case 'raw':
      return raw ? rawValueCode(value, raw) : undefined;
    default:
      return undefined;
  }
}

/** A raw column's default, when its literal is of the field's `T`. */
function rawValueCode(value: JsonValue, raw: RawValueType): string | undefined {
  if (raw.members) return typeof value === 'string' && raw.members.includes(value) ? str(value) : undefined;
  if (typeof value === 'string' && (raw.type === 'string' || raw.type === 'unknown')) return str(value);
  if (typeof value === 'number' && Number.isFinite(value) && (raw.type === 'number' || raw.type === 'unknown')) return jsonLiteral(value);
  if (typeof value === 'boolean' && (raw.type === 'boolean' || raw.type === 'unknown')) return String(value);
  return undefined;
}
