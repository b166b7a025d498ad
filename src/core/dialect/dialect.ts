/**
 * What differs between databases, as data and small hooks. The base compiler (compiler.ts) walks the
 * query tree; each dialect folder only supplies quoting, placeholders and the few constructs that
 * really differ (LIKE, upsert, RETURNING, LIMIT without OFFSET).
 */
import type { DialectName } from '../ground/values.js';
import type { QueryNode } from './nodes.js';
import type { SqlValue } from '../ground/values.js';

export interface CompiledSql {
  readonly sql: string;
  readonly params: SqlValue[];
}

export interface Dialect {
  readonly name: DialectName;
  /** Quote an identifier; embedded quote characters are doubled, so any name is safe. */
  quoteIdent(name: string): string;
  /** The placeholder for the parameter at 0-based `index`. */
  placeholder(index: number): string;
  /** INSERT/UPDATE/DELETE … RETURNING (PostgreSQL, SQLite ≥ 3.35, MariaDB ≥ 10.5 for INSERT). */
  readonly insertReturning: boolean;
  /** A LIMIT large enough to mean "no limit", for OFFSET without LIMIT; undefined if OFFSET may stand alone. */
  readonly limitForOffsetOnly: string | undefined;
  /** The bound pattern for a contains/startswith/endswith lookup, with the value's wildcards escaped. */
  likePattern(value: string, mode: LikeMode, caseInsensitive: boolean): string;
  /** Compile a query tree to SQL and its parameters. */
  compile(node: QueryNode): CompiledSql;
}

export type LikeMode = 'contains' | 'startswith' | 'endswith';

/** `%` and `_` in a value match themselves: escaped with backslash, as PostgreSQL and MySQL expect by default. */
export function likePatternWithBackslash(value: string, mode: LikeMode): string {
  const escaped = value.replace(/[\\%_]/g, (c) => '\\' + c);
  return mode === 'contains' ? `%${escaped}%` : mode === 'startswith' ? `${escaped}%` : `%${escaped}`;
}

export function quoteWith(q: string): (name: string) => string {
  const doubled = q + q;
  return (name: string) => {
    if (name.includes('\0')) throw new TypeError('identifier contains a NUL character');
    return q + name.split(q).join(doubled) + q;
  };
}
