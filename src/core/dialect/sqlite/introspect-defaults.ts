/**
 * A column's DEFAULT, as pragma_table_xinfo gives it (the text as written in CREATE TABLE), read into
 * the state's canonical form by column kind: a literal the kind's field would read becomes a value
 * (int/float → number, bigint/decimal → decimal text, boolean → true/false, datetime → ISO-8601 with
 * milliseconds, date → YYYY-MM-DD, json → the parsed value, binary → lower-case hex, text/char/uuid →
 * string); CURRENT_TIMESTAMP → now; anything else, or a literal the kind would not read (a number in
 * a datetime column, text in a BLOB column), → the SQL expression, kept exactly so the `sql` format
 * writes it back. A raw column keeps a quoted string as its value and any other literal as SQL, since
 * only SQL says whether `0` was a number or text.
 */
import type { ColumnDefault, ColumnType, JsonValue } from '../schema-state.js';
import { tokenize, type Token } from './introspect-tokens.js';

export function columnDefaultOf(text: string | null, type: ColumnType): ColumnDefault | undefined {
  if (text === null || type.kind === 'auto' || type.kind === 'bigAuto') return undefined;
  let tokens = tokenize(text);
  let sql = text.trim();
  // `DEFAULT (expr)` keeps its parentheses in the text; the state holds the expression inside them.
  while (tokens.length >= 2 && tokens[0]!.text === '(' && closes(tokens)) {
    sql = text.slice(tokens[0]!.end, tokens[tokens.length - 1]!.start).trim();
    tokens = tokens.slice(1, -1);
  }
  const expression: ColumnDefault = { kind: 'expression', sql };
  const upper = sql.toUpperCase();
  if (tokens.length === 1 && upper === 'CURRENT_TIMESTAMP') return { kind: 'now', onUpdate: false };
  if (tokens.length === 1 && upper === 'NULL') return { kind: 'value', value: null };
  const literal = literalOf(tokens);
  if (literal === undefined) return expression;
  const value = valueByKind(literal, type);
  return value === undefined ? expression : { kind: 'value', value };
}

type Literal = { kind: 'number'; text: string } | { kind: 'string'; value: string } | { kind: 'blob'; hex: string } | { kind: 'bool'; value: boolean };

function literalOf(tokens: readonly Token[]): Literal | undefined {
  const [first, second] = tokens;
  if (tokens.length === 2 && first!.kind === 'punct' && (first!.text === '-' || first!.text === '+') && second!.kind === 'number') {
    return { kind: 'number', text: (first!.text === '-' ? '-' : '') + second!.text };
  }
  if (tokens.length !== 1) return undefined;
  if (first!.kind === 'number') return { kind: 'number', text: first!.text };
  if (first!.kind === 'string') return { kind: 'string', value: first!.value };
  if (first!.kind === 'blob') return /^([0-9a-fA-F]{2})*$/.test(first!.value) ? { kind: 'blob', hex: first!.value.toLowerCase() } : undefined;
  if (first!.kind === 'word' && /^(TRUE|FALSE)$/i.test(first!.value)) return { kind: 'bool', value: first!.value.toUpperCase() === 'TRUE' };
  return undefined;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function valueByKind(literal: Literal, type: ColumnType): JsonValue | undefined {
  switch (type.kind) {
    case 'int':
    case 'float': {
      const text = literal.kind === 'number' ? literal.text : literal.kind === 'string' && DECIMAL.test(literal.value) ? literal.value : undefined;
      const n = text === undefined ? NaN : Number(text);
      return Number.isFinite(n) && (type.kind === 'float' || Number.isSafeInteger(n)) ? n : undefined;
    }
    case 'bigint':
    case 'decimal': {
      const text = literal.kind === 'number' ? literal.text : literal.kind === 'string' ? literal.value : '';
      if (!DECIMAL.test(text) || (type.kind === 'bigint' && text.includes('.'))) return undefined;
      return type.kind === 'bigint' ? BigInt(text).toString() : text;
    }
    case 'boolean':
      if (literal.kind === 'bool') return literal.value;
      return literal.kind === 'number' && (literal.text === '0' || literal.text === '1') ? literal.text === '1' : undefined;
    case 'datetime':
      return literal.kind === 'string' ? isoOf(literal.value) : undefined;
    case 'date':
      return literal.kind === 'string' && /^\d{4}-\d\d-\d\d$/.test(literal.value) ? literal.value : undefined;
    case 'json':
      if (literal.kind === 'number') return Number.isFinite(Number(literal.text)) ? Number(literal.text) : undefined;
      return literal.kind === 'string' ? parseJson(literal.value) : undefined;
    case 'binary':
      return literal.kind === 'blob' ? literal.hex : undefined;
    case 'char':
    case 'text':
    case 'uuid':
      return literal.kind === 'string' ? literal.value : literal.kind === 'number' ? literal.text : undefined;
    default:
      return literal.kind === 'string' ? literal.value : undefined;
  }
}

/**
 * A datetime literal as ISO-8601 UTC with milliseconds: `YYYY-MM-DD HH:MM[:SS[.fff…]]` (space or T,
 * optional Z or ±HH:MM, UTC when none, as Oxen reads SQLite text), or undefined for anything else.
 */
function isoOf(text: string): string | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:\d\d)?$/.exec(text);
  if (!m) return undefined;
  const ms = m[7] === undefined ? 0 : Math.min(999, Math.round(Number(`0.${m[7]}`) * 1000));
  const zone = m[8] === undefined || m[8] === 'Z' ? 0 : (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms) - zone * 60_000;
  const date = new Date(t);
  // Date.UTC rolls 2024-02-30 over into March; such a text is not a date the field would read the same.
  if (Number.isNaN(t) || Number(m[2]) > 12 || Number(m[3]) > 31 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return undefined;
  if (zone === 0 && date.getUTCDate() !== Number(m[3])) return undefined;
  return date.toISOString();
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** Whether the first token's parenthesis closes at the last token (`(a) + (b)` is not wrapped). */
function closes(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i === tokens.length - 1;
  }
  return false;
}
