/**
 * count(), exists() and aggregate(): one-row answers, built from the query set's conditions and
 * compiled once per shape through the same cache as row queries.
 */
import type { Database } from '../database/database.js';
import { BigIntFieldDef } from '../model/fields/numeric-fields.js';
import { BuildContext } from './build-context.js';
import type { Aggregate } from './expressions.js';
import type { SelectColumn, SelectNode } from '../dialect/nodes.js';
import type { QueryState } from './query-state.js';
import { cachedQuery, runSelect, statementWithTables } from './run-select.js';
import { aggregateDecoder, aggregateExpr, buildWhere, planSelect, type SelectPlan } from './select-plan.js';

const noFactory = (): never => {
  throw new Error('internal: scalar queries are not hydrated');
};

/** A one-row SELECT over the query set's WHERE; `kind` and the aggregate list complete its shape key. */
function scalarPlan(db: Database, state: QueryState, kind: string, columns: (ctx: BuildContext) => SelectColumn[], limit?: number, safeIntegers = false): SelectPlan {
  const meta = state.model.meta;
  const ctx = new BuildContext(db.dialect, meta, 't0');
  const where = buildWhere(ctx, state.where);
  return {
    key: `${kind}|w:${ctx.shape.join(' ')}`,
    params: ctx.params,
    build: () => {
      const cols = columns(ctx);
      const node: SelectNode = { kind: 'select', table: meta.tableName, alias: 't0', columns: cols, joins: ctx.joins, where, groupBy: [], orderBy: [], distinct: false, limit };
      return { node, factory: noFactory, safeIntegers, tables: [meta.tableName, ...ctx.joins.map((j) => j.table), ...ctx.subTables] };
    },
  };
}

async function firstRow(db: Database, state: QueryState, plan: SelectPlan): Promise<readonly unknown[] | undefined> {
  const { stmt, tables } = statementWithTables(db, state.model.meta, plan);
  const result = await cachedQuery(db, stmt, tables, state.useCache, state.using !== undefined);
  return result.rows[0];
}

const COUNT_STAR: SelectColumn[] = [{ expr: { kind: 'aggregate', fn: 'COUNT', arg: { kind: 'literal', value: '*' }, distinct: false }, alias: 'n' }];
const ONE: SelectColumn[] = [{ expr: { kind: 'literal', value: '1' }, alias: 'one' }];

export async function countRows(db: Database, state: QueryState): Promise<number> {
  // Grouped, distinct or annotated query sets count what they return.
  if (state.distinct || Object.keys(state.annotations).length || state.having.length || state.mode.kind !== 'instances') {
    const rows = await runSelect(db, state.model.meta, planSelect({ ...state, prefetch: [] }, db.dialect), state.useCache, state.using !== undefined);
    return rows.length;
  }
  const row = await firstRow(db, state, scalarPlan(db, state, 'count', () => COUNT_STAR));
  const total = Number(row?.[0] ?? 0);
  // LIMIT/OFFSET bound the count arithmetically rather than through a sub-select.
  const afterOffset = Math.max(0, total - (state.offset ?? 0));
  return state.limit === undefined ? afterOffset : Math.min(afterOffset, state.limit);
}

export async function existsRows(db: Database, state: QueryState): Promise<boolean> {
  if (state.having.length || state.offset) return (await countRows(db, state)) > 0;
  if (state.limit === 0) return false;
  return (await firstRow(db, state, scalarPlan(db, state, 'exists', () => ONE, 1))) !== undefined;
}

export async function aggregateRows(db: Database, state: QueryState, aggregates: Record<string, Aggregate>): Promise<Record<string, unknown>> {
  const names = Object.keys(aggregates);
  const decoders: ((v: unknown) => unknown)[] = [];
  // Resolve once up front: decoders are needed on every call, and BigInt sums need safe integers.
  const probe = new BuildContext(db.dialect, state.model.meta, 't0');
  let safeIntegers = false;
  for (const name of names) {
    const agg = aggregates[name]!;
    const a = aggregateExpr(probe, agg);
    decoders.push(aggregateDecoder(agg, a.field, db.dialect));
    if (a.field instanceof BigIntFieldDef) safeIntegers = true;
  }
  const kind = 'agg:' + names.map((n) => `${n}=${aggregates[n]!.fn}(${aggregates[n]!.distinct ? 'D ' : ''}${aggregates[n]!.path})`).join(',');
  const plan = scalarPlan(db, state, kind, (ctx) => names.map((alias) => ({ expr: aggregateExpr(ctx, aggregates[alias]!).expr, alias })), undefined, safeIntegers);
  const row = (await firstRow(db, state, plan)) ?? [];
  const out: Record<string, unknown> = {};
  names.forEach((name, i) => (out[name] = decoders[i]!(row[i] ?? null)));
  return out;
}
