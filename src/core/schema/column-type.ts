import { UsageError } from '../ground/errors.js';
import type { AnyField, FieldKind } from '../model/field.js';
import type { ForeignKeyDef } from '../model/fields/foreign-key.js';
import type { DecimalFieldDef } from '../model/fields/numeric-fields.js';
import type { CharFieldDef } from '../model/fields/text-fields.js';
import type { RawFieldDef } from '../model/fields/raw-field.js';
import type { ColumnType } from '../dialect/schema-state.js';

const simple = <K extends ColumnType['kind']>(kind: K) => (): ColumnType => ({ kind }) as ColumnType;

/** One entry per field kind, so a new kind does not compile until the schema knows its column type. */
const byKind: Record<FieldKind, (field: AnyField) => ColumnType> = {
  auto: simple('auto'),
  bigAuto: simple('bigAuto'),
  int: simple('int'),
  bigint: simple('bigint'),
  float: simple('float'),
  decimal: (f) => {
    const d = f as unknown as DecimalFieldDef;
    return { kind: 'decimal', precision: d.maxDigits, scale: d.decimalPlaces };
  },
  boolean: simple('boolean'),
  char: (f) => ({ kind: 'char', maxLength: (f as unknown as CharFieldDef).maxLength }),
  text: simple('text'),
  datetime: simple('datetime'),
  date: simple('date'),
  json: simple('json'),
  uuid: simple('uuid'),
  binary: simple('binary'),
  raw: (f) => ({ kind: 'raw', spelling: (f as unknown as RawFieldDef).dbType }),
  foreignKey: (f) => referencingType(columnTypeOf((f as ForeignKeyDef).to.meta.pk)),
};

/** The dialect-neutral column type of a field; a ForeignKey takes its target primary key's type. */
export function columnTypeOf(field: AnyField): ColumnType {
  const type = byKind[field.kind](field);
  if (type.kind === 'decimal') checkDecimal(field, type.precision, type.scale);
  return type;
}

/** A column pointing at an auto-incrementing key holds plain integers of the same width. */
function referencingType(target: ColumnType): ColumnType {
  if (target.kind === 'auto') return { kind: 'int' };
  if (target.kind === 'bigAuto') return { kind: 'bigint' };
  return target;
}

function checkDecimal(field: AnyField, precision: number, scale: number): void {
  // 65 is MySQL's limit, the lowest of the three databases.
  if (!Number.isSafeInteger(precision) || precision < 1 || precision > 65 || !Number.isSafeInteger(scale) || scale < 0 || scale > precision) {
    throw new UsageError('MODEL_INVALID', `DecimalField ${field.binding.modelName}.${field.name} needs 1 ≤ maxDigits ≤ 65 and 0 ≤ decimalPlaces ≤ maxDigits (got ${precision}, ${scale})`);
  }
}
