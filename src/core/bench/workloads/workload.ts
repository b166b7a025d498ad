/**
 * A workload is data: a name, a description, and `prepare`, which builds its two operations — the
 * ORM call as a user writes it, and `raw`, the bare driver replaying the statements that call sent —
 * each with a check of its answer, so a wrong or empty result is an error, never a fast run.
 */
import type { Database } from '../../connection/database.js';
import { OxenError } from '../../errors.js';
import type { SqlValue } from '../../executor/executor.js';
import { captureStatements, type CapturedStatement } from '../capture-statements.js';
import type { BenchModels } from '../dataset/bench-models.js';
import type { DatasetFacts } from '../dataset/dataset.js';
import type { RawDriver } from '../raw/raw-driver.js';
import type { Operation } from '../run-chunk.js';

export interface BenchContext {
  readonly models: BenchModels;
  readonly facts: DatasetFacts;
  readonly raw: RawDriver;
  /** The ORM's database, registered as `default`. */
  readonly db: Database;
  /** Values that never repeat within a run (writes must change rows to be counted on MySQL). */
  readonly counter: { value: number };
}

export interface PreparedWorkload {
  readonly rowsPerOp: number | null;
  readonly orm: Operation<any>;
  readonly raw: Operation<any>;
}

export interface Workload {
  readonly name: string;
  readonly description: string;
  prepare(ctx: BenchContext): Promise<PreparedWorkload>;
}

/** Runs the ORM call once, recording its statements, and insists on how many it sent. */
export async function captureExactly(ctx: BenchContext, workload: string, count: number, fn: () => Promise<unknown>): Promise<CapturedStatement[]> {
  const { statements } = await captureStatements(ctx.db, fn);
  if (statements.length !== count) {
    throw new OxenError('INTERNAL', `${workload}: the ORM sent ${statements.length} statements where the raw variant expects ${count}`);
  }
  return statements;
}

export function replay(raw: RawDriver, stmt: CapturedStatement, params: readonly SqlValue[] = stmt.params): Promise<unknown> {
  return stmt.method === 'query' ? raw.query(stmt.sql, params) : raw.execute(stmt.sql, params);
}

/** The one position of `value` among a statement's parameters, where per-operation values go. */
export function onlyPosition(workload: string, params: readonly SqlValue[], value: SqlValue): number {
  const positions = params.flatMap((p, i) => (p === value ? [i] : []));
  if (positions.length !== 1) throw new OxenError('INTERNAL', `${workload}: cannot locate the parameter ${String(value)} in the ORM's statement`);
  return positions[0]!;
}

/** The key under which the driver returns the first selected column (the primary key in the ORM's SELECTs). */
export function firstKey(rows: readonly Record<string, unknown>[]): string {
  const key = rows[0] ? Object.keys(rows[0])[0] : undefined;
  if (key === undefined) throw new OxenError('INTERNAL', 'the raw variant read no rows while preparing');
  return key;
}

export function rowsOf(result: unknown): readonly Record<string, unknown>[] {
  return result as readonly Record<string, unknown>[];
}

export function expectCount(what: string, got: number, want: number): string | undefined {
  return got === want ? undefined : `expected ${want} ${what}, got ${got}`;
}
