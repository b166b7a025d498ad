/** Source text for the TypeScript format: string and JSON literals, and comments that cannot break out. */
import type { JsonValue } from '../../dialect/schema-state.js';

/**
 * A string literal: single-quoted, or double-quoted when that spares escapes (`enum('a','b')`);
 * control characters, line separators and lone surrogates escaped.
 */
export function str(text: string): string {
  const q = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = q;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      out += ch + text[i + 1]!;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${out}${q}`;
}

const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** A JSON value as a JS expression (objects with bare keys where possible; `__proto__` computed, so it stays a key). */
export function jsonLiteral(value: JsonValue): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : JSON.stringify(value);
  if (typeof value === 'string') return str(value);
  if (Array.isArray(value)) return `[${value.map(jsonLiteral).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${objectKey(k)}: ${jsonLiteral(v)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

function objectKey(key: string): string {
  if (key === '__proto__') return `[${str(key)}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : str(key);
}

/** Splits text at every JS line terminator, so a `//` comment line cannot end early and leak code. */
export function commentLines(text: string, indent: string): string[] {
  return text.split(/\r\n|[\r\n\u2028\u2029]/).map((line) => `${indent}//${line === '' ? '' : ` ${line.replace(/\s+$/, '')}`}`);
}

/** SQL on one line: whitespace runs (newlines included) become one space. */
export function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/** A database comment as a JSDoc block (shown by editors on hover); `*\/` cannot close it early. */
export function docComment(text: string, indent: string): string[] {
  const lines = text.split(/\r\n|[\r\n\u2028\u2029]/).map((l) => l.replace(/\*\//g, '*\\/').replace(/\s+$/, ''));
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`), `${indent} */`];
}

/** A list of SQL identifiers for comments: `(a, b)`. */
export function columnList(columns: readonly string[]): string {
  return `(${columns.join(', ')})`;
}
