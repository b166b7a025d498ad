/**
 * QuerySet: immutable, lazy, awaitable. Every chained call returns a new query set; nothing runs until
 * it is awaited or a terminal method (get, count, exists, aggregate, update, delete, …) is called.
 */
import { getDatabase } from '../database/registry.js';
import type { Database } from '../database/database.js';
import type { CompiledSql } from '../dialect/dialect.js';
import { DoesNotExist, MultipleObjectsReturned, UsageError } from '../ground/errors.js';
import type { AnyModel, AttrName, CreateInput, Fields, FilterInput, Instance, Lookup, OrderKey, Row, WithPk } from '../model/model-types.js';
import { Aggregate, FExpression } from './expressions.js';
import { Q } from './q.js';
import { EMPTY, initialState, WITH_ROWS, type QueryState } from './query-state.js';
import { planSelect } from './select-plan.js';
import { runSelect, statementFor } from './run-select.js';
import { prefetchInto } from './prefetch.js';
import { iterateSelect } from './iterate-select.js';
import { checkChunkSize } from '../executor/shared/row-streams.js';
import { promiseOf } from './promise-of.js';
import { aggregateRows, countRows, existsRows } from './scalar-queries.js';
import { deleteWhere, updateWhere } from './write-queries.js';
import { createInstance } from './persistence.js';

/** Django's default: large enough that round trips cost little, small enough to stay a few MB. */
const DEFAULT_CHUNK_SIZE = 2000;
import { bulkCreate, bulkUpdate, type BulkCreateOptions } from './bulk.js';

/** Filter arguments; `A` names annotations, which filter (HAVING) and order like fields. */
export type Condition<F extends Fields, A extends string = never> = (FilterInput<F> & { [K in A | `${A}__${Lookup}`]?: unknown }) | Q;

type ValuesRow<F extends Fields, K extends string> = { [P in K]: P extends keyof Row<WithPk<F>> ? Row<WithPk<F>>[P] : unknown };

export class QuerySet<F extends Fields, R = Instance<F>, A extends string = never> implements PromiseLike<R[]> {
  readonly state: QueryState;

  constructor(model: AnyModel, state?: QueryState) {
    this.state = state ?? initialState(model);
  }

  /**
   * A query set on `next`, which callers write as `{ ...this.state, field: value }`: V8 copies such a
   * literal as one block, where merging a patch object (`{ ...state, ...patch }`) goes key by key.
   */
  private derive<R2 = R, A2 extends string = A>(next: QueryState): QuerySet<F, R2, A2> {
    return new QuerySet<F, R2, A2>(next.model, next.prefilled === undefined ? next : { ...next, prefilled: undefined });
  }

  private get model(): AnyModel {
    return this.state.model;
  }

  private db(): Database {
    return getDatabase(this.state.using);
  }

  all(): QuerySet<F, R, A> {
    return this;
  }

  filter(...conditions: Condition<F, A>[]): QuerySet<F, R, A> {
    return this.addConditions(conditions, false);
  }

  exclude(...conditions: Condition<F, A>[]): QuerySet<F, R, A> {
    return this.addConditions(conditions, true);
  }

  private addConditions(conditions: readonly Condition<F, A>[], negate: boolean): QuerySet<F, R, A> {
    if (this.state.annotations === EMPTY) {
      // Nothing to route to HAVING: the common case, allocating only what the new query set keeps.
      const added = conditions.map((c) => {
        const q = c instanceof Q ? c : new Q(Object.entries(c));
        return negate ? q.not() : q;
      });
      return this.derive({ ...this.state, where: this.state.where.length ? this.state.where.concat(added) : added });
    }
    const where = [...this.state.where];
    const having = [...this.state.having];
    const annotations = this.state.annotations;
    for (const c of conditions) {
      let q: Q;
      if (c instanceof Q) q = c;
      else if (this.state.annotations === EMPTY || Object.keys(annotations).length === 0) q = new Q(Object.entries(c));
      else {
        const entries = Object.entries(c);
        // Conditions on aggregates go to HAVING; on an F() of a field, to WHERE as that field's path. A
        // mixed Q stays in WHERE and fails to resolve clearly.
        const onAnnotation = entries.filter(([k]) => annotations[k.split('__')[0]!] instanceof Aggregate);
        if (onAnnotation.length) having.push(negate ? new Q(onAnnotation).not() : new Q(onAnnotation));
        const rest = onAnnotation.length ? entries.filter((e) => !onAnnotation.includes(e)) : entries;
        q = new Q(rest.map(([k, v]) => [fieldPathOf(annotations, k), v]));
      }
      where.push(negate ? q.not() : q);
    }
    return this.derive({ ...this.state, where, having });
  }

