import { UsageError } from '../ground/errors.js';
import type { AnyField } from '../model/field.js';
import type { DateTimeFieldDef } from '../model/fields/temporal-fields.js';
import type { ColumnDefault, ColumnType, JsonValue } from '../dialect/schema-state.js';

/** The field's default in the state's canonical form, or undefined when it has none. */
export function columnDefaultOf(field: AnyField, type: ColumnType): ColumnDefault | undefined {
  // By kind, not instanceof: models may come from another copy of Oxen (a linked package, a file loaded with jiti).
  if (field.kind === 'datetime') {
    const dt = field as unknown as DateTimeFieldDef;
    if (dt.autoNow || dt.autoNowAdd) return { kind: 'now', onUpdate: dt.autoNow };
  }
  const d = field.options.default;
  if (d === undefined) return undefined;
  if (typeof d === 'function') return { kind: 'function' };
  return { kind: 'value', value: canonicalValue(field, type, d) };
}

function canonicalValue(field: AnyField, type: ColumnType, value: unknown): JsonValue {
  if (value === null) return null;
  switch (type.kind) {
    case 'bigint':
      if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string') return String(value);
      break;
    case 'decimal':
      if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string') return toScale(String(value), type.scale);
      break;
    case 'datetime':
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
      break;
    case 'date':
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
      if (typeof value === 'string') return value;
      break;
    case 'binary':
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
      break;
    default:
      if (isJson(value)) return value;
  }
  throw new UsageError('MODEL_INVALID', `the default of ${field.binding.modelName}.${field.name} cannot be recorded in the schema: use a ${type.kind} value, or a function returning one`);
}

function isJson(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isJson);
  return false;
}

/** `'9.9'` on a scale of 2 is `'9.90'`, as the database stores and reports it. Other text is left for the DDL to refuse. */
function toScale(text: string, scale: number): string {
  const m = /^(-?\d+)(?:\.(\d*))?$/.exec(text);
  if (m === null) return text;
  const fraction = m[2] ?? '';
  if (fraction.length > scale) return text;
  return scale === 0 ? m[1]! : `${m[1]}.${fraction.padEnd(scale, '0')}`;
}
