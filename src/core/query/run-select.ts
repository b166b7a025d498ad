/**
 * Executes a SELECT plan: compiled SQL comes from a per-dialect, per-model cache keyed by the plan's
 * shape (compiled-shapes.ts); the query cache (opt-in) answers repeated reads outside transactions.
 */
import type { Database } from '../database/database.js';
import type { QueryResult } from '../executor/executor.js';
import type { Statement } from '../ground/values.js';
import type { ModelMeta } from '../model/model-meta.js';
import { activeFrame } from '../database/transaction-context.js';
import { queryCacheKey } from '../database/query-cache-key.js';
import type { QueryCache } from '../database/query-cache.js';
import type { RowFactory } from './hydrate.js';
import type { SelectPlan } from './select-plan.js';
import { promiseOf } from './promise-of.js';
import { compiledFor } from './compiled-shapes.js';

export function statementFor(db: Database, meta: ModelMeta, plan: SelectPlan): Statement {
  return statementWithTables(db, meta, plan).stmt;
}

export function statementWithTables(db: Database, meta: ModelMeta, plan: SelectPlan): { stmt: Statement; tables: readonly string[] } {
  const { sql, safeIntegers, tables } = compiledFor(db.dialect, meta, plan);
  return { stmt: safeIntegers ? { sql, params: plan.params, safeIntegers } : { sql, params: plan.params }, tables };
}

/** Not async, on purpose: one `then` is the only step between the executor's promise and the caller. */
export function runSelect(db: Database, meta: ModelMeta, plan: SelectPlan, useCache: boolean, pinned = false): Promise<unknown[]> {
  return promiseOf(() => {
    const compiled = compiledFor(db.dialect, meta, plan);
    const stmt: Statement = compiled.safeIntegers ? { sql: compiled.sql, params: plan.params, safeIntegers: true } : { sql: compiled.sql, params: plan.params };
    return cachedQuery(db, stmt, compiled.tables, useCache, pinned).then((result) => hydrateRows(result.rows, compiled.factory));
  });
}

export function hydrateRows(rows: readonly (readonly unknown[])[], make: RowFactory): unknown[] {
  const out = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = make(rows[i]!);
  return out;
}

/**
 * Runs a read through the query cache when it is enabled, allowed, and outside a transaction; else
 * hands back the executor's own promise (no async wrapper, see runSelect). `pinned`: the query set
 * named its database with `using()` (see Database.read).
 */
export function cachedQuery(db: Database, stmt: Statement, tables: readonly string[], useCache: boolean, pinned = false): Promise<QueryResult> {
  return promiseOf(() => {
    const cache = db.cache;
    if (!cache || !useCache || activeFrame(db.name)) return db.read(stmt, pinned);
    return readThroughCache(db, cache, stmt, tables, pinned);
  });
}

/**
 * A replica's answer is never cached: a lagging replica could put back rows a write has just
 * invalidated. Cache hits are served whichever database the read would have gone to.
 */
async function readThroughCache(db: Database, cache: QueryCache, stmt: Statement, tables: readonly string[], pinned: boolean): Promise<QueryResult> {
  const key = queryCacheKey(db.name, stmt.sql, stmt.params);
  const hit = cache.get(key) as QueryResult | undefined;
  if (hit) {
    db.emitCached(stmt, hit.rows.length);
    return hit;
  }
  if (db.routes(pinned)) return db.read(stmt, pinned);
  const result = await db.read(stmt, pinned);
  cache.set(key, tables, result);
  return result;
}
