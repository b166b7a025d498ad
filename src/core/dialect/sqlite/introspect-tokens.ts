/**
 * A tokenizer for the CREATE statements SQLite keeps in `sqlite_schema`, for what its pragmas do not
 * report (constraint names, CHECK and generated-column expressions, AUTOINCREMENT, collations, index
 * key lists and predicates). It follows SQLite's own lexer (tokenize.c) where that matters here:
 * identifiers quoted with "", `` or [] (a doubled quote inside "" and `` is one quote; [] has no
 * escape), '' strings, X'' blobs, -- and /* comments (an unterminated one runs to the end), numbers
 * with exponents and 0x hex. Each token keeps its place in the text, so an expression is taken back
 * from the text exactly as written rather than re-spelled from tokens.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'blob' | 'number' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** A word or a quoted identifier: its name (unquoted); a string: its value; otherwise the text. */
  readonly value: string;
  /** A word in upper case, to compare with keywords; '' for any other token. */
  readonly keyword: string;
  readonly start: number;
  readonly end: number;
}

const TWO_CHAR = new Set(['||', '<=', '>=', '<>', '!=', '==', '<<', '>>', '->']);

// Character classes by code, as tokenize.c's table (the tokenizer runs over every CREATE text of a schema).
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
const isWordPart = (c: number) => isWordStart(c) || isDigit(c) || c === 36;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: string) => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, keyword: kind === 'word' ? text.toUpperCase() : '', start, end });
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : 0;
    if (isSpace(c)) {
      i++;
    } else if (c === 45 && next === 45) {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === 47 && next === 42) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === 39) {
      const end = quotedEnd(sql, i, "'");
      push('string', i, end, unquote(sql.slice(i, end), "'"));
      i = end;
    } else if (c === 34 || c === 96) {
      const quote = sql[i]!;
      const end = quotedEnd(sql, i, quote);
      push('quoted', i, end, unquote(sql.slice(i, end), quote));
      i = end;
    } else if (c === 91) {
      const close = sql.indexOf(']', i + 1);
      const end = close < 0 ? n : close + 1;
      push('quoted', i, end, sql.slice(i + 1, close < 0 ? n : close));
      i = end;
    } else if ((c === 120 || c === 88) && next === 39) {
      const end = quotedEnd(sql, i + 1, "'");
      push('blob', i, end, sql.slice(i + 2, end - 1));
      i = end;
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      const end = numberEnd(sql, i);
      push('number', i, end);
      i = end;
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < n && isWordPart(sql.charCodeAt(end))) end++;
      push('word', i, end);
      i = end;
    } else {
      const two = sql.slice(i, i + 2);
      const len = two === '->' && sql[i + 2] === '>' ? 3 : TWO_CHAR.has(two) ? 2 : 1;
      push('punct', i, i + len);
      i += len;
    }
  }
  return tokens;
}

/** The index just past the closing quote (a doubled quote is part of the text), or the end of the text. */
function quotedEnd(sql: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function unquote(text: string, quote: string): string {
  const inner = text.endsWith(quote) && text.length > 1 ? text.slice(1, -1) : text.slice(1);
  return inner.replaceAll(quote + quote, quote);
}

function numberEnd(sql: string, i: number): number {
  if (sql[i] === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
    let end = i + 2;
    while (end < sql.length && /[0-9a-fA-F_]/.test(sql[end]!)) end++;
    return end;
  }
  let end = i;
  while (end < sql.length && /[0-9_]/.test(sql[end]!)) end++;
  if (sql[end] === '.') {
    end++;
    while (end < sql.length && /[0-9_]/.test(sql[end]!)) end++;
  }
  if ((sql[end] === 'e' || sql[end] === 'E') && /[0-9]/.test(sql[end + 1] === '+' || sql[end + 1] === '-' ? (sql[end + 2] ?? '') : (sql[end + 1] ?? ''))) {
    end += sql[end + 1] === '+' || sql[end + 1] === '-' ? 2 : 1;
    while (end < sql.length && /[0-9_]/.test(sql[end]!)) end++;
  }
  return end;
}

/** Whether the token is the (unquoted) keyword, in any case. */
export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token !== undefined && token.keyword !== '' && words.includes(token.keyword);
}

/** A name: a word, a quoted identifier, or (as SQLite also accepts) a string. */
export function isName(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'word' || token.kind === 'quoted' || token.kind === 'string');
}

/** The index of the token closing the parenthesis opened at `open`, or the last index when it is never closed. */
export function closeParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** The tokens between `from` and `to` (exclusive) split at commas outside parentheses. */
export function splitTopLevel(tokens: readonly Token[], from: number, to: number): Token[][] {
  const parts: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') {
      parts.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The source text from the first to the last of the tokens, exactly as written (comments inside kept). */
export function sourceOf(sql: string, tokens: readonly Token[]): string {
  if (tokens.length === 0) return '';
  return sql.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

/** The tokens without a final `;`, which sqlite_schema texts rarely have but a statement may. */
export function withoutSemicolon(tokens: Token[]): Token[] {
  const last = tokens[tokens.length - 1];
  return last?.kind === 'punct' && last.text === ';' ? tokens.slice(0, -1) : tokens;
}
