/**
 * The base SQL compiler: one handler per node kind (a `Record`, so a new kind does not compile until it
 * is handled) and hooks a dialect overrides. Pure: (tree, dialect) → { sql, params }.
 */
import type { SqlValue } from '../ground/values.js';
import type { ArrayInKind, DeleteNode, Expr, InsertNode, QueryNode, SelectNode, UpdateNode } from './nodes.js';
import type { CompiledSql, Dialect } from './dialect.js';
import type { FieldKind } from './field-kind.js';

type ExprOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;

export abstract class SqlCompiler {
  protected params: SqlValue[] = [];
  private readonly quoted = new Map<string, string>();

  constructor(protected readonly dialect: Dialect) {}

  compile(node: QueryNode): CompiledSql {
    this.params = [];
    const sql = this.nodeHandlers[node.kind](node as never);
    return { sql, params: this.params };
  }

  protected id(name: string): string {
    let q = this.quoted.get(name);
    if (q === undefined) {
      q = this.dialect.quoteIdent(name);
      this.quoted.set(name, q);
    }
    return q;
  }

  protected bind(value: SqlValue): string {
    this.params.push(value);
    return this.dialect.placeholder(this.params.length - 1);
  }

  private readonly nodeHandlers: { [K in QueryNode['kind']]: (n: Extract<QueryNode, { kind: K }>) => string } = {
    select: (n) => this.select(n),
    insert: (n) => this.insert(n),
    update: (n) => this.update(n),
    delete: (n) => this.delete(n),
  };

  protected readonly exprHandlers: { [K in Expr['kind']]: (e: ExprOf<K>) => string } = {
    column: (e) => `${this.id(e.table)}.${this.id(e.column)}`,
    param: (e) => this.bind(e.value),
    literal: (e) => this.literal(e.value),
    compare: (e) => `${this.expr(e.left)} ${e.op} ${this.expr(e.right)}`,
    arith: (e) => `(${this.expr(e.left)} ${e.op === '/' && e.integer ? this.integerDivide() : e.op} ${this.expr(e.right)})`,
    number: (e) => this.number(e.expr, e.integer),
    like: (e) => this.like(e),
    in: (e) => `${this.expr(e.left)} IN (${e.values.map((v) => this.expr(v)).join(', ')})`,
    inSelect: (e) => `${this.expr(e.left)} IN (${this.subquery(e.select)})`,
    inArray: (e) => `${this.expr(e.left)} IN (${this.arrayElements(e.list, e.fieldKind)})`,
    exists: (e) => `EXISTS (${this.select(e.select)})`,
    isNull: (e) => `${this.expr(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL`,
    between: (e) => `${this.expr(e.expr)} BETWEEN ${this.expr(e.low)} AND ${this.expr(e.high)}`,
    and: (e) => e.items.map((i) => this.wrap(i, 'and')).join(' AND '),
    or: (e) => e.items.map((i) => this.wrap(i, 'or')).join(' OR '),
    not: (e) => `NOT (${this.expr(e.item)})`,
    lower: (e) => `LOWER(${this.expr(e.expr)})`,
    aggregate: (e) => `${e.fn}(${e.distinct ? 'DISTINCT ' : ''}${this.expr(e.arg)})`,
    random: () => this.random(),
    position: (e) => {
      if (!Number.isSafeInteger(e.position) || e.position < 1) throw new Error(`internal: select-list position ${e.position}`);
      return String(e.position);
    },
    case: (e) => `CASE ${this.expr(e.subject)} ${e.whens.map(([w, t]) => `WHEN ${this.expr(w)} THEN ${this.expr(t)}`).join(' ')} ELSE ${this.expr(e.else)} END`,
    typed: (e) => this.typed(e.expr, e.fieldKind),
  };

  /** A SELECT of the elements of the JSON array `list`, as `kind`'s values; SQLite's json_each gives them typed already. */
  protected arrayElements(list: Expr, _kind: ArrayInKind): string {
    return `SELECT value FROM json_each(${this.expr(list)})`;
  }

  /** PostgreSQL and SQLite divide integers by truncating toward zero with `/`. */
  protected integerDivide(): string {
    return '/';
  }

  /** A number of F() arithmetic; by default the driver's binding types it. */
  protected number(expr: Expr, _integer: boolean): string {
    return this.expr(expr);
  }

  protected typed(expr: Expr, _kind: FieldKind): string {
    return this.expr(expr);
  }

  expr(e: Expr): string {
    return this.exprHandlers[e.kind](e as never);
  }

