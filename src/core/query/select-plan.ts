/**
 * A query set's state → the SELECT tree, its parameters, its shape key and how to hydrate its rows.
 * Building the tree is cheap; compiling it to SQL is cached by the shape key (run-select.ts).
 */
import { UsageError } from '../ground/errors.js';
import type { Dialect } from '../dialect/dialect.js';
import type { AnyField } from '../model/field.js';
import { BigIntFieldDef } from '../model/fields/numeric-fields.js';
import { ForeignKeyDef } from '../model/fields/foreign-key.js';
import type { ModelMeta } from '../model/model-meta.js';
import type { AnyModel } from '../model/model-types.js';
import { BuildContext } from './build-context.js';
import { Aggregate, type FExpression } from './expressions.js';
import { decoderFor, instanceFactory, valuesFactory, type Decoder, type ObjectSpec, type RowFactory } from './hydrate.js';
import { buildCondition, conditionsTogether, fExpr, fNumbers, lookupExpr } from './lookups.js';
import { FloatField, IntField } from '../model/fields/numeric-fields.js';
import type { Lookup } from '../model/model-types.js';
import { and, col, type Expr, type OrderItem, type SelectColumn, type SelectNode } from '../dialect/nodes.js';
import type { SqlValue } from '../ground/values.js';
import { Q } from './q.js';
import type { QueryState } from './query-state.js';
import { LOOKUPS, resolvePath, type Step } from './resolve-path.js';
import { plainWhere } from './plain-where.js';

export interface SelectPlan {
  readonly key: string;
  readonly params: SqlValue[];
  /** Builds the tree and the row factory; called once per shape, on a compiled-statement cache miss. */
  readonly build: () => BuiltSelect;
}

export interface BuiltSelect {
  readonly node: SelectNode;
  readonly factory: RowFactory;
  /** Read INTEGER columns as bigint (SQLite): the statement reads a BigInt field. */
  readonly safeIntegers: boolean;
  /** Tables the statement reads, for query-cache invalidation. */
  readonly tables: readonly string[];
}

type ConditionBuilder = (ctx: BuildContext, key: string, value: unknown) => Expr;

export function buildWhere(ctx: BuildContext, conditions: readonly Q[], condition: ConditionBuilder = buildCondition): Expr | undefined {
  const parts: Expr[] = [];
  for (const q of conditions) {
    const e = buildQ(ctx, q, condition);
    if (e) parts.push(e);
  }
  return and(parts);
}

function buildQ(ctx: BuildContext, q: Q, condition: ConditionBuilder): Expr | undefined {
  ctx.shape.push(q.negated ? '!(' : '(', q.connector);
  const items: Expr[] = [];
  // One filter() object's conditions on a multi-valued relation hold for one related row (Django's
  // rule); an exclude() object's are each their own sub-select, as in Django.
  const together = condition === buildCondition && q.connector === 'AND' && !q.negated;
  const tuples = together ? q.children.filter((c): c is readonly [string, unknown] => !(c instanceof Q)) : [];
  let tuplesBuilt = false;
  for (const child of q.children) {
    if (child instanceof Q) {
      const e = buildQ(ctx, child, condition);
      if (e) items.push(e);
    } else if (!together) {
      items.push(condition(ctx, child[0], child[1]));
    } else if (!tuplesBuilt) {
      tuplesBuilt = true;
      items.push(...conditionsTogether(ctx, tuples));
    }
  }
  ctx.shape.push(')');
  if (items.length === 0) return undefined;
  const combined: Expr = items.length === 1 ? items[0]! : { kind: q.connector === 'AND' ? 'and' : 'or', items };
  return q.negated ? { kind: 'not', item: combined } : combined;
}

/** Own fields and forward relation paths (`author__name`) as column expressions; no reverse relations. */
export function forwardColumn(ctx: BuildContext, path: string, what: string): { expr: Expr; field: AnyField } {
  const r = resolvePath(ctx.meta, path);
  if (r.steps.some((s) => s.kind === 'reverse')) throw new UsageError('FIELD_UNKNOWN', `${what} ${JSON.stringify(path)} crosses a reverse relation, which has many rows per ${ctx.meta.name}`);
  return { expr: col(ctx.aliasFor(r.steps), r.field.column), field: r.field };
}

