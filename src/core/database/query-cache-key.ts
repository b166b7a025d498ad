/**
 * The key the query cache stores a result under: database, SQL text and bound parameters. Each
 * parameter is tagged with its type so that 1, '1', 1n and true never share an entry.
 */
import type { SqlValue } from '../ground/values.js';

export function queryCacheKey(database: string, sql: string, params: readonly SqlValue[]): string {
  const parts = [database, sql];
  for (const value of params) parts.push(encodeParam(value));
  // U+0000 cannot appear in a SQL text or a database name, so the fields cannot run into each other.
  return parts.join('\u0000');
}

function encodeParam(value: SqlValue): string {
  if (value === null) return 'n';
  switch (typeof value) {
    case 'string':
      return `s${JSON.stringify(value)}`;
    case 'number':
      return `d${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'bigint':
      return `i${value}`;
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (value instanceof Date) return `D${value.getTime()}`;
      return `b${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}`;
  }
}
