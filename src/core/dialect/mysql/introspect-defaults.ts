/**
 * A column's default as information_schema.COLUMNS reports it, into the state's canonical form.
 * The two servers report differently:
 *  - MariaDB (10.2.7+) prints the default as SQL: string literals quoted (`'abc'`, quotes doubled,
 *    backslash escapes), numbers bare, `NULL` for a NULL default, expressions as text
 *    (`current_timestamp(3)`, `uuid()`), binary as `X'00ff'`.
 *  - MySQL 8 prints a literal's bare value (`abc`), and an expression default's text with
 *    DEFAULT_GENERATED in EXTRA (`(uuid())`, `CURRENT_TIMESTAMP(3)`, `_utf8mb4\'abc\'`).
 * A literal becomes `{kind:'value'}` in the JSON form of the column's kind; the current time becomes
 * `{kind:'now'}` (with ON UPDATE from EXTRA); anything else is kept as an SQL expression.
 */
import type { ColumnDefault, ColumnType, JsonValue } from '../schema-state.js';
import { fractionDigits } from './introspect-types.js';

export interface DefaultSource {
  /** COLUMN_DEFAULT: null when the column has none. */
  readonly text: string | null;
  /** EXTRA: `on update current_timestamp(3)`, `DEFAULT_GENERATED`, … */
  readonly extra: string;
  readonly mariadb: boolean;
  readonly type: ColumnType;
  /** The column type as the server spells it: says whether a `now` default applies (DATETIME / TIMESTAMP). */
  readonly dbType: string;
}

export interface ReadDefault {
  readonly default?: ColumnDefault;
  /** ON UPDATE CURRENT_TIMESTAMP on a column whose default is not the current time: the state cannot hold it. */
  readonly lostOnUpdate?: string;
}

/** A literal as the server wrote it: a string, a bare number, or bytes in hex. */
type Literal = { readonly string: string } | { readonly number: string } | { readonly hex: string };

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const NOW = /^(?:current_timestamp|now|localtimestamp|localtime)(?:\(\s*\d?\s*\))?$/i;
const ON_UPDATE = /on update (current_timestamp|now|localtimestamp|localtime)(\(\s*\d?\s*\))?/i;

export function readDefault(source: DefaultSource): ReadDefault {
  const onUpdate = ON_UPDATE.exec(source.extra);
  const text = source.text;
  if (source.type.kind === 'auto' || source.type.kind === 'bigAuto') return {};
  if (text === null || (source.mariadb && text === 'NULL')) return onUpdate ? { lostOnUpdate: onUpdate[0] } : {};
  if (NOW.test(text.trim()) && fractionDigits(source.dbType) !== undefined) return { default: { kind: 'now', onUpdate: onUpdate !== null } };
  const dflt = source.mariadb ? mariadbDefault(text, source.type) : mysqlDefault(text, source.extra, source.type);
  return onUpdate ? { default: dflt, lostOnUpdate: onUpdate[0] } : { default: dflt };
}

function mariadbDefault(text: string, type: ColumnType): ColumnDefault {
  const literal = mariadbLiteral(text);
  const value = literal === undefined ? undefined : valueOf(literal, type);
  return value === undefined ? { kind: 'expression', sql: text } : { kind: 'value', value };
}