export function aggregateExpr(ctx: BuildContext, agg: Aggregate): { expr: Expr; field: AnyField | undefined } {
  if (agg.path === '*') return { expr: { kind: 'aggregate', fn: agg.fn, arg: { kind: 'literal', value: '*' }, distinct: false }, field: undefined };
  const r = resolvePath(ctx.meta, agg.path);
  const alias = ctx.aliasFor(r.steps as Step[]);
  return { expr: { kind: 'aggregate', fn: agg.fn, arg: col(alias, r.field.column), distinct: agg.distinct }, field: r.field };
}

/**
 * An annotation's column: an aggregate, decoded by `aggregateDecoder`; an F() of a field path (across
 * forward relations too), decoded as that field; F() arithmetic, decoded as a number.
 */
function annotationColumn(ctx: BuildContext, a: Aggregate | FExpression, dialect: Dialect): { expr: Expr; field?: AnyField; decode?: Decoder } {
  if (a instanceof Aggregate) {
    const r = aggregateExpr(ctx, a);
    return { expr: r.expr, decode: aggregateDecoder(a, r.field, dialect) };
  }
  if (a.ref !== undefined) return forwardColumn(ctx, a.ref, 'F()');
  let leftmost = a;
  while (leftmost.ref === undefined) leftmost = leftmost.left!;
  // Its numbers are already among the plan's parameters, first (selectParams): not bound again here.
  const expr = fExpr(ctx, a, resolvePath(ctx.meta, leftmost.ref).field, (n) => ({ kind: 'param', value: n }));
  return { expr, decode: (v) => (v === null ? null : Number(v)) };
}

/**
 * The parameters of the select list, which precede WHERE's in the SQL: the numbers of F() arithmetic
 * annotations, in the order their columns are listed. ORDER BY names such a column by its position
 * (`orderItems`), so they are bound once.
 */
function selectParams(state: QueryState): SqlValue[] {
  const out: number[] = [];
  for (const name in state.annotations) {
    const a = state.annotations[name]!;
    if (!(a instanceof Aggregate)) fNumbers(a, out);
  }
  return out;
}

/** COUNT and AVG are numbers everywhere; SUM keeps decimals exact and bigints big; MIN/MAX decode as their field. */
export function aggregateDecoder(agg: Aggregate, field: AnyField | undefined, dialect: Dialect): Decoder {
  if (agg.fn === 'COUNT' || agg.fn === 'AVG' || !field) return (v) => (v === null ? null : Number(v));
  if (agg.fn === 'SUM') {
    if (field.kind === 'decimal') return (v) => (v === null ? null : String(v));
    if (field instanceof BigIntFieldDef) return (v) => (v === null ? null : BigInt(v as string));
    return (v) => (v === null ? null : Number(v));
  }
  return (v) => field.fromDb(v, dialect.name);
}

/** `postCount__gte: 2` on an annotation: the aggregate compared like a field of its value type. */
function annotationCondition(ctx: BuildContext, annotations: QueryState['annotations'], key: string, value: unknown): Expr {
  const [name, lookup = 'exact', ...rest] = key.split('__');
  const agg = annotations[name!];
  if (!(agg instanceof Aggregate) || rest.length || !LOOKUPS.has(lookup)) throw new UsageError('LOOKUP_UNKNOWN', `cannot resolve ${JSON.stringify(key)}: not an annotation with a lookup`);
  ctx.shape.push(key);
  const a = aggregateExpr(ctx, agg);
  const valueField = agg.fn === 'COUNT' || !a.field ? countField : agg.fn === 'AVG' ? avgField : a.field;
  return lookupExpr(ctx, a.expr, valueField, lookup as Lookup, value);
}

const countField = IntField();
countField.bind({ name: 'count', attname: 'count', column: 'count', modelName: 'annotation' });
const avgField = FloatField();
avgField.bind({ name: 'average', attname: 'average', column: 'average', modelName: 'annotation' });

