/**
 * One filter condition (`key`, `value`) → an expression, binding its values through the field's own
 * conversion. Relations are joined (forward keys) or become EXISTS sub-selects (reverse relations).
 */
import { UsageError } from '../ground/errors.js';
import type { AnyField } from '../model/field.js';
import type { Lookup } from '../model/model-types.js';
import type { BuildContext } from './build-context.js';
import { FExpression } from './expressions.js';
import { and, col, FALSE, type Expr } from '../dialect/nodes.js';
import { resolvePath, type Step } from './resolve-path.js';

export function buildCondition(ctx: BuildContext, key: string, value: unknown): Expr {
  const resolved = resolvePath(ctx.meta, key);
  ctx.shape.push(key);
  return conditionAt(ctx, resolved.steps, 0, resolved.field, resolved.lookup, value);
}

function conditionAt(ctx: BuildContext, steps: readonly Step[], from: number, field: AnyField, lookup: Lookup, value: unknown): Expr {
  let i = from;
  while (i < steps.length && steps[i]!.kind === 'forward') i++;
  const alias = ctx.aliasFor(steps, from, i);
  if (i === steps.length) return lookupExpr(ctx, col(alias, field.column), field, lookup, value);

  // A reverse relation: EXISTS (SELECT 1 FROM related AS r WHERE r.fk = outer.pk AND <rest>).
  const step = steps[i] as Extract<Step, { kind: 'reverse' }>;
  const outerPk = col(alias, step.relation.field.to.meta.pk.column);
  const sub = ctx.sub(step.target);
  const link: Expr = { kind: 'compare', op: '=', left: col(sub.alias, step.relation.field.column), right: outerPk };
  const inner = conditionAt(sub, steps, i + 1, field, lookup, value);
  return {
    kind: 'exists',
    select: {
      kind: 'select', table: step.target.tableName, alias: sub.alias, columns: [{ expr: { kind: 'literal', value: '1' }, alias: 'one' }],
      joins: sub.joins, where: and([link, inner]), groupBy: [], orderBy: [], distinct: false,
    },
  };
}

/** `bind` places a number of the arithmetic; by default it is added to the context's parameters. */
export function fExpr(ctx: BuildContext, f: FExpression, forField: AnyField, bind: (n: number) => Expr = (n) => ctx.bind(n)): Expr {
  if (f.ref !== undefined) {
    const r = resolvePath(ctx.meta, f.ref);
    if (r.steps.some((s) => s.kind === 'reverse')) throw new UsageError('FIELD_UNKNOWN', `F(${JSON.stringify(f.ref)}) cannot cross a reverse relation`);
    return col(ctx.aliasFor(r.steps), r.field.column);
  }
  const left = fExpr(ctx, f.left!, forField, bind);
  const right = f.right instanceof FExpression ? fExpr(ctx, f.right, forField, bind) : bind(numberParam(f.right!, forField));
  return { kind: 'arith', op: f.op!, left, right };
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

function text(field: AnyField, lookup: string, value: unknown): string {
  if (typeof value !== 'string') throw new UsageError('VALUE_INVALID', `${field.name}__${lookup} needs a string`);
  if (!TEXT_KINDS.has(field.kind)) throw new UsageError('VALUE_INVALID', `${lookup} applies to text fields; ${field.name} is a ${field.kind} field`);
  return value;
}
