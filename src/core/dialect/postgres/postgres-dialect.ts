import { SqlCompiler } from '../compiler.js';
import { likePatternWithBackslash, quoteWith, type Dialect, type LikeMode } from '../dialect.js';
import type { ArrayInKind, Expr, QueryNode } from '../nodes.js';
import type { FieldKind } from '../field-kind.js';

const PG_TYPES: Record<Exclude<FieldKind, 'raw'>, string> = {
  auto: 'integer', bigAuto: 'bigint', int: 'integer', bigint: 'bigint', float: 'double precision', decimal: 'numeric', boolean: 'boolean',
  char: 'varchar', text: 'text', datetime: 'timestamptz', date: 'date', json: 'jsonb', uuid: 'uuid', binary: 'bytea', foreignKey: 'integer',
};

class PostgresCompiler extends SqlCompiler {
  protected override typed(expr: Expr, kind: FieldKind): string {
    // A raw column's type is known only to the field (its dbType): the server infers the parameter's type.
    if (kind === 'raw') return this.expr(expr);
    return `CAST(${this.expr(expr)} AS ${PG_TYPES[kind]})`;
  }
  /** An untyped parameter beside an integer column is read as an integer: 1.5 would be refused, so it is cast. */
  protected override number(expr: Expr, integer: boolean): string {
    return integer ? this.expr(expr) : `CAST(${this.expr(expr)} AS double precision)`;
  }
  protected override arrayElements(list: Expr, kind: ArrayInKind): string {
    return `SELECT CAST(value AS ${PG_TYPES[kind]}) FROM json_array_elements_text(CAST(${this.expr(list)} AS json))`;
  }
  protected override like(e: Extract<Expr, { kind: 'like' }>): string {
    return `${this.expr(e.left)} ${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${this.expr(e.pattern)}`;
  }
}

const quote = quoteWith('"');

export class PostgresDialect implements Dialect {
  readonly name = 'postgres' as const;
  readonly insertReturning = true;
  readonly limitForOffsetOnly = undefined;
  private readonly compiler = new PostgresCompiler(this);
  quoteIdent(name: string): string {
    return quote(name);
  }
  placeholder(index: number): string {
    return `$${index + 1}`;
  }
  likePattern(value: string, mode: LikeMode): string {
    return likePatternWithBackslash(value, mode);
  }
  compile(node: QueryNode) {
    return this.compiler.compile(node);
  }
}
