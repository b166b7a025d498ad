/**
 * One filter condition (`key`, `value`) → an expression, binding its values through the field's own
 * conversion. Relations are joined (forward keys) or become EXISTS sub-selects (reverse relations).
 */
import { UsageError } from '../ground/errors.js';
import type { AnyField } from '../model/field.js';
import type { Lookup } from '../model/model-types.js';
import type { BuildContext } from './build-context.js';
import { FExpression } from './expressions.js';
import { and, col, FALSE, TRUE, type ArrayInKind, type Expr } from '../dialect/nodes.js';
import type { DialectName, SqlValue } from '../ground/values.js';
import { resolvePath, type Step } from './resolve-path.js';

export function buildCondition(ctx: BuildContext, key: string, value: unknown): Expr {
  const resolved = resolvePath(ctx.meta, key);
  ctx.shape.push(key);
  return conditionAt(ctx, resolved.steps, 0, resolved.field, resolved.lookup, value);
}

function conditionAt(ctx: BuildContext, steps: readonly Step[], from: number, field: AnyField, lookup: Lookup, value: unknown): Expr {
  const i = firstReverse(steps, from);
  if (i === steps.length) return lookupExpr(ctx, col(ctx.aliasFor(steps, from, i), field.column), field, lookup, value);
  if (isNullTrue(lookup, value)) return nullOrNoRelated(ctx, steps, from, i, field);
  return existsAcross(ctx, steps, from, i, (sub) => conditionAt(sub, steps, i + 1, field, lookup, value));
}

const isNullTrue = (lookup: Lookup, value: unknown): boolean => lookup === 'isnull' && value === true;

/**
 * `posts__isnull: true`, `tags__isnull: true`, `posts__title__isnull: true`: what Django's LEFT JOIN
 * gives, which includes the rows with no related row at all. An EXISTS alone would never match those,
 * and for the relation itself (whose key is never NULL) would match nothing.
 */
function nullOrNoRelated(ctx: BuildContext, steps: readonly Step[], from: number, i: number, field: AnyField): Expr {
  ctx.shape.push('T+none');
  const none: Expr = { kind: 'not', item: existsAcross(ctx, steps, from, i, () => TRUE) };
  if (i === steps.length - 1 && !field.nullable) return none;
  return { kind: 'or', items: [none, existsAcross(ctx, steps, from, i, (sub) => conditionAt(sub, steps, i + 1, field, 'isnull', true))] };
}

/** The index of the first reverse relation in `steps` from `from`, or steps.length. */
function firstReverse(steps: readonly Step[], from: number): number {
  let i = from;
  while (i < steps.length && steps[i]!.kind === 'forward') i++;
  return i;
}

/** A reverse relation at `steps[i]`: EXISTS (SELECT 1 FROM related AS r WHERE r.fk = outer.pk AND <inner>). */
function existsAcross(ctx: BuildContext, steps: readonly Step[], from: number, i: number, inner: (sub: BuildContext) => Expr): Expr {
  const alias = ctx.aliasFor(steps, from, i);
  const step = steps[i] as Extract<Step, { kind: 'reverse' }>;
  const outerPk = col(alias, step.relation.field.to.meta.pk.column);
  const sub = ctx.sub(step.target);
  const link: Expr = { kind: 'compare', op: '=', left: col(sub.alias, step.relation.field.column), right: outerPk };
  const where = and([link, inner(sub)]);
  ctx.subTables.add(step.target.tableName);
  for (const j of sub.joins) ctx.subTables.add(j.table);
  return {
    kind: 'exists',
    select: {
      kind: 'select', table: step.target.tableName, alias: sub.alias, columns: [{ expr: { kind: 'literal', value: '1' }, alias: 'one' }],
      joins: sub.joins, where, groupBy: [], orderBy: [], distinct: false,
    },
  };
}

interface PendingCondition {
  readonly steps: readonly Step[];
  readonly field: AnyField;
  readonly lookup: Lookup;
  readonly value: unknown;
}

/**
 * The AND-ed conditions of one filter() object, by Django's rule for multi-valued relations: those that
 * cross the same reverse relation must hold for the same related row, so they share one EXISTS;
 * conditions from separate filter() calls each get their own and may hold for different rows. Each
 * expression is built in the order it appears in the tree, so the parameters stay in SQL order.
 */
export function conditionsTogether(ctx: BuildContext, entries: readonly (readonly [string, unknown])[]): Expr[] {
  const pending = entries.map(([key, value]): PendingCondition => {
    const r = resolvePath(ctx.meta, key);
    ctx.shape.push(key);
    return { steps: r.steps, field: r.field, lookup: r.lookup, value };
  });
  return togetherFrom(ctx, pending, 0);
}

