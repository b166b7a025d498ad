/**
 * The value type `T` of `RawField<T>` for a type no field kind maps to: what the executors actually
 * return for it (executor.ts, the js executor's parsers in executor/js/postgres-types.ts and
 * mysql-executor.ts, the native decoders in native/src/{pg,mysql}/decode.rs), never a guess. A
 * spelling this does not know (a domain, an extension type) is `unknown`, and the comment says why.
 */
import type { DialectName } from '../../ground/values.js';
import { str } from './typescript-literals.js';

export interface RawValueType {
  /** TypeScript type text. */
  readonly type: string;
  /** Why the column has no field kind and what its values are: one comment line. */
  readonly note: string;
  /** For a literal union, its members, so a default can be checked against them. */
  readonly members?: readonly string[];
}

/** Enum type name → its TypeScript type name (format-typescript declares one `type` per PostgreSQL enum). */
export type EnumTypeNames = ReadonlyMap<string, { readonly typeName: string; readonly values: readonly string[] }>;

const PG_NUMBER = new Set(['smallint', 'int2', 'integer', 'int', 'int4', 'oid', 'real', 'float4', 'double precision', 'float8']);
const PG_DATE = new Set(['timestamp', 'timestamp without time zone', 'timestamp with time zone', 'timestamptz']);
/** Sent as text by both executors (the native one decodes these itself). */
const PG_TEXT_NATIVE = new Set([
  'bigint', 'int8', 'numeric', 'decimal', 'date', 'time', 'time without time zone', 'time with time zone', 'timetz', 'interval',
  'uuid', 'json', 'jsonb', 'inet', 'cidr', 'macaddr', 'xid', 'cid', 'text', 'character varying', 'varchar', 'character', 'char',
  'bpchar', 'name', '"char"', 'xml', 'citext',
]);
/** Text with the js executor; the native executor refuses these types (native/src/pg/decode.rs). */
const PG_TEXT_JS_ONLY = new Set([
  'money', 'macaddr8', 'bit', 'bit varying', 'varbit', 'tsvector', 'tsquery', 'point', 'line', 'lseg', 'box', 'path', 'polygon',
  'circle', 'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange', 'int4multirange', 'int8multirange',
  'nummultirange', 'tsmultirange', 'tstzmultirange', 'datemultirange', 'pg_lsn', 'pg_snapshot', 'txid_snapshot', 'jsonpath',
  'hstore', 'ltree', 'lquery', 'geometry', 'geography', 'regclass', 'regproc', 'regtype', 'xid8', 'tid',
]);

const MY_NUMBER = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'year', 'float', 'double', 'real', 'double precision']);
const MY_TEXT = new Set([
  'bigint', 'decimal', 'numeric', 'dec', 'fixed', 'date', 'time', 'char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext',
  'json', 'set', 'inet4', 'inet6', 'uuid', 'national', 'nchar', 'nvarchar',
]);
const MY_BUFFER = new Set([
  'binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob', 'bit', 'geometry', 'point', 'linestring', 'polygon',
  'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection',
]);

