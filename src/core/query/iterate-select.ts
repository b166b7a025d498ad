/**
 * QuerySet.iterator(): the rows of a SELECT plan hydrated a chunk at a time as the executor streams
 * them, so memory holds one chunk whatever the result's size. Related objects asked for with
 * prefetchRelated are loaded per chunk (one query per relation per chunk), as Django does. The query
 * cache is not used: a streamed result is never kept.
 */
import type { Database } from '../database/database.js';
import type { Statement } from '../ground/values.js';
import type { AnyModel } from '../model/model-types.js';
import { compiledFor } from './compiled-shapes.js';
import { prefetchInto } from './prefetch.js';
import type { QueryState } from './query-state.js';
import { mapRows } from '../database/database.js';
import { planSelect } from './select-plan.js';

export async function* iterateSelect(db: Database, model: AnyModel, state: QueryState, chunkSize: number): AsyncGenerator<unknown, void, undefined> {
  const plan = planSelect(state, db.dialect);
  const compiled = compiledFor(db.dialect, model.meta, plan);
  const stmt: Statement = compiled.safeIntegers ? { sql: compiled.sql, params: plan.params, safeIntegers: true } : { sql: compiled.sql, params: plan.params };
  const prefetch = state.mode.kind === 'instances' && state.prefetch.length > 0;
  for await (const chunk of db.stream(stmt, chunkSize)) {
    const rows = mapRows(chunk.rows, compiled.factory);
    if (prefetch) await prefetchInto(db, model, rows as Record<string, unknown>[], state.prefetch);
    yield* rows;
  }
}