/** `positions`: the select-list position (from 1) of each F() arithmetic annotation, which ORDER BY names by it. */
function orderItems(ctx: BuildContext, state: QueryState, positions: ReadonlyMap<string, number>): OrderItem[] {
  const order = state.order ?? state.model.meta.ordering;
  const items: OrderItem[] = [];
  for (const raw of order) {
    if (raw === '?') {
      items.push({ expr: { kind: 'random' }, desc: false });
      continue;
    }
    const desc = raw.startsWith('-');
    const name = desc ? raw.slice(1) : raw;
    const annotation = state.annotations[name];
    const position = positions.get(name);
    if (position !== undefined) items.push({ expr: { kind: 'position', position }, desc });
    else items.push({ expr: annotation ? annotationColumn(ctx, annotation, ctx.dialect).expr : forwardColumn(ctx, name, 'orderBy').expr, desc });
  }
  return items;
}

/**
 * The fields loaded for the object at `path` ('' for the model itself, `author` for a selectRelated
 * one): only()'s or defer()'s names under that path, the primary key always, and `keep` (the foreign
 * keys selectRelated goes on through, so the related objects stay linked).
 */
function selectedFields(meta: ModelMeta, state: QueryState, path: string, keep: readonly AnyField[]): AnyField[] {
  const only = state.only ? namesUnder(state.only, path) : undefined;
  const what = (verb: string, name: string) => (path ? `${verb}(${JSON.stringify(`${path}__${name}`)})` : `${verb}()`);
  if (only !== undefined && (path === '' || only.length > 0)) {
    const picked = new Set<AnyField>([meta.pk, ...keep]);
    for (const n of only) picked.add(ownField(meta, n, what('only', n)));
    return meta.fields.filter((f) => picked.has(f));
  }
  const defer = namesUnder(state.defer, path);
  if (defer.length === 0) return [...meta.fields];
  const deferred = new Set(defer.map((n) => ownField(meta, n, what('defer', n))));
  return meta.fields.filter((f) => f === meta.pk || keep.includes(f) || !deferred.has(f));
}

/** The names of `names` directly under `path`: `title` under '', `name` of `author__name` under `author`. */
function namesUnder(names: readonly string[], path: string): string[] {
  return names.flatMap((n) => {
    const cut = n.lastIndexOf('__');
    return (cut < 0 ? '' : n.slice(0, cut)) === path ? [cut < 0 ? n : n.slice(cut + 2)] : [];
  });
}

/** only()/defer() may name fields of related objects that selectRelated loads, and no others. */
function checkRelatedNames(state: QueryState, loaded: ReadonlySet<string>): void {
  for (const [verb, names] of [['only', state.only ?? []], ['defer', state.defer]] as const) {
    for (const n of names) {
      const cut = n.lastIndexOf('__');
      if (cut < 0 || loaded.has(n.slice(0, cut))) continue;
      const path = n.slice(0, cut);
      throw new UsageError('FIELD_UNKNOWN', `${verb}(${JSON.stringify(n)}): ${path} is not loaded with the rows; add selectRelated(${JSON.stringify(path)}) to load it in the same query`);
    }
  }
}

function ownField(meta: ModelMeta, name: string, what: string): AnyField {
  const f = meta.field(name);
  if (!f) throw new UsageError('FIELD_UNKNOWN', `${what}: ${meta.name} has no field ${JSON.stringify(name)}; fields: ${meta.fields.map((x) => x.attname).join(', ')}`);
  return f;
}

function staticKey(state: QueryState): string {
  const m = state.mode;
  let key: string = m.kind;
  if (m.kind !== 'instances') key += `:${m.names.join(',')}${m.kind === 'valuesList' && m.flat ? ':flat' : ''}`;
  if (state.only) key += `|o:${state.only.join(',')}`;
  if (state.defer.length) key += `|d:${state.defer.join(',')}`;
  if (state.selectRelated.length) key += `|s:${state.selectRelated.join(',')}`;
  if (state.order) key += `|ob:${state.order.join(',')}`;
  if (state.limit !== undefined) key += `|l:${state.limit}`;
  if (state.offset !== undefined) key += `|of:${state.offset}`;
  if (state.distinct) key += '|D';
  for (const name in state.annotations) {
    const a = state.annotations[name]!;
    key += a instanceof Aggregate ? `|a:${name}=${a.fn}(${a.distinct ? 'D ' : ''}${a.path})` : `|a:${name}=${a.shape()}`;
  }
  return key;
}