export function rawValueType(spelling: string, dialect: DialectName | undefined, enums: EnumTypeNames): RawValueType {
  const enumType = findEnum(spelling, enums);
  if (enumType) {
    return { type: enumType.typeName, note: `enum type ${spelling}: its labels, as strings`, members: enumType.values };
  }
  if (dialect === 'postgres') return postgresType(spelling);
  if (dialect === 'mysql') return mysqlType(spelling);
  if (dialect === 'sqlite') return sqliteType(spelling);
  return /^\s*enum\s*\(/i.test(spelling) ? mysqlType(spelling) : unknownType(spelling);
}

function findEnum(spelling: string, enums: EnumTypeNames): { typeName: string; values: readonly string[] } | undefined {
  const unquoted = spelling.trim().replace(/"/g, '');
  const candidates = [spelling, unquoted, unquoted.slice(unquoted.lastIndexOf('.') + 1)];
  for (const c of candidates) {
    const found = enums.get(c);
    if (found) return found;
  }
  return undefined;
}

function postgresType(spelling: string): RawValueType {
  const s = spelling.trim().toLowerCase();
  if (/\[\s*\d*\s*\]$/.test(s) || /^_/.test(s)) {
    return { type: 'string', note: `${spelling}: an array, read in PostgreSQL's text form ({a,b}) by both executors` };
  }
  const base = s.replace(/\s*\([^)]*\)/g, '').replace(/\s+/g, ' ').replace(/^(pg_catalog|public)\./, '');
  if (PG_NUMBER.has(base)) return { type: 'number', note: `${spelling}: no Oxen field kind; read as a number` };
  if (base === 'boolean' || base === 'bool') return { type: 'boolean', note: `${spelling}: no Oxen field kind; read as a boolean` };
  if (base === 'bytea') return { type: 'Buffer', note: `${spelling}: no Oxen field kind; read as a Buffer` };
  if (PG_DATE.has(base)) return { type: 'Date', note: `${spelling}: no Oxen field kind; read as a Date` };
  if (PG_TEXT_NATIVE.has(base)) return { type: 'string', note: `${spelling}: no Oxen field kind; read as text by both executors` };
  if (PG_TEXT_JS_ONLY.has(base)) {
    return { type: 'string', note: `${spelling}: no Oxen field kind; read as text by the js executor (the native executor cannot read this type: cast it to text)` };
  }
  return unknownType(spelling, 'a type Oxen does not know (a domain or an extension type?): a domain reads as its base type, anything else as text');
}

function mysqlType(spelling: string): RawValueType {
  const s = spelling.trim();
  const enumMatch = /^enum\s*\((.*)\)\s*$/is.exec(s);
  if (enumMatch) {
    const members = [...enumMatch[1]!.matchAll(/'((?:[^'\\]|''|\\.)*)'/gs)].map((m) => m[1]!.replace(/''/g, "'").replace(/\\(.)/gs, '$1'));
    if (members.length > 0) {
      return { type: [...new Set(members)].map(str).join(' | '), note: `${compact(spelling)}: an inline ENUM, read as its label`, members };
    }
  }
  const base = (/^[a-z]+(?:\s+precision|\s+varying)?/i.exec(s)?.[0] ?? '').toLowerCase();
  if (MY_NUMBER.has(base)) return { type: 'number', note: `${spelling}: no Oxen field kind; read as a number` };
  if (base === 'datetime' || base === 'timestamp') return { type: 'Date', note: `${spelling}: no Oxen field kind; read as a Date (UTC)` };
  if (MY_BUFFER.has(base)) return { type: 'Buffer', note: `${spelling}: no Oxen field kind; read as a Buffer` };
  if (base === 'set') return { type: 'string', note: `${compact(spelling)}: read as its members joined by commas` };
  if (MY_TEXT.has(base)) {
    const why = base === 'bigint' || base === 'decimal' || base === 'numeric' ? 'read as decimal text' : 'read as a string';
    return { type: 'string', note: `${spelling}: no Oxen field kind; ${why}` };
  }
  return unknownType(spelling, 'a type Oxen does not know: read as the driver gives it');
}

/** SQLite keeps whatever value it is given; the declared type only sets an affinity (its rules, in order). */
function sqliteType(spelling: string): RawValueType {
  const s = spelling.toUpperCase();
  if (s.includes('INT')) return { type: 'number', note: `${spelling}: INTEGER affinity; read as a number` };
  if (/CHAR|CLOB|TEXT/.test(s)) return { type: 'string', note: `${spelling}: TEXT affinity; read as a string` };
  if (s.includes('BLOB') || s.trim() === '') return unknownType(spelling, 'BLOB affinity: SQLite keeps values as they were written');
  if (/REAL|FLOA|DOUB/.test(s)) return { type: 'number', note: `${spelling}: REAL affinity; read as a number` };
  return unknownType(spelling, 'NUMERIC affinity: a number, or text that does not look like one');
}

function unknownType(spelling: string, why = 'a type Oxen does not know'): RawValueType {
  return { type: 'unknown', note: `${spelling}: ${why}` };
}

/** Long inline ENUM/SET spellings shortened for a comment line (the full spelling is in dbType). */
function compact(spelling: string): string {
  return spelling.length > 60 ? `${spelling.slice(0, 57)}...` : spelling;
}