  /** Field paths, annotation names (`-` before either: descending), `'?'` (random), or `F('path')` (ascending). */
  orderBy(...keys: (OrderKey<F> | A | `-${A}` | FExpression)[]): QuerySet<F, R, A> {
    const order = keys.map((k) => {
      if (!(k instanceof FExpression)) return k;
      if (k.ref === undefined) throw new UsageError('USAGE', 'orderBy(): F() arithmetic cannot be ordered by directly; annotate() it and order by the annotation\'s name');
      return k.ref;
    });
    return this.derive({ ...this.state, order });
  }

  limit(n: number): QuerySet<F, R, A> {
    if (!Number.isSafeInteger(n) || n < 0) throw new UsageError('USAGE', `limit() needs a non-negative integer, got ${String(n)}`);
    return this.derive({ ...this.state, limit: n });
  }

  offset(n: number): QuerySet<F, R, A> {
    if (!Number.isSafeInteger(n) || n < 0) throw new UsageError('USAGE', `offset() needs a non-negative integer, got ${String(n)}`);
    return this.derive({ ...this.state, offset: n });
  }

  distinct(): QuerySet<F, R, A> {
    return this.derive({ ...this.state, distinct: true });
  }

  /** Load only these fields (and the primary key). The seed's `only`. */
  /** Load just these fields (and the primary key); `author__name` limits a selectRelated object's fields. */
  only(...names: (AttrName<F> | `${string}__${string}`)[]): QuerySet<F, R, A> {
    return this.derive({ ...this.state, only: names, defer: [] });
  }

  /** Load every field except these. The seed's field-exclusion `exclude('content')` on a field list. */
  defer(...names: (AttrName<F> | `${string}__${string}`)[]): QuerySet<F, R, A> {
    return this.derive({ ...this.state, defer: [...this.state.defer, ...names] });
  }

  values<K extends string>(...names: (AttrName<F> | K)[]): QuerySet<F, ValuesRow<F, K | (string extends K ? never : K)>, A> {
    return this.derive({ ...this.state, mode: { kind: 'values', names } });
  }

  valuesList<K extends AttrName<F>>(name: K, options: { flat: true }): QuerySet<F, Row<WithPk<F>>[K], A>;
  valuesList(...names: string[]): QuerySet<F, unknown[], A>;
  valuesList(...args: unknown[]): QuerySet<F, unknown, A> {
    const last = args[args.length - 1];
    const flat = typeof last === 'object' && last !== null && (last as { flat?: boolean }).flat === true;
    const names = (flat ? args.slice(0, -1) : args) as string[];
    if (flat && names.length !== 1) throw new UsageError('USAGE', 'valuesList(name, { flat: true }) takes exactly one field');
    return this.derive({ ...this.state, mode: { kind: 'valuesList', names, flat } });
  }

  /** Follow foreign keys in the same query (JOIN): `Post.all().selectRelated('author')`. */
  selectRelated(...paths: string[]): QuerySet<F, R, A> {
    return this.derive({ ...this.state, selectRelated: [...this.state.selectRelated, ...paths] });
  }

  /** Load relations (forward or reverse) with one extra query per relation, however many rows. */
  prefetchRelated(...paths: string[]): QuerySet<F, R, A> {
    return this.derive({ ...this.state, prefetch: [...this.state.prefetch, ...paths] });
  }

  annotate<N extends Record<string, Aggregate | FExpression>>(annotations: N): QuerySet<F, R & { [K in keyof N]: unknown }, A | Extract<keyof N, string>> {
    const meta = this.state.model.meta;
    for (const [name, value] of Object.entries(annotations)) {
      if (!(value instanceof Aggregate) && !(value instanceof FExpression)) {
        throw new UsageError('USAGE', `annotate(): ${JSON.stringify(name)} must be an aggregate (Count, Sum, …) or an F() expression, not ${describeValue(value)}`);
      }
      if (meta.field(name) || name === 'pk' || name.includes('__')) {
        throw new UsageError('FIELD_UNKNOWN', `annotate(): the annotation ${JSON.stringify(name)} ${name.includes('__') ? 'may not contain "__"' : `conflicts with a field of ${meta.name}`}; choose another name`);
      }
    }
    return this.derive({ ...this.state, annotations: { ...this.state.annotations, ...annotations } });
  }

