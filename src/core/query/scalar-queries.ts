/** count(), exists() and aggregate(): one-row answers, built from the query set's conditions. */
import type { Database } from '../connection/database.js';
import { BigIntFieldDef } from '../model/fields/numeric-fields.js';
import { BuildContext } from './build-context.js';
import type { Aggregate } from './expressions.js';
import type { SelectColumn, SelectNode } from './nodes.js';
import type { QueryState } from './query-state.js';
import { cachedQuery, runSelect } from './run-select.js';
import { aggregateDecoder, aggregateExpr, buildWhere, planSelect } from './select-plan.js';

function baseSelect(db: Database, state: QueryState, columns: (ctx: BuildContext) => SelectColumn[], limit?: number): { node: SelectNode; params: BuildContext['params']; tables: string[] } {
  const meta = state.model.meta;
  const ctx = new BuildContext(db.dialect, meta, 't0');
  const where = buildWhere(ctx, state.where);
  const cols = columns(ctx);
  const node: SelectNode = { kind: 'select', table: meta.tableName, alias: 't0', columns: cols, joins: ctx.joins, where, groupBy: [], orderBy: [], distinct: false, limit };
  return { node, params: ctx.params, tables: [meta.tableName, ...ctx.joins.map((j) => j.table)] };
}

async function runScalar(db: Database, state: QueryState, built: ReturnType<typeof baseSelect>, safeIntegers = false): Promise<readonly unknown[] | undefined> {
  const { sql, params } = db.dialect.compile(built.node);
  const result = await cachedQuery(db, safeIntegers ? { sql, params, safeIntegers } : { sql, params }, built.tables, state.useCache);
  return result.rows[0];
}

export async function countRows(db: Database, state: QueryState): Promise<number> {
  // Grouped, distinct or annotated query sets count what they return.
  if (state.distinct || Object.keys(state.annotations).length || state.having.length || state.mode.kind !== 'instances') {
    const rows = await runSelect(db, state.model.meta, planSelect({ ...state, prefetch: [] }, db.dialect), state.useCache);
    return rows.length;
  }
  const built = baseSelect(db, state, () => [{ expr: { kind: 'aggregate', fn: 'COUNT', arg: { kind: 'literal', value: '*' }, distinct: false }, alias: 'n' }]);
  const row = await runScalar(db, state, built);
  const total = Number(row?.[0] ?? 0);
  // LIMIT/OFFSET bound the count arithmetically rather than through a sub-select.
  const afterOffset = Math.max(0, total - (state.offset ?? 0));
  return state.limit === undefined ? afterOffset : Math.min(afterOffset, state.limit);
}

export async function existsRows(db: Database, state: QueryState): Promise<boolean> {
  if (state.having.length || state.offset) return (await countRows(db, state)) > 0;
  if (state.limit === 0) return false;
  const built = baseSelect(db, state, () => [{ expr: { kind: 'literal', value: '1' }, alias: 'one' }], 1);
  return (await runScalar(db, state, built)) !== undefined;
}

export async function aggregateRows(db: Database, state: QueryState, aggregates: Record<string, Aggregate>): Promise<Record<string, unknown>> {
  const decoders: ((v: unknown) => unknown)[] = [];
  let safeIntegers = false;
  const built = baseSelect(db, state, (ctx) =>
    Object.entries(aggregates).map(([alias, agg]) => {
      const a = aggregateExpr(ctx, agg);
      decoders.push(aggregateDecoder(agg, a.field, db.dialect));
      if (a.field instanceof BigIntFieldDef) safeIntegers = true;
      return { expr: a.expr, alias };
    }),
  );
  const row = (await runScalar(db, state, built, safeIntegers)) ?? [];
  const out: Record<string, unknown> = {};
  Object.keys(aggregates).forEach((name, i) => (out[name] = decoders[i]!(row[i] ?? null)));
  return out;
}
