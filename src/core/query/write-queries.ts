/** Query-set UPDATE and DELETE. Conditions that need joins become `pk IN (SELECT pk … joins …)`. */
import type { Database } from '../database/database.js';
import { UsageError } from '../ground/errors.js';
import type { ExecResult } from '../executor/executor.js';
import { activeFrame } from '../database/transaction-context.js';
import { BuildContext } from './build-context.js';
import { FExpression } from './expressions.js';
import { fExpr, INTEGER_FIELD_KINDS, isIntegerValued } from './lookups.js';
import { col, type Expr, type QueryNode } from '../dialect/nodes.js';
import type { QueryState } from './query-state.js';
import { buildWhere } from './select-plan.js';

function checkWritable(state: QueryState, what: string): void {
  if (state.limit !== undefined || state.offset !== undefined) throw new UsageError('USAGE', `${what}() cannot follow limit()/offset(): filter the rows instead`);
  if (Object.keys(state.annotations).length) throw new UsageError('USAGE', `${what}() cannot follow annotate()`);
}

/** The WHERE for a write on the table itself, falling back to a primary-key sub-select when joins are needed. */
function writeWhere(db: Database, state: QueryState, params: BuildContext['params']): Expr | undefined {
  const meta = state.model.meta;
  const before = params.length;
  const direct = new BuildContext(db.dialect, meta, meta.tableName, params);
  const where = buildWhere(direct, state.where);
  if (direct.joins.length === 0) return where;
  params.length = before;
  const sub = new BuildContext(db.dialect, meta, 't0', params);
  const subWhere = buildWhere(sub, state.where);
  return {
    kind: 'inSelect',
    left: col(meta.tableName, meta.pk.column),
    select: { kind: 'select', table: meta.tableName, alias: 't0', columns: [{ expr: col('t0', meta.pk.column), alias: 'pk' }], joins: sub.joins, where: subWhere, groupBy: [], orderBy: [], distinct: false },
  };
}

export function noteWrite(db: Database, tables: readonly string[]): void {
  db.cache?.invalidateTables(tables);
  const frame = activeFrame(db.name);
  if (frame) for (const t of tables) frame.writtenTables.add(t);
}

export async function runWrite(db: Database, node: QueryNode, table: string): Promise<ExecResult> {
  const { sql, params } = db.dialect.compile(node);
  try {
    return await db.execute({ sql, params });
  } finally {
    noteWrite(db, [table]);
  }
}

export async function updateWhere(db: Database, state: QueryState, values: Record<string, unknown>): Promise<number> {
  checkWritable(state, 'update');
  const meta = state.model.meta;
  const ctx = new BuildContext(db.dialect, meta, meta.tableName);
  const set = Object.entries(values).map(([name, value]) => {
    const field = meta.field(name);
    if (!field) throw new UsageError('FIELD_UNKNOWN', `update(): ${meta.name} has no field ${JSON.stringify(name)}`);
    if (value instanceof FExpression && INTEGER_FIELD_KINDS.has(field.kind) && !isIntegerValued(ctx, value)) {
      throw new UsageError(
        'VALUE_INVALID',
        `update(): ${meta.name}.${name} is an integer field, and this F() arithmetic can give fractions, which PostgreSQL and MySQL would round and SQLite would store as they are: use whole numbers and integer fields (their division truncates), or a FloatField`,
      );
    }
    const expr = value instanceof FExpression ? fExpr(ctx, value, field) : ctx.bind(field.toDb(value, db.dialect.name));
    return { column: field.column, value: expr };
  });
  if (set.length === 0) return 0;
  if (ctx.joins.length) throw new UsageError('USAGE', 'update(): F() expressions may only name fields of the model being updated');
  const where = writeWhere(db, state, ctx.params);
  const result = await runWrite(db, { kind: 'update', table: meta.tableName, set, where }, meta.tableName);
  return result.rowsAffected;
}

export async function deleteWhere(db: Database, state: QueryState): Promise<number> {
  checkWritable(state, 'delete');
  const meta = state.model.meta;
  const where = writeWhere(db, state, []);
  // Rows of other tables may go too (ON DELETE CASCADE / SET NULL): drop their cached reads as well.
  const dependents = [...meta.reverseRelations().values()].map((r) => r.model.meta.tableName);
  noteWrite(db, dependents);
  const result = await runWrite(db, { kind: 'delete', table: meta.tableName, where }, meta.tableName);
  return result.rowsAffected;
}
