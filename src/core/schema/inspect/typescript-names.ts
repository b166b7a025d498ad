/**
 * Names for the TypeScript format: model constants from table names, attributes from column names,
 * enum type names. Deterministic (the same state always gives the same names), always valid
 * identifiers, and unique where they share a namespace.
 */
import { snakeCase } from '../../model/naming.js';

/** Words of a database name: split on anything but letters and digits, and at camelCase humps. */
export function words(name: string): string[] {
  return name
    .split(/[^\p{L}\p{N}]+/u)
    .flatMap((part) => part.replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2').split(' '))
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

const upperFirst = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** `first_name` → `firstName`; empty when the name has no letters or digits. */
export function camelCase(name: string): string {
  const ws = words(name);
  return ws.map((w, i) => (i === 0 ? w : upperFirst(w))).join('');
}

/** `film_categories` → `FilmCategory`: ASCII only, since `model()` takes only ASCII identifiers. */
export function modelNameBase(table: string): string {
  const ws = words(table.normalize('NFD').replace(/[^\x20-\x7e]/g, ''));
  if (ws.length > 0) ws[ws.length - 1] = singular(ws[ws.length - 1]!);
  const name = ws.map(upperFirst).join('');
  if (name === '') return 'Table';
  return /^[0-9]/.test(name) ? `T${name}` : name;
}

/** `PostgreSQL enum mpaa_rating` → `MpaaRating`. */
export function typeNameBase(name: string): string {
  const base = words(name.normalize('NFD').replace(/[^\x20-\x7e]/g, '')).map(upperFirst).join('');
  if (base === '') return 'Enum';
  return /^[0-9]/.test(base) ? `T${base}` : base;
}

/** A plain English singular, good enough for table names; anything unusual is left as it is. */
function singular(word: string): string {
  if (/(ss|us|is|ics|news|series|data)$/.test(word) || word.length <= 3) return word;
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(sses|uses|xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/**
 * Instance attributes `model()` rejects (query/instance-methods.ts), and Object.prototype's methods,
 * which an attribute would shadow on every instance (`String(row)` calls toString).
 */
const RESERVED_ATTRIBUTES = new Set([
  'save', 'delete', 'pk', 'toJSON', 'constructor', 'meta', 'prototype',
  'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
]);

/** Words a property key may be but that read better quoted. */
const JS_KEYWORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'async', 'of', 'get', 'set',
]);

/**
 * Module-level names a model constant or enum type must not take: the module's own bindings, and
 * globals the generated code uses or a reader expects (`Date` in defaults, `Buffer` for binary ones).
 */
export const MODULE_NAMES = new Set([
  'model', 'models', 'views', 'AnyModel', 'AutoField', 'IntField', 'BigIntField', 'FloatField', 'DecimalField', 'CharField',
  'TextField', 'UUIDField', 'BooleanField', 'DateTimeField', 'DateField', 'JSONField', 'BinaryField', 'ForeignKey', 'RawField',
  'Object', 'Array', 'Date', 'Buffer', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Math', 'JSON', 'Map', 'Set',
  'WeakMap', 'WeakSet', 'Promise', 'Error', 'TypeError', 'RangeError', 'RegExp', 'Function', 'Proxy', 'Reflect', 'Intl',
  'Infinity', 'NaN', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable',
  'Uint8Array', 'ArrayBuffer', 'DataView', 'Event', 'Node', 'Element', 'Document', 'Window', 'Console', 'Process', 'Global',
  'Model', 'Field', 'QuerySet', 'Instance', 'Row',
]);

/** Hands out names from one namespace: the first taker keeps a base name, later ones get 2, 3, …. */
export class NameSpace {
  private readonly taken: Set<string>;
  constructor(reserved: Iterable<string> = []) {
    this.taken = new Set(reserved);
  }
  has(name: string): boolean {
    return this.taken.has(name);
  }
  add(name: string): void {
    this.taken.add(name);
  }
  /** `base`, or `base2`, `base3`, … — the first for which `free` holds (by default: not taken). */
  claim(base: string, free: (name: string) => boolean = (n) => !this.taken.has(n)): string {
    let name = base;
    for (let n = 2; !free(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    return name;
  }
}

/** The attribute base for a column: camelCase, made acceptable to `model()`. */
export function attributeBase(column: string): string {
  let name = camelCase(column);
  if (name === '') name = 'field';
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (RESERVED_ATTRIBUTES.has(name)) name = `${name}Field`;
  return name;
}

/** A ForeignKey's relation name from its column: `author_id` → `author`, `ArtistId` → `artist`. */
export function relationBase(column: string, fallback: string): string {
  const ws = words(column);
  if (ws.length > 1 && (ws[ws.length - 1] === 'id' || ws[ws.length - 1] === 'fk')) ws.pop();
  let name = ws.map((w, i) => (i === 0 ? w : upperFirst(w))).join('');
  if (name === '' || name === 'id') name = fallback;
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (RESERVED_ATTRIBUTES.has(name)) name = `${name}Field`;
  return name;
}

/** The column `model()` gives an attribute by default (model.ts). */
export function defaultColumn(attribute: string, foreignKey: boolean): string {
  return foreignKey ? `${snakeCase(attribute)}_id` : snakeCase(attribute);
}

/** A property key as written in an object literal: bare when it is a plain identifier. */
export function propertyKey(name: string): string {
  if (/^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(name) && !JS_KEYWORDS.has(name)) return name;
  return `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export { upperFirst };
