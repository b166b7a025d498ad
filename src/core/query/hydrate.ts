/**
 * Row arrays → objects, with a factory generated once per statement shape: V8 then sees one object
 * literal or one constructor and fixed property stores, not a loop over column names per row.
 */
import type { DialectName } from '../ground/values.js';
import { dialects } from '../dialect/dialects.js';
import type { AnyField } from '../model/field.js';
import { ForeignKeyDef } from '../model/fields/foreign-key.js';
import { HYDRATE } from '../model/hydrate-token.js';
import type { AnyModel } from '../model/model-types.js';

export type Decoder = (raw: unknown) => unknown;

export function decoderFor(field: AnyField, dialect: DialectName, safeIntegers: boolean): Decoder | undefined {
  const valueField = field instanceof ForeignKeyDef ? field.to.meta.pk : field;
  const kind = valueField.kind;
  if (dialects[dialect].codec.readAsIs.has(kind) && !(safeIntegers && (kind === 'int' || kind === 'auto'))) return undefined;
  return (raw) => field.fromDb(raw, dialect);
}

/** One object in the result: the base instance, or one reached through selectRelated. */
export interface ObjectSpec {
  readonly model: AnyModel;
  /** Relation name on the parent object (undefined for the root). */
  readonly relation: string | undefined;
  /** Index of the parent in the spec list. */
  readonly parent: number;
  /** Column positions and attribute names. */
  readonly columns: readonly { readonly index: number; readonly attname: string; readonly decode: Decoder | undefined }[];
  /** Position of the primary key column: a NULL there means "no related row" for LEFT joins. */
  readonly pkIndex: number;
}

export type RowFactory = (row: readonly unknown[]) => unknown;

export function instanceFactory(objects: readonly ObjectSpec[]): RowFactory {
  const args: unknown[] = [HYDRATE];
  const names: string[] = ['H'];
  const arg = (v: unknown): string => {
    names.push(`a${args.length}`);
    args.push(v);
    return `a${args.length - 1}`;
  };
  let body = '';
  objects.forEach((o, i) => {
    const ctor = arg(o.model);
    const assign = o.columns.map((c) => `o${i}[${JSON.stringify(c.attname)}] = ${c.decode ? `${arg(c.decode)}(r[${c.index}])` : `r[${c.index}]`};`).join(' ');
    if (i === 0) {
      body += `const o0 = new ${ctor}(H); ${assign}\n`;
    } else {
      const parent = `o${o.parent}`;
      body += `let o${i} = null; if (${parent} !== null && r[${o.pkIndex}] !== null) { o${i} = new ${ctor}(H); ${assign} }\n`;
      body += `if (${parent} !== null) ${parent}[${JSON.stringify(o.relation)}] = o${i};\n`;
    }
  });
  body += 'return o0;';
  return new Function(...names, `return function hydrate(r) {\n${body}\n}`)(...args) as RowFactory;
}

export function valuesFactory(columns: readonly { readonly index: number; readonly name: string; readonly decode: Decoder | undefined }[], as: 'object' | 'array' | 'flat'): RowFactory {
  const args: unknown[] = [];
  const names: string[] = [];
  const value = (c: (typeof columns)[number]): string => {
    if (!c.decode) return `r[${c.index}]`;
    names.push(`d${args.length}`);
    args.push(c.decode);
    return `d${args.length - 1}(r[${c.index}])`;
  };
  let expr: string;
  if (as === 'flat') expr = value(columns[0]!);
  else if (as === 'array') expr = `[${columns.map(value).join(', ')}]`;
  else expr = `{ ${columns.map((c) => `${JSON.stringify(c.name)}: ${value(c)}`).join(', ')} }`;
  return new Function(...names, `return function hydrate(r) { return ${expr}; }`)(...args) as RowFactory;
}
