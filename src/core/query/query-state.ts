/** Everything a query set remembers; query sets copy it on every chained call and never mutate it. */
import type { AnyModel } from '../model/model-types.js';
import type { Aggregate, FExpression } from './expressions.js';
import type { Q } from './q.js';

export type ResultMode =
  | { readonly kind: 'instances' }
  | { readonly kind: 'values'; readonly names: readonly string[] }
  | { readonly kind: 'valuesList'; readonly names: readonly string[]; readonly flat: boolean };

export interface QueryState {
  readonly model: AnyModel;
  readonly where: readonly Q[];
  /** Conditions on annotations: HAVING. */
  readonly having: readonly Q[];
  /** undefined: the model's default ordering. */
  readonly order: readonly string[] | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly distinct: boolean;
  /** Field names to load (`only`), or to leave out (`defer`); the primary key is always loaded. */
  readonly only: readonly string[] | undefined;
  readonly defer: readonly string[];
  readonly mode: ResultMode;
  readonly selectRelated: readonly string[];
  readonly prefetch: readonly string[];
  /** Aggregates (grouped: conditions on them go to HAVING) and F() expressions (a column or arithmetic, per row). */
  readonly annotations: Readonly<Record<string, Aggregate | FExpression>>;
  readonly using: string | undefined;
  /** false: bypass the query cache for this query set. */
  readonly useCache: boolean;
  /**
   * Rows already loaded for exactly this query set (a many-to-many manager's `all()` after
   * prefetchRelated): fetching returns them with no statement. Any chained call drops them.
   */
  readonly prefilled: readonly unknown[] | undefined;
}

/**
 * The query set method that returns it answering with given rows (see `prefilled`): keyed by a symbol,
 * so it is no part of the public API, and callable without importing query-set.ts (an import cycle).
 */
export const WITH_ROWS: unique symbol = Symbol('oxen.withRows');

/** Shared empty values: a fresh query set allocates nothing but its state object. */
export const EMPTY: Readonly<Record<string, never>> = Object.freeze({});
const NONE: readonly never[] = Object.freeze([]);
const INSTANCES: ResultMode = Object.freeze({ kind: 'instances' });

export function initialState(model: AnyModel): QueryState {
  return {
    model, where: NONE, having: NONE, order: undefined, limit: undefined, offset: undefined, distinct: false, only: undefined,
    defer: NONE, mode: INSTANCES, selectRelated: NONE, prefetch: NONE, annotations: EMPTY, using: undefined, useCache: true, prefilled: undefined,
  };
}