  using(database: string): QuerySet<F, R, A> {
    return this.derive({ ...this.state, using: database });
  }

  /** `cache(false)` bypasses the query cache for this query set. */
  cache(enabled = true): QuerySet<F, R, A> {
    return this.derive({ ...this.state, useCache: enabled });
  }

  /** The SQL and parameters this query set runs, compiled for its database. */
  toSQL(): CompiledSql {
    const db = this.db();
    const plan = planSelect(this.state, db.dialect);
    const stmt = statementFor(db, this.model.meta, plan);
    return { sql: stmt.sql, params: [...stmt.params] };
  }

  then<T1 = R[], T2 = never>(onfulfilled?: ((value: R[]) => T1 | PromiseLike<T1>) | null, onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null): Promise<T1 | T2> {
    return this.fetch().then(onfulfilled, onrejected);
  }

  /**
   * The rows one at a time, read from the database in chunks of `chunkSize` (default 2000) as the
   * loop consumes them, so memory holds one chunk whatever the result's size (Django's iterator()):
   * PostgreSQL through a server-side cursor, MySQL streaming the result, SQLite stepping the statement.
   * `prefetchRelated` runs once per chunk. Breaking out of the loop frees the cursor and its connection.
   * On MySQL inside a transaction the connection carries nothing else until the loop ends.
   */
  iterator(options: { chunkSize?: number } = {}): AsyncGenerator<R, void, undefined> {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    checkChunkSize(chunkSize);
    return iterateSelect(this.db(), this.model, this.state, chunkSize) as AsyncGenerator<R, void, undefined>;
  }

  /** This query set answering with `rows` until a chained call changes it (see QueryState.prefilled). */
  [WITH_ROWS](rows: readonly unknown[]): QuerySet<F, R, A> {
    return new QuerySet<F, R, A>(this.model, { ...this.state, prefilled: rows });
  }

  /** Not async: without prefetching, runSelect's promise is the answer (see promise-of.ts). */
  fetch(): Promise<R[]> {
    if (this.state.prefilled !== undefined) return Promise.resolve(this.state.prefilled.slice() as R[]);
    if (this.state.prefetch.length) return this.fetchAndPrefetch();
    return promiseOf(() => {
      const db = this.db();
      return runSelect(db, this.model.meta, planSelect(this.state, db.dialect), this.state.useCache, this.state.using !== undefined) as Promise<R[]>;
    });
  }

  private async fetchAndPrefetch(): Promise<R[]> {
    const db = this.db();
    const plan = planSelect(this.state, db.dialect);
    const rows = await runSelect(db, this.model.meta, plan, this.state.useCache, this.state.using !== undefined);
    if (this.state.mode.kind === 'instances' && rows.length) {
      await prefetchInto(db, this.model, rows as Record<string, unknown>[], this.state.prefetch);
    }
    return rows as R[];
  }

  get(...conditions: Condition<F, A>[]): Promise<R> {
    return promiseOf(() => {
      const qs = conditions.length ? this.filter(...conditions) : this;
      return qs.derive({ ...qs.state, limit: 2, order: qs.state.order ?? [] }).fetch().then((rows) => this.exactlyOne(rows));
    });
  }

  private exactlyOne(rows: readonly R[]): R {
    if (rows.length === 0) throw new DoesNotExist(this.model.meta.name);
    if (rows.length > 1) throw new MultipleObjectsReturned(this.model.meta.name, rows.length);
    return rows[0]!;
  }

  async first(): Promise<R | undefined> {
    const order = this.state.order ?? (this.model.meta.ordering.length ? this.model.meta.ordering : ['pk']);
    const rows = await this.derive({ ...this.state, order, limit: 1 }).fetch();
    return rows[0];
  }

