/**
 * Executes a SELECT plan: compiled SQL comes from a per-database, per-model cache keyed by the plan's
 * shape, so a query shape is compiled and its row factory generated once; the query cache (opt-in)
 * answers repeated reads outside transactions.
 */
import type { Database } from '../connection/database.js';
import type { Dialect } from '../dialect/dialect.js';
import type { QueryResult, SqlValue, Statement } from '../executor/executor.js';
import type { ModelMeta } from '../model/model-meta.js';
import { activeFrame } from '../transaction/context.js';
import { queryCacheKey } from '../cache/query-cache-key.js';
import type { RowFactory } from './hydrate.js';
import type { SelectPlan } from './select-plan.js';

interface Compiled {
  readonly sql: string;
  readonly factory: RowFactory;
  readonly safeIntegers: boolean;
  readonly tables: readonly string[];
}

const MAX_SHAPES_PER_MODEL = 1000;
const compiledCache = new WeakMap<Dialect, WeakMap<ModelMeta, Map<string, Compiled>>>();

function compiledFor(dialect: Dialect, meta: ModelMeta, plan: SelectPlan): Compiled {
  let perDialect = compiledCache.get(dialect);
  if (!perDialect) compiledCache.set(dialect, (perDialect = new WeakMap()));
  let shapes = perDialect.get(meta);
  if (!shapes) perDialect.set(meta, (shapes = new Map()));
  let hit = shapes.get(plan.key);
  if (!hit) {
    const built = plan.build();
    const out = dialect.compile(built.node);
    if (!sameParams(out.params, plan.params)) {
      // The key would map different parameter orders to one SQL text: never cache such a shape.
      throw new Error(`internal: parameter order mismatch for shape ${plan.key}`);
    }
    hit = { sql: out.sql, factory: built.factory, safeIntegers: built.safeIntegers, tables: built.tables };
    if (shapes.size >= MAX_SHAPES_PER_MODEL) shapes.clear();
    shapes.set(plan.key, hit);
  }
  return hit;
}

function sameParams(a: readonly SqlValue[], b: readonly SqlValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function statementFor(db: Database, meta: ModelMeta, plan: SelectPlan): Statement {
  return statementWithTables(db, meta, plan).stmt;
}

export function statementWithTables(db: Database, meta: ModelMeta, plan: SelectPlan): { stmt: Statement; tables: readonly string[] } {
  const { sql, safeIntegers, tables } = compiledFor(db.dialect, meta, plan);
  return { stmt: safeIntegers ? { sql, params: plan.params, safeIntegers } : { sql, params: plan.params }, tables };
}

export async function runSelect(db: Database, meta: ModelMeta, plan: SelectPlan, useCache: boolean): Promise<unknown[]> {
  const compiled = compiledFor(db.dialect, meta, plan);
  const stmt: Statement = compiled.safeIntegers ? { sql: compiled.sql, params: plan.params, safeIntegers: true } : { sql: compiled.sql, params: plan.params };
  const result = await cachedQuery(db, stmt, compiled.tables, useCache);
  const rows = result.rows;
  const out = new Array<unknown>(rows.length);
  const make = compiled.factory;
  for (let i = 0; i < rows.length; i++) out[i] = make(rows[i]!);
  return out;
}

/** Runs a read through the query cache when it is enabled, allowed, and outside a transaction. */
export async function cachedQuery(db: Database, stmt: Statement, tables: readonly string[], useCache: boolean): Promise<QueryResult> {
  const cache = db.cache;
  if (!cache || !useCache || activeFrame(db.name)) return db.query(stmt);
  const key = queryCacheKey(db.name, stmt.sql, stmt.params);
  const hit = cache.get(key) as QueryResult | undefined;
  if (hit) {
    db.emitCached(stmt, hit.rows.length);
    return hit;
  }
  const result = await db.query(stmt);
  cache.set(key, tables, result);
  return result;
}
