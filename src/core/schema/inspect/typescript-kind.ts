/**
 * A column's field factory by its type (the inverse of schema/column-type.ts): a kind's own field,
 * AutoField for a counter primary key, RawField for what no field kind can hold (a raw type, a
 * decimal beyond DecimalField's limits).
 */
import type { ColumnState, ColumnType } from '../../dialect/schema-state.js';
import type { DialectName } from '../../ground/values.js';
import type { DefaultTarget } from './typescript-defaults.js';
import { rawValueType, type EnumTypeNames, type RawValueType } from './typescript-raw.js';

type Option = readonly [string, string];

export interface KindContext {
  readonly primaryKey: boolean;
  readonly view: boolean;
  readonly foreignKey: boolean;
  readonly dialect: DialectName | undefined;
  readonly enums: EnumTypeNames;
}

export interface KindChoice {
  readonly factory: string;
  readonly target: DefaultTarget;
  readonly typeOptions: readonly Option[];
  readonly raw?: RawValueType;
  readonly spelling?: string;
}

const SIMPLE: Record<string, readonly [string, DefaultTarget]> = {
  int: ['IntField', 'int'], bigint: ['BigIntField', 'bigint'], float: ['FloatField', 'float'], boolean: ['BooleanField', 'boolean'],
  text: ['TextField', 'text'], datetime: ['DateTimeField', 'datetime'], date: ['DateField', 'date'], json: ['JSONField', 'json'],
  uuid: ['UUIDField', 'uuid'], binary: ['BinaryField', 'binary'],
};

export function chooseKind(column: ColumnState, input: KindContext, notes: string[]): KindChoice {
  const type: ColumnType = column.type;
  if (input.foreignKey) return { factory: 'ForeignKey', target: 'foreignKey', typeOptions: [] };
  const asRaw = (spelling: string): KindChoice => {
    const raw = rawValueType(spelling, input.dialect, input.enums);
    notes.push(raw.note);
    return { factory: 'RawField', target: 'raw', typeOptions: [], raw, spelling };
  };
  switch (type.kind) {
    case 'auto':
    case 'bigAuto':
      if (input.primaryKey && !input.view) {
        if (type.kind === 'bigAuto') {
          notes.push('a 64-bit counter in the database; Oxen has no BigAutoField, and AutoField reads it as a number (exact up to 2^53)');
        }
        return { factory: 'AutoField', target: 'auto', typeOptions: [] };
      }
      if (!input.view) notes.push('filled by a database counter (AutoField is for primary keys only)');
      return type.kind === 'auto' ? { factory: 'IntField', target: 'int', typeOptions: [] } : { factory: 'BigIntField', target: 'bigint', typeOptions: [] };
    case 'decimal':
      if (validDecimal(type.precision, type.scale)) {
        return { factory: 'DecimalField', target: 'decimal', typeOptions: [['maxDigits', String(type.precision)], ['decimalPlaces', String(type.scale)]] };
      }
      return asRaw(column.dbType ?? `numeric(${type.precision},${type.scale})`);
    case 'char':
      if (Number.isSafeInteger(type.maxLength) && type.maxLength >= 1) return { factory: 'CharField', target: 'char', typeOptions: [['maxLength', String(type.maxLength)]] };
      return asRaw(column.dbType ?? `char(${type.maxLength})`);
    case 'raw':
      return asRaw(type.spelling);
    default: {
      const simple = SIMPLE[type.kind];
      if (simple) return { factory: simple[0], target: simple[1], typeOptions: [] };
      return asRaw(column.dbType ?? String((type as { kind: string }).kind));
    }
  }
}

/** The type model() gives a ForeignKey's column (schema/column-type.ts): a counter's references are plain integers. */
export function referencingType(target: ColumnType | undefined): ColumnType | undefined {
  if (target?.kind === 'auto' || target?.kind === 'bigAuto') return { kind: 'int' };
  return target;
}

export function typeText(type: ColumnType): string {
  switch (type.kind) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'char':
      return `char(${type.maxLength})`;
    case 'raw':
      return type.spelling;
    default:
      return type.kind;
  }
}

/** DecimalField's limits (schema/column-type.ts): MySQL's 65 digits are the lowest of the three databases. */
function validDecimal(precision: number, scale: number): boolean {
  return Number.isSafeInteger(precision) && precision >= 1 && precision <= 65 && Number.isSafeInteger(scale) && scale >= 0 && scale <= precision;
}
