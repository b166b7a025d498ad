/**
 * One column as one field of a model: the factory typescript-kind.ts chooses (the inverse of
 * schema/column-type.ts), its options, and comments for what the field cannot say.
 */
import type { ColumnState } from '../../dialect/schema-state.js';
import type { DialectName } from '../../ground/values.js';
import { defaultCode, type DefaultTarget } from './typescript-defaults.js';
import { commentLines, docComment, oneLine, str } from './typescript-literals.js';
import { defaultColumn, propertyKey } from './typescript-names.js';
import type { ForeignKeyField } from './typescript-plan.js';
import type { EnumTypeNames, RawValueType } from './typescript-raw.js';
import { chooseKind, referencingType, typeText } from './typescript-kind.js';
import { constraintName } from '../../dialect/constraint-name.js';

export interface FieldInput {
  readonly column: ColumnState;
  readonly attribute: string;
  readonly primaryKey: boolean;
  /** A table's primary key may be an AutoField; a view's column is read only. */
  readonly view: boolean;
  readonly foreignKey?: ForeignKeyField & { readonly thunk: string; readonly table: string };
  readonly unique: boolean;
  readonly dbIndex: boolean | undefined;
  readonly dialect: DialectName | undefined;
  readonly enums: EnumTypeNames;
}

export interface FieldCode {
  readonly lines: readonly string[];
  readonly factory: string;
}

type Option = readonly [string, string];

/** Factories whose type parameters mark a primary key (PkOf in fields/options.ts). */
const TYPED_PK = new Set(['AutoField', 'IntField', 'BigIntField', 'CharField', 'UUIDField']);

export function fieldCode(input: FieldInput): FieldCode {
  const { column } = input;
  const notes: string[] = [];
  const kind = chooseKind(column, { ...input, foreignKey: input.foreignKey !== undefined }, notes);
  const options: Option[] = [];
  let call: string;

  if (kind.factory === 'ForeignKey') {
    const f = input.foreignKey!;
    const keyType = referencingType(f.target.columns.find((c) => c.name === f.target.pkColumn)?.type);
    if (keyType && typeText(keyType) !== typeText(column.type)) {
      notes.push(`${typeText(column.type)} in the database; a ForeignKey column takes its target key's type (${typeText(keyType)})`);
    }
    options.push(['onDelete', str(f.fk.onDelete)]);
    if (column.nullable) options.push(['null', 'true']);
    if (input.unique) options.push(['unique', 'true']);
    if (input.dbIndex === false) options.push(['dbIndex', 'false']);
    if (f.relatedName !== undefined) options.push(['relatedName', str(f.relatedName)]);
    addDefault(column, 'foreignKey', undefined, options, notes);
    if (defaultColumn(input.attribute, true) !== column.name) options.push(['column', str(column.name)]);
    if (f.fk.name !== constraintName(f.table, [column.name], 'fk')) options.push(['constraintName', str(f.fk.name)]);
    call = `ForeignKey(${f.thunk}, ${objectCode(options)})`;
  } else if (kind.factory === 'AutoField') {
    addDefault(column, 'auto', undefined, options, notes);
    if (defaultColumn(input.attribute, false) !== column.name) options.push(['column', str(column.name)]);
    call = `AutoField(${options.length === 0 ? '' : objectCode(options)})`;
  } else {
    if (kind.raw) options.push(['dbType', str(kind.spelling!)]);
    if (input.primaryKey) options.push(['primaryKey', 'true']);
    options.push(...kind.typeOptions);
    if (column.nullable && !input.primaryKey) options.push(['null', 'true']);
    const hasDefault = addDefault(column, kind.target, kind.raw, options, notes);
    if (input.unique) options.push(['unique', 'true']);
    if (input.dbIndex === true) options.push(['dbIndex', 'true']);
    if (defaultColumn(input.attribute, false) !== column.name) options.push(['column', str(column.name)]);
    const nullable = column.nullable && !input.primaryKey;
    const typeArgs = kind.raw ? `<${kind.raw.type}${nullable && kind.raw.type !== 'unknown' ? ' | null' : ''}${hasDefault && !nullable ? ', true' : ''}>` : '';
    call = `${kind.factory}${typeArgs}(${options.length === 0 ? '' : objectCode(options)})`;
    if (input.primaryKey && !TYPED_PK.has(kind.factory)) {
      notes.push(`primary key on a ${kind.factory}: Oxen's types mark keys only on Int/BigInt/Char/UUID fields, so this model's types also list an id`);
    }
  }
  if (column.generated) {
    notes.push(`generated column (${column.generated.stored ? 'stored' : 'virtual'}): ${oneLine(column.generated.expression)}; computed by the database, do not write it`);
  }
  const lines = [
    ...(column.comment === undefined ? [] : docComment(column.comment, '  ')),
    ...notes.flatMap((n) => commentLines(n, '  ')),
    `  ${propertyKey(input.attribute)}: ${call},`,
  ];
  return { lines, factory: kind.factory };
}

function addDefault(column: ColumnState, target: DefaultTarget, raw: RawValueType | undefined, options: Option[], notes: string[]): boolean {
  const code = defaultCode(column.default, target, raw);
  options.push(...code.options);
  if (code.note !== undefined) notes.push(code.note);
  return code.options.some(([k]) => k === 'default');
}

function objectCode(options: readonly Option[]): string {
  return options.length === 0 ? '{}' : `{ ${options.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}
