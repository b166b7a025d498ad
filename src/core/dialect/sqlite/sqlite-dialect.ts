import { SqlCompiler } from '../compiler.js';
import { likePatternWithBackslash, quoteWith, type Dialect, type LikeMode } from '../dialect.js';
import type { Expr, QueryNode } from '../nodes.js';

/**
 * SQLite's LIKE ignores ASCII case and has no default escape character, so case-sensitive matches use
 * GLOB (whose wildcards are escaped with brackets) and case-insensitive ones LIKE … ESCAPE '\'.
 */
class SqliteCompiler extends SqlCompiler {
  protected override like(e: Extract<Expr, { kind: 'like' }>): string {
    if (e.caseInsensitive) return `${this.expr(e.left)} LIKE ${this.expr(e.pattern)} ESCAPE '\\'`;
    return `${this.expr(e.left)} GLOB ${this.expr(e.pattern)}`;
  }
  /** Drivers bind every JS number as a REAL (5 / 3 would be 1.67): an integer is cast back to one. */
  protected override number(expr: Expr, integer: boolean): string {
    return integer ? `CAST(${this.expr(expr)} AS INTEGER)` : this.expr(expr);
  }
}

const quote = quoteWith('"');

function globPattern(value: string, mode: LikeMode): string {
  const escaped = value.replace(/[*?[]/g, (c) => `[${c}]`);
  return mode === 'contains' ? `*${escaped}*` : mode === 'startswith' ? `${escaped}*` : `*${escaped}`;
}

export class SqliteDialect implements Dialect {
  readonly name = 'sqlite' as const;
  readonly insertReturning = true;
  readonly limitForOffsetOnly = '-1';
  private readonly compiler = new SqliteCompiler(this);
  quoteIdent(name: string): string {
    return quote(name);
  }
  placeholder(): string {
    return '?';
  }
  likePattern(value: string, mode: LikeMode, caseInsensitive: boolean): string {
    return caseInsensitive ? likePatternWithBackslash(value, mode) : globPattern(value, mode);
  }
  compile(node: QueryNode) {
    return this.compiler.compile(node);
  }
}
