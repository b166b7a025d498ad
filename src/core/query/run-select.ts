/**
 * Executes a SELECT plan: compiled SQL comes from a per-dialect, per-model cache keyed by the plan's
 * shape (compiled-shapes.ts); the query cache (opt-in) answers repeated reads outside transactions.
 */
import { mapRows, type Database } from '../database/database.js';
import type { QueryResult } from '../executor/executor.js';
import type { Statement } from '../ground/values.js';
import type { ModelMeta } from '../model/model-meta.js';
import { activeFrame } from '../database/transaction-context.js';
import { queryCacheKey } from '../database/query-cache-key.js';
import type { QueryCache } from '../database/query-cache.js';
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
    // Cached results are rows, mapped afresh on every hit; others are mapped as the executor decodes them.
    if (cacheServes(db, useCache)) return readThroughCache(db, db.cache!, stmt, compiled.tables, pinned).then((result) => mapRows(result.rows, compiled.factory));
    return db.readMapped(stmt, compiled.factory, pinned);
  });
}

/**
 * Runs a read through the query cache when it is enabled, allowed, and outside a transaction; else
 * hands back the executor's own promise (no async wrapper, see runSelect). `pinned`: the query set
 * named its database with `using()` (see Database.read).
 */
export function cachedQuery(db: Database, stmt: Statement, tables: readonly string[], useCache: boolean, pinned = false): Promise<QueryResult> {
  return promiseOf(() => {
    if (!cacheServes(db, useCache)) return db.read(stmt, pinned);
    return readThroughCache(db, db.cache!, stmt, tables, pinned);
  });
}

function cacheServes(db: Database, useCache: boolean): boolean {
  return db.cache !== undefined && useCache && !activeFrame(db.name);
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