export function planSelect(state: QueryState, dialect: Dialect): SelectPlan {
  if (state.having.length === 0) {
    const params: SqlValue[] = selectParams(state);
    const shape = plainWhere(state.model.meta, dialect, state.where, params);
    if (shape !== undefined) {
      // The tree is built only when this shape is compiled for the first time.
      const build = (): BuiltSelect => {
        const ctx = new BuildContext(dialect, state.model.meta, 't0');
        return buildSelect(state, dialect, ctx, buildWhere(ctx, state.where), undefined);
      };
      return { key: `${staticKey(state)}|w:${shape}`, params, build };
    }
  }
  const ctx = new BuildContext(dialect, state.model.meta, 't0', selectParams(state));
  const where = buildWhere(ctx, state.where);
  let key = staticKey(state) + '|w:' + ctx.shape.join(' ');
  let having: Expr | undefined;
  if (state.having.length) {
    ctx.shape.length = 0;
    having = buildWhere(ctx, state.having, (c, key, value) => annotationCondition(c, state.annotations, key, value));
    key += '|h:' + ctx.shape.join(' ');
  }
  return { key, params: ctx.params, build: () => buildSelect(state, dialect, ctx, where, having) };
}

/** Everything of the SELECT that holds no parameter: columns, joins for them, grouping, ordering, hydration. */
function buildSelect(state: QueryState, dialect: Dialect, ctx: BuildContext, where: Expr | undefined, having: Expr | undefined): BuiltSelect {
  const meta = state.model.meta;
  const columns: SelectColumn[] = [];
  const groupBy: Expr[] = [];
  const tables = new Set<string>([meta.tableName]);
  let makeFactory: () => RowFactory;
  let safeIntegers = false;
  const annotated = Object.entries(state.annotations);
  // Only aggregates group the rows; F() annotations are per-row columns.
  const grouped = annotated.some(([, a]) => a instanceof Aggregate);

  const addColumn = (expr: Expr): number => {
    columns.push({ expr, alias: `c${columns.length}` });
    return columns.length - 1;
  };
  // F() arithmetic columns hold parameters: GROUP BY and ORDER BY name them by position, so they are bound once.
  const positions = new Map<string, number>();
  const addAnnotation = (name: string, annotation: Aggregate | FExpression, expr: Expr): number => {
    const index = addColumn(expr);
    if (!(annotation instanceof Aggregate) && annotation.ref === undefined) positions.set(name, index + 1);
    return index;
  };
  const groupKey = (index: number): Expr =>
    [...positions.values()].includes(index + 1) ? { kind: 'position', position: index + 1 } : columns[index]!.expr;

  if (state.mode.kind === 'instances') {
    // Each loaded object's path ('' for the model, `author`, `author__team`), and the foreign keys
    // selectRelated goes on through from it, which only()/defer() cannot drop.
    const traversed = new Map<string, AnyField[]>();
    for (const path of state.selectRelated) {
      const r = resolvePath(meta, path);
      if (!(r.field instanceof ForeignKeyDef) || r.steps.some((s) => s.kind === 'reverse')) continue;
      const fks = [...r.steps.map((s) => (s as Extract<Step, { kind: 'forward' }>).fk), r.field];
      fks.forEach((fk, i) => {
        const at = fks.slice(0, i).map((f) => f.name).join('__');
        traversed.set(at, [...(traversed.get(at) ?? []), fk]);
      });
    }
    const objects: { model: AnyModel; relation: string | undefined; parent: number; fields: AnyField[]; alias: string; extra: [string, Aggregate | FExpression][] }[] = [
      { model: state.model, relation: undefined, parent: -1, fields: selectedFields(meta, state, '', traversed.get('') ?? []), alias: 't0', extra: annotated },
    ];
    const loaded = new Set<string>();
    for (const path of state.selectRelated) {
      const r = resolvePath(meta, path);
      if (!(r.field instanceof ForeignKeyDef) || r.steps.some((s) => s.kind === 'reverse')) {
        throw new UsageError('FIELD_UNKNOWN', `selectRelated(${JSON.stringify(path)}): not a foreign key path on ${meta.name}; use prefetchRelated for reverse and many-to-many relations, which have many rows per ${meta.name}`);
      }
      const steps = [...r.steps, { kind: 'forward' as const, fk: r.field, target: r.field.to.meta }];
      let parent = 0;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        ctx.forceLeft = steps.slice(0, i + 1).some((s) => s.kind === 'forward' && s.fk.nullable);
        const alias = ctx.aliasFor(steps, 0, i + 1);
        ctx.forceLeft = false;
        tables.add(step.target.tableName);
        let idx = objects.findIndex((o) => o.alias === alias);
        if (idx < 0) {
          const at = steps.slice(0, i + 1).map((s) => (s.kind === 'forward' ? s.fk.name : s.relation.name)).join('__');
          loaded.add(at);
          const fields = selectedFields(step.target, state, at, traversed.get(at) ?? []);
          objects.push({ model: step.kind === 'forward' ? step.fk.to : step.relation.model, relation: step.kind === 'forward' ? step.fk.name : undefined, parent, fields, alias, extra: [] });
          idx = objects.length - 1;
        }
        parent = idx;
      }
    }
    checkRelatedNames(state, loaded);
    // Decoders depend on safeIntegers, known only once every column is chosen: resolve them last.
    type Pending = { index: number; attname: string; field?: AnyField; decode?: Decoder };
    const pending = objects.map((o) => {
      const cols: Pending[] = o.fields.map((f) => {
        if (f instanceof BigIntFieldDef) safeIntegers = true;
        return { index: addColumn(col(o.alias, f.column)), attname: f.attname, field: f };
      });
      const pkIndex = cols.find((c) => c.field === o.model.meta.pk)!.index;
      for (const [name, annotation] of o.extra) {
        const a = annotationColumn(ctx, annotation, dialect);
        if (a.field instanceof BigIntFieldDef) safeIntegers = true;
        cols.push({ index: addAnnotation(name, annotation, a.expr), attname: name, field: a.field, decode: a.decode });
      }
      return { model: o.model, relation: o.relation, parent: o.parent, pkIndex, cols };
    });
    if (grouped) columns.forEach((c, i) => c.expr.kind !== 'aggregate' && groupBy.push(groupKey(i)));
    makeFactory = () =>
      instanceFactory(pending.map((o): ObjectSpec => ({
        model: o.model, relation: o.relation, parent: o.parent, pkIndex: o.pkIndex,
        columns: o.cols.map((c) => ({ index: c.index, attname: c.attname, decode: c.field ? decoderFor(c.field, dialect.name, safeIntegers) : c.decode })),
      })));
  } else {
    const mode = state.mode;
    const names = mode.names.length ? mode.names : meta.fields.map((f) => f.attname);
    const cols: { index: number; name: string; decode: Decoder | undefined; field?: AnyField }[] = [];
    for (const name of names) {
      if (state.annotations[name]) continue;
      const { expr, field } = forwardColumn(ctx, name, 'values');
      if (field instanceof BigIntFieldDef) safeIntegers = true;
      const index = addColumn(expr);
      if (grouped) groupBy.push(expr);
      cols.push({ index, name, decode: undefined, field });
    }
    for (const [name, annotation] of annotated) {
      const a = annotationColumn(ctx, annotation, dialect);
      if (a.field instanceof BigIntFieldDef) safeIntegers = true;
      const index = addAnnotation(name, annotation, a.expr);
      if (grouped && !(annotation instanceof Aggregate)) groupBy.push(groupKey(index));
      cols.push({ index, name, decode: a.decode, field: a.field });
    }
    const ordered = mode.names.length ? mode.names.map((n) => cols.find((c) => c.name === n)!).concat(cols.filter((c) => !mode.names.includes(c.name))) : cols;
    const shape = mode.kind === 'values' ? 'object' : mode.flat ? 'flat' : 'array';
    makeFactory = () => valuesFactory(ordered.map((c) => ({ index: c.index, name: c.name, decode: c.field ? decoderFor(c.field, dialect.name, safeIntegers) : c.decode })), shape);
  }

  const orderBy = orderItems(ctx, state, positions);
  for (const j of ctx.joins) tables.add(j.table);
  for (const t of ctx.subTables) tables.add(t);
  const node: SelectNode = {
    kind: 'select', table: meta.tableName, alias: 't0', columns, joins: ctx.joins, where, groupBy, having, orderBy,
    limit: state.limit, offset: state.offset, distinct: state.distinct,
  };
  return { node, factory: makeFactory(), safeIntegers, tables: [...tables] };
}