  /** Parenthesise a boolean operand whose operator binds looser than its parent's. */
  private wrap(e: Expr, parent: 'and' | 'or'): string {
    const s = this.expr(e);
    return (e.kind === 'or' && parent === 'and') || (e.kind === 'and' && parent === 'or') ? `(${s})` : s;
  }

  protected literal(value: ExprOf<'literal'>['value']): string {
    return value;
  }

  protected random(): string {
    return 'RANDOM()';
  }

  protected like(e: ExprOf<'like'>): string {
    const left = e.caseInsensitive ? `LOWER(${this.expr(e.left)})` : this.expr(e.left);
    const right = e.caseInsensitive ? `LOWER(${this.expr(e.pattern)})` : this.expr(e.pattern);
    return `${left} LIKE ${right}${this.likeEscape()}`;
  }

  /** The ESCAPE clause for LIKE; PostgreSQL and MySQL default to backslash already. */
  protected likeEscape(): string {
    return '';
  }

  /** A sub-select used as a value list; MySQL overrides it to work around its same-table restriction. */
  protected subquery(s: SelectNode): string {
    return this.select(s);
  }

  protected select(n: SelectNode): string {
    let sql = n.distinct ? 'SELECT DISTINCT ' : 'SELECT ';
    sql += n.columns.map((c) => `${this.expr(c.expr)} AS ${this.id(c.alias)}`).join(', ');
    sql += ` FROM ${this.id(n.table)} AS ${this.id(n.alias)}`;
    for (const j of n.joins) sql += ` ${j.type} JOIN ${this.id(j.table)} AS ${this.id(j.alias)} ON ${this.expr(j.on)}`;
    if (n.where) sql += ` WHERE ${this.expr(n.where)}`;
    if (n.groupBy.length) sql += ` GROUP BY ${n.groupBy.map((g) => this.expr(g)).join(', ')}`;
    if (n.having) sql += ` HAVING ${this.expr(n.having)}`;
    if (n.orderBy.length) sql += ` ORDER BY ${n.orderBy.map((o) => this.orderItem(o.expr, o.desc)).join(', ')}`;
    return sql + this.limitOffset(n.limit, n.offset);
  }

  protected orderItem(expr: Expr, desc: boolean): string {
    return `${this.expr(expr)}${desc ? ' DESC' : ' ASC'}`;
  }

  /**
   * LIMIT and OFFSET are rendered as integer literals, validated as safe non-negative integers: MySQL's
   * prepared-statement protocol rejects them as bound parameters, and one rule for all keeps the SQL alike.
   */
  protected limitOffset(limit: number | undefined, offset: number | undefined): string {
    let sql = '';
    if (limit !== undefined) sql += ` LIMIT ${checkedInt(limit)}`;
    if (offset !== undefined && offset > 0) {
      if (limit === undefined && this.dialect.limitForOffsetOnly) sql += ` LIMIT ${this.dialect.limitForOffsetOnly}`;
      sql += ` OFFSET ${checkedInt(offset)}`;
    }
    return sql;
  }

  protected insert(n: InsertNode): string {
    let sql = `${this.insertVerb(n)} INTO ${this.id(n.table)} (${n.columns.map((c) => this.id(c)).join(', ')}) VALUES `;
    sql += n.rows.map((row) => `(${row.map((v) => this.expr(v)).join(', ')})`).join(', ');
    if (n.onConflict) sql += this.onConflict(n);
    if (n.returning.length) sql += ` RETURNING ${n.returning.map((c) => this.id(c)).join(', ')}`;
    return sql;
  }

  protected insertVerb(_n: InsertNode): string {
    return 'INSERT';
  }

  /** PostgreSQL and SQLite: ON CONFLICT; MySQL overrides. */
  protected onConflict(n: InsertNode): string {
    const c = n.onConflict!;
    if (c.action === 'ignore') return ' ON CONFLICT DO NOTHING';
    const set = c.set.map((s) => `${this.id(s)} = EXCLUDED.${this.id(s)}`).join(', ');
    return ` ON CONFLICT (${c.target.map((t) => this.id(t)).join(', ')}) DO UPDATE SET ${set}`;
  }

  protected update(n: UpdateNode): string {
    const set = n.set.map((s) => `${this.id(s.column)} = ${this.expr(s.value)}`).join(', ');
    return `UPDATE ${this.id(n.table)} SET ${set}${n.where ? ` WHERE ${this.expr(n.where)}` : ''}`;
  }

  protected delete(n: DeleteNode): string {
    return `DELETE FROM ${this.id(n.table)}${n.where ? ` WHERE ${this.expr(n.where)}` : ''}`;
  }
}

function checkedInt(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`LIMIT/OFFSET must be a non-negative integer, got ${String(n)}`);
  return String(n);
}