function togetherFrom(ctx: BuildContext, pending: readonly PendingCondition[], from: number): Expr[] {
  const order: (PendingCondition | PendingCondition[])[] = [];
  const groups = new Map<string, PendingCondition[]>();
  for (const c of pending) {
    const i = firstReverse(c.steps, from);
    // An `__isnull: true` across the relation also matches "no related row": it cannot share an EXISTS.
    if (i === c.steps.length || isNullTrue(c.lookup, c.value)) {
      order.push(c);
      continue;
    }
    const key = c.steps.slice(from, i + 1).map((s) => (s.kind === 'forward' ? s.fk.name : `<${s.relation.name}`)).join('__');
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = []));
      order.push(group);
    }
    group.push(c);
  }
  return order.map((entry) => {
    if (!Array.isArray(entry)) return conditionAt(ctx, entry.steps, from, entry.field, entry.lookup, entry.value);
    const i = firstReverse(entry[0]!.steps, from);
    return existsAcross(ctx, entry[0]!.steps, from, i, (sub) => and(togetherFrom(sub, entry, i + 1))!);
  });
}

/**
 * F() arithmetic as SQL with one meaning on every database: numbers are typed as integers or doubles
 * (never left to each driver's binding), and `/` of two integers truncates toward zero (PostgreSQL's
 * and SQLite's `/`, MySQL's `DIV`), as `integerOperands` decides. `bind` places a number; by default
 * it is added to the context's parameters.
 */
export function fExpr(ctx: BuildContext, f: FExpression, forField: AnyField, bind: (n: number) => Expr = (n) => ctx.bind(n)): Expr {
  if (f.ref !== undefined) {
    const r = resolvePath(ctx.meta, f.ref);
    if (r.steps.some((s) => s.kind === 'reverse')) throw new UsageError('FIELD_UNKNOWN', `F(${JSON.stringify(f.ref)}) cannot cross a reverse relation`);
    return col(ctx.aliasFor(r.steps), r.field.column);
  }
  const left = fExpr(ctx, f.left!, forField, bind);
  let right: Expr;
  if (f.right instanceof FExpression) right = fExpr(ctx, f.right, forField, bind);
  else {
    const n = numberParam(f.right!, forField);
    right = { kind: 'number', expr: bind(n), integer: Number.isInteger(n) };
  }
  return { kind: 'arith', op: f.op!, left, right, ...(f.op === '/' && isIntegerValued(ctx, f) ? { integer: true } : {}) };
}

export const INTEGER_FIELD_KINDS: ReadonlySet<string> = new Set(['auto', 'bigAuto', 'int', 'bigint', 'foreignKey']);

/** Whether F() arithmetic yields integers: integer fields and whole numbers, combined by + - * or integer division. */
export function isIntegerValued(ctx: BuildContext, f: FExpression | number): boolean {
  if (typeof f === 'number') return Number.isInteger(f);
  if (f.ref !== undefined) return INTEGER_FIELD_KINDS.has(resolvePath(ctx.meta, f.ref).field.kind);
  return isIntegerValued(ctx, f.left!) && isIntegerValued(ctx, f.right!);
}

/** The numbers of F() arithmetic in the order its SQL binds them (left to right). */
export function fNumbers(f: FExpression, out: number[] = []): number[] {
  if (f.ref !== undefined) return out;
  fNumbers(f.left!, out);
  if (f.right instanceof FExpression) fNumbers(f.right, out);
  else out.push(f.right!);
  return out;
}

export function numberParam(n: number, field: AnyField): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new UsageError('VALUE_INVALID', `F() arithmetic on ${field.name} needs finite numbers`);
  return n;
}

const TEXT_KINDS = new Set(['char', 'text', 'uuid']);