function mysqlDefault(text: string, extra: string, type: ColumnType): ColumnDefault {
  if (/DEFAULT_GENERATED/i.test(extra)) {
    // An expression default; `('abc')` is reported as `_utf8mb4\'abc\'`, a literal after all.
    const quoted = /^(?:_\w+)?\\?'([\s\S]*?)\\?'$/.exec(text.trim());
    const literal = quoted ? { string: quoted[1]!.replace(/\\'/g, "'").replace(/\\\\/g, '\\') } : hexLiteral(text);
    const value = literal === undefined ? undefined : valueOf(literal, type);
    return value === undefined ? { kind: 'expression', sql: text } : { kind: 'value', value };
  }
  const literal: Literal = hexLiteral(text) ?? (NUMBER.test(text) ? { number: text } : { string: text });
  const value = valueOf(literal, type);
  return value === undefined ? { kind: 'expression', sql: quoteForExpression(literal) } : { kind: 'value', value };
}

/** One quoted string, a bare number or a hex literal; undefined for anything else (an expression). */
function mariadbLiteral(text: string): Literal | undefined {
  if (NUMBER.test(text)) return { number: text };
  const hex = hexLiteral(text);
  if (hex) return hex;
  const s = unquote(text);
  return s === undefined ? undefined : { string: s };
}

/** `X'00ff'`, `0x00FF`, or the `CONVERT(X'…' USING utf8mb4)` ddl.ts writes for a string holding a backslash (a string). */
function hexLiteral(text: string): Literal | undefined {
  const converted = /^convert\((?:x'([0-9a-f]*)'|0x([0-9a-f]*)) using utf8mb4\)$/i.exec(text.trim());
  if (converted) {
    const hex = converted[1] ?? converted[2]!;
    return hex.length % 2 === 0 ? { string: Buffer.from(hex, 'hex').toString('utf8') } : undefined;
  }
  const m = /^x'([0-9a-f]*)'$/i.exec(text) ?? /^0x([0-9a-f]*)$/i.exec(text);
  return m && m[1]!.length % 2 === 0 ? { hex: m[1]!.toLowerCase() } : undefined;
}

const ESCAPES: Record<string, string> = { '0': '\0', n: '\n', r: '\r', t: '\t', b: '\b', Z: '\x1a' };

/** The value of a text that is exactly one single-quoted literal (quotes doubled or backslash-escaped). */
export function unquote(text: string): string | undefined {
  if (text.length < 2 || text[0] !== "'") return undefined;
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      out += ESCAPES[next] ?? next;
    } else if (c === "'") {
      if (text[i + 1] === "'") {
        out += "'";
        i++;
      } else return i === text.length - 1 ? out : undefined;
    } else out += c;
  }
  return undefined;
}

/** The literal in the JSON form of the column's kind, or undefined where it has none (kept as an expression). */
function valueOf(literal: Literal, type: ColumnType): JsonValue | undefined {
  const text = 'string' in literal ? literal.string : 'number' in literal ? literal.number : undefined;
  if ('hex' in literal) return type.kind === 'binary' ? literal.hex : undefined;
  if (text === undefined) return undefined;
  switch (type.kind) {
    case 'int':
      return /^[-+]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
    case 'float':
      return NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : undefined;
    case 'bigint':
      return /^-?\d+$/.test(text) ? text : undefined;
    case 'decimal':
      return /^-?\d+(?:\.\d+)?$/.test(text) ? text : undefined;
    case 'boolean':
      return text === '1' ? true : text === '0' ? false : undefined;
    case 'datetime':
      return isoOf(text);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && isoOf(`${text} 00:00:00`) !== undefined ? text : undefined;
    case 'json':
      return parseJson(text);
    case 'binary':
      return Buffer.from(text, 'utf8').toString('hex');
    case 'char':
    case 'text':
    case 'uuid':
    case 'raw':
      return text;
    default:
      return undefined;
  }
}

/** `2024-01-02 03:04:05.678` (UTC, as Oxen's DATETIME(3) holds it) → ISO-8601; undefined for zero dates and sub-millisecond values. */
function isoOf(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m || /[1-9]/.test((m[3] ?? '').slice(3))) return undefined;
  const iso = `${m[1]}T${m[2]}.${(m[3] ?? '').slice(0, 3).padEnd(3, '0')}Z`;
  const date = new Date(iso);
  return !Number.isNaN(date.getTime()) && date.toISOString() === iso ? iso : undefined;
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** A MySQL 8 literal that has no value of its column's kind (a zero date), kept as SQL. */
function quoteForExpression(literal: Literal): string {
  if ('hex' in literal) return `X'${literal.hex}'`;
  if ('number' in literal) return literal.number;
  return `'${literal.string.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