  async last(): Promise<R | undefined> {
    const order = this.state.order ?? (this.model.meta.ordering.length ? this.model.meta.ordering : ['pk']);
    const reversed = order.map((o) => (o === '?' ? o : o.startsWith('-') ? o.slice(1) : `-${o}`));
    const rows = await this.derive({ ...this.state, order: reversed, limit: 1 }).fetch();
    return rows[0];
  }

  async count(): Promise<number> {
    return countRows(this.db(), this.state);
  }

  async exists(): Promise<boolean> {
    return existsRows(this.db(), this.state);
  }

  async aggregate<N extends Record<string, Aggregate>>(aggregates: N): Promise<{ [K in keyof N]: unknown }> {
    return aggregateRows(this.db(), this.state, aggregates) as Promise<{ [K in keyof N]: unknown }>;
  }

  /** UPDATE every matching row; values may be F expressions. Returns the number of rows matched. */
  async update(values: Partial<Record<AttrName<F>, unknown>>): Promise<number> {
    return updateWhere(this.db(), this.state, values as Record<string, unknown>);
  }

  /** DELETE every matching row. Returns the number of rows deleted. */
  async delete(): Promise<number> {
    return deleteWhere(this.db(), this.state);
  }

  create(values: CreateInput<F>): Promise<Instance<F>> {
    return createInstance(this.model, values as Record<string, unknown>, this.state.using) as Promise<Instance<F>>;
  }

  bulkCreate(objects: readonly (CreateInput<F> | Instance<F>)[], options: BulkCreateOptions = {}): Promise<Instance<F>[]> {
    return bulkCreate(this.model, objects as readonly Record<string, unknown>[], { using: this.state.using, ...options }) as Promise<Instance<F>[]>;
  }

  bulkUpdate(objects: readonly Instance<F>[], fields: readonly AttrName<F>[], options: { batchSize?: number } = {}): Promise<number> {
    return bulkUpdate(this.model, objects as unknown as readonly Record<string, unknown>[], fields, { using: this.state.using, ...options });
  }

  async getOrCreate(lookup: FilterInput<F>, defaults: Partial<CreateInput<F>> = {}): Promise<[Instance<F>, boolean]> {
    const found = await this.derive<Instance<F>>({ ...this.state, mode: { kind: 'instances' } }).filter(lookup).first();
    if (found) return [found, false];
    return [await this.create({ ...plainLookup(lookup), ...defaults } as CreateInput<F>), true];
  }

  async updateOrCreate(lookup: FilterInput<F>, defaults: Partial<CreateInput<F>> = {}): Promise<[Instance<F>, boolean]> {
    const found = await this.derive<Instance<F>>({ ...this.state, mode: { kind: 'instances' } }).filter(lookup).first();
    if (!found) return [await this.create({ ...plainLookup(lookup), ...defaults } as CreateInput<F>), true];
    Object.assign(found, defaults);
    await found.save({ using: this.state.using });
    return [found, false];
  }

  /** Instances by primary key, in one query per parameter-limit-sized chunk. */
  async inBulk(ids: readonly unknown[]): Promise<Map<unknown, Instance<F>>> {
    const out = new Map<unknown, Instance<F>>();
    if (ids.length === 0) return out;
    const max = Math.max(1, this.db().executor.maxParams - 100);
    const pk = this.model.meta.pk.attname;
    for (let i = 0; i < ids.length; i += max) {
      const rows = (await this.derive<Instance<F>>({ ...this.state, mode: { kind: 'instances' } }).filter({ pk__in: ids.slice(i, i + max) } as FilterInput<F>).fetch()) as Instance<F>[];
      for (const r of rows) out.set((r as Record<string, unknown>)[pk], r);
    }
    return out;
  }
}

/** The plain-equality part of a lookup, usable as create() values. */
function plainLookup(lookup: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(lookup).filter(([k]) => !k.includes('__')));
}

/** A condition key on an annotation `F('path')` is the same condition on `path`; any other key is as given. */
function fieldPathOf(annotations: QueryState['annotations'], key: string): string {
  const [name, ...lookup] = key.split('__');
  const a = annotations[name!];
  if (!(a instanceof FExpression)) return key;
  if (a.ref === undefined) throw new UsageError('LOOKUP_UNKNOWN', `cannot filter on ${JSON.stringify(name)}: it is F() arithmetic; filter on F() in the condition's value instead`);
  return [a.ref, ...lookup].join('__');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)} (wrap a field path in F())`;
  return typeof value;
}
