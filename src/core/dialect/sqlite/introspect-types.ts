/**
 * The reverse of ddl.ts's type spellings: a declared column type → a field kind, where that kind's
 * field reads and writes every value such a column holds under SQLite's affinity rules
 * (https://sqlite.org/datatype3.html §3.1). Matched without regard to case or spacing; the spelling
 * as declared stays in `dbType` (and in a raw type).
 *
 * Besides Oxen's own spellings, what Django, Rails, Prisma, SQLAlchemy and hand-written schemas
 * (Chinook's NVARCHAR(n)) declare. Left raw on purpose:
 *  - DECIMAL(p,s) / NUMERIC(p,s) / bare DECIMAL or NUMERIC (Django, Rails, Prisma, Chinook): NUMERIC
 *    affinity stores '9.90' as the float 9.9, so a DecimalField would read back '9.9', and lose digits
 *    past 15. Oxen's decimals are `DECIMAL TEXT(p,s)`, TEXT affinity.
 *  - STRING (NUMERIC affinity: '0012' is stored as 12), TIME, MONEY and anything else not listed.
 *  - no declared type at all (BLOB affinity: any value as given): raw '' — a column without a type.
 */
import type { ColumnType } from '../schema-state.js';

const INT = new Set(['INTEGER', 'INT', 'SMALLINT', 'MEDIUMINT', 'TINYINT', 'INT2', 'INT4', 'INTEGER UNSIGNED', 'INT UNSIGNED', 'SMALLINT UNSIGNED']);
const BIGINT = new Set(['BIGINT', 'INT8', 'UNSIGNED BIG INT', 'BIGINT UNSIGNED']);
const FLOAT = new Set(['REAL', 'FLOAT', 'DOUBLE', 'DOUBLE PRECISION']);
const BOOLEAN = new Set(['BOOLEAN', 'BOOL']);
/** TEXT affinity: with a length, a CharField (SQLite does not pad CHAR(n)); without one, a TextField. */
const CHAR = new Set(['VARCHAR', 'NVARCHAR', 'CHAR', 'NCHAR', 'CHARACTER', 'VARYING CHARACTER', 'NATIVE CHARACTER', 'CHARACTER VARYING']);
const TEXT = new Set(['TEXT', 'CLOB', 'NTEXT', 'TINYTEXT', 'MEDIUMTEXT', 'LONGTEXT']);
/**
 * NUMERIC affinity, which keeps text that is not a number as text: a datetime, date or UUID is never
 * number-like. JSON too reads back right under NUMERIC affinity ('123' is stored as 123, which JSON
 * reads as the same value), so Rails' `json` is a JSONField; Oxen declares `JSON TEXT` all the same.
 */
const DATETIME = new Set(['DATETIME', 'TIMESTAMP']);
const SIMPLE: Readonly<Record<string, ColumnType>> = {
  DATE: { kind: 'date' },
  UUID: { kind: 'uuid' },
  JSON: { kind: 'json' },
  'JSON TEXT': { kind: 'json' },
  BLOB: { kind: 'binary' },
};

/** `name` and its size arguments: `varchar ( 10 )` → VARCHAR, [10]. */
function split(declared: string): { name: string; args: number[] } | undefined {
  const m = /^([A-Z_][A-Z0-9_]*(?: [A-Z_][A-Z0-9_]*)*)(?: ?\( ?([+-]?\d+) ?(?:, ?([+-]?\d+) ?)?\))?$/.exec(declared.trim().replace(/\s+/g, ' ').toUpperCase());
  if (!m) return undefined;
  const args = [m[2], m[3]].filter((a): a is string => a !== undefined).map(Number);
  return { name: m[1]!, args };
}

/** A schema repeats a few spellings over thousands of columns: each is read once (the cache is bounded, never stale). */
const cache = new Map<string, ColumnType>();

/** The column type of a declared type (pragma_table_xinfo's `type`). A rowid key is made `auto` by the caller. */
export function columnTypeOfDeclared(declared: string): ColumnType {
  let type = cache.get(declared);
  if (type === undefined) {
    if (cache.size >= 1000) cache.clear();
    cache.set(declared, (type = typeOf(declared)));
  }
  return type;
}

function typeOf(declared: string): ColumnType {
  const raw: ColumnType = { kind: 'raw', spelling: declared };
  const parts = split(declared);
  if (parts === undefined) return raw;
  const { name, args } = parts;
  if (INT.has(name)) return { kind: 'int' };
  if (BIGINT.has(name)) return { kind: 'bigint' };
  if (FLOAT.has(name)) return { kind: 'float' };
  if (DATETIME.has(name) && args.length <= 1) return { kind: 'datetime' };
  if (TEXT.has(name)) return { kind: 'text' };
  if (args.length > 0 && !(name === 'DECIMAL TEXT' && args.length === 2) && !CHAR.has(name)) return raw;
  if (BOOLEAN.has(name)) return { kind: 'boolean' };
  if (CHAR.has(name)) {
    if (args.length === 0) return { kind: 'text' };
    return args.length === 1 && args[0]! >= 1 ? { kind: 'char', maxLength: args[0]! } : raw;
  }
  if (name === 'DECIMAL TEXT') {
    const [precision, scale] = args as [number | undefined, number | undefined];
    if (precision === undefined || scale === undefined || precision < 1 || scale < 0 || scale > precision) return raw;
    return { kind: 'decimal', precision, scale };
  }
  return SIMPLE[name] ?? raw;
}