export function lookupExpr(ctx: BuildContext, c: Expr, field: AnyField, lookup: Lookup, value: unknown): Expr {
  const d = ctx.dialect.name;
  const compare = (op: '=' | '<' | '<=' | '>' | '>='): Expr => {
    if (value instanceof FExpression) {
      ctx.shape.push(value.shape());
      return { kind: 'compare', op, left: c, right: fExpr(ctx, value, field) };
    }
    if (value === null || value === undefined) throw new UsageError('VALUE_INVALID', `${field.name}__${lookup} needs a value; use ${field.name}__isnull to match NULL`);
    return { kind: 'compare', op, left: c, right: ctx.bind(field.toDb(value, d)) };
  };
  switch (lookup) {
    case 'exact':
      if (value === null) {
        ctx.shape.push('N');
        return { kind: 'isNull', expr: c, negated: false };
      }
      return compare('=');
    case 'gt':
      return compare('>');
    case 'gte':
      return compare('>=');
    case 'lt':
      return compare('<');
    case 'lte':
      return compare('<=');
    case 'iexact':
      return { kind: 'compare', op: '=', left: { kind: 'lower', expr: c }, right: { kind: 'lower', expr: ctx.bind(text(field, lookup, value)) } };
    case 'contains':
    case 'icontains':
    case 'startswith':
    case 'istartswith':
    case 'endswith':
    case 'iendswith': {
      const ci = lookup.startsWith('i');
      const mode = (ci ? lookup.slice(1) : lookup) as 'contains' | 'startswith' | 'endswith';
      return { kind: 'like', left: c, pattern: ctx.bind(ctx.dialect.likePattern(text(field, lookup, value), mode, ci)), caseInsensitive: ci };
    }
    case 'in': {
      if (!Array.isArray(value) && !(value instanceof Set)) throw new UsageError('VALUE_INVALID', `${field.name}__in needs an array of values`);
      const list = [...(value as Iterable<unknown>)];
      if (list.length > inlineMax(d)) {
        ctx.shape.push('#json');
        return { kind: 'inArray', left: c, list: ctx.bind(jsonArray(list.map((v) => field.toDb(v, d)))), fieldKind: arrayInKind(field, list.length) };
      }
      ctx.shape.push(`#${list.length}`);
      if (list.length === 0) return FALSE;
      return { kind: 'in', left: c, values: list.map((v) => ctx.bind(field.toDb(v, d))) };
    }
    case 'range': {
      if (!Array.isArray(value) || value.length !== 2) throw new UsageError('VALUE_INVALID', `${field.name}__range needs [low, high]`);
      return { kind: 'between', expr: c, low: ctx.bind(field.toDb(value[0], d)), high: ctx.bind(field.toDb(value[1], d)) };
    }
    case 'isnull':
      if (typeof value !== 'boolean') throw new UsageError('VALUE_INVALID', `${field.name}__isnull needs true or false`);
      ctx.shape.push(value ? 'T' : 'F');
      return { kind: 'isNull', expr: c, negated: !value };
  }
}

/**
 * Past this many values an `__in` list is bound as one JSON array instead of one parameter each: a
 * list of any length then fits the database's parameter limit, and every length shares one statement.
 */
export const IN_LIST_INLINE_MAX = 1000;
/**
 * MySQL and MariaDB compare a column without an index against a JSON_TABLE of strings row by row (8 s
 * for 70,000 strings against 1,200 rows on MariaDB 10.11), and against an inline list by binary
 * search: there the JSON array starts only where inline parameters would not fit (65,535 per
 * statement, with room left for the statement's other values).
 */
export const MYSQL_IN_LIST_INLINE_MAX = 64_000;

export function inlineMax(dialect: DialectName): number {
  return dialect === 'mysql' ? MYSQL_IN_LIST_INLINE_MAX : IN_LIST_INLINE_MAX;
}

/** The kind the JSON array's elements are read as: a foreign key's is its target's primary key's. */
function arrayInKind(field: AnyField, length: number): ArrayInKind {
  let f: AnyField = field;
  while (f.kind === 'foreignKey') f = (f as unknown as { to: { meta: { pk: AnyField } } }).to.meta.pk;
  if (f.kind === 'binary' || f.kind === 'json' || f.kind === 'raw') {
    throw new UsageError('VALUE_INVALID', `${field.name}__in has ${length} values: lists that long are sent as one JSON array, which cannot carry ${f.kind} values; split the list into parts of ${IN_LIST_INLINE_MAX}`);
  }
  return f.kind;
}

/** The driver values as JSON text: instants as ISO text, 64-bit integers as exact digits. */
function jsonArray(values: readonly SqlValue[]): string {
  return `[${values
    .map((v) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Date) return JSON.stringify(v.toISOString());
      return JSON.stringify(v);
    })
    .join(',')}]`;
}

function text(field: AnyField, lookup: string, value: unknown): string {
  if (typeof value !== 'string') throw new UsageError('VALUE_INVALID', `${field.name}__${lookup} needs a string`);
  if (!TEXT_KINDS.has(field.kind)) throw new UsageError('VALUE_INVALID', `${lookup} applies to text fields; ${field.name} is a ${field.kind} field`);
  return value;
}
