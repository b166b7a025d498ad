/**
 * A workload is data: a name, a description, and `prepare`, which builds its operations — the ORM
 * call as a user writes it, on the database it is given (`Model.using(db.name)`), and `raw` and
 * `rawArray`, the bare driver replaying the statements that call sent with object rows and with array
 * rows — each with a check of its answer's content (one sampled row against the dataset), so a wrong
 * or empty result is an error, never a fast run.
 */
import type { Database } from '../../database/database.js';
import { OxenError } from '../../ground/errors.js';
import type { SqlValue } from '../../ground/values.js';
import { captureStatements, type CapturedStatement } from '../capture-statements.js';
import type { BenchModels } from '../dataset/bench-models.js';
import type { DatasetFacts } from '../dataset/dataset.js';
import type { PeerQueries } from '../peers/peer-queries.js';
import type { RawDriver } from '../raw/raw-driver.js';
import type { Operation } from '../run-chunk.js';

export interface BenchContext {
  readonly models: BenchModels;
  readonly facts: DatasetFacts;
  readonly raw: RawDriver;
  /** The ORM's database the workload prepares on (its tables, its captured statements); addressed by name. */
  readonly db: Database;
  /** Values that never repeat within a run (writes must change rows to be counted on MySQL). */
  readonly counter: { value: number };
}

export interface PreparedWorkload {
  readonly rowsPerOp: number | null;
  /** The ORM call on `db` (one per executor measured; `ctx.db` or another executor's database on the same data). */
  orm(db: Database): Operation<any>;
  /** The bare driver, rows in its default object form. */
  readonly raw: Operation<any>;
  /** The bare driver, rows as arrays the way the js executor reads them; writes as in `raw`. */
  readonly rawArray: Operation<any>;
  /**
   * The same work through a peer ORM (`--peers`), its answer checked against the dataset as `raw`'s
   * is; undefined where the peer cannot express the workload.
   */
  peer(queries: PeerQueries): Operation<any> | undefined;
}

/** How the raw variants read rows: `raw` as objects, `raw_array` as arrays. */
export type RowForm = 'object' | 'array';

export interface Workload {
  readonly name: string;
  readonly description: string;
  prepare(ctx: BenchContext): Promise<PreparedWorkload>;
}

/** Runs the ORM call once on (a recording of) `ctx.db`, recording its statements, and insists on how many it sent. */
export async function captureExactly(ctx: BenchContext, workload: string, count: number, fn: (db: Database) => Promise<unknown>): Promise<CapturedStatement[]> {
  const { statements } = await captureStatements(ctx.db, fn);
  if (statements.length !== count) {
    throw new OxenError('INTERNAL', `${workload}: the ORM sent ${statements.length} statements where the raw variant expects ${count}`);
  }
  return statements;
}

/** Runs a captured statement on the bare driver: its rows in `form`, or the count of rows it wrote. */
export function replay(raw: RawDriver, stmt: CapturedStatement, params: readonly SqlValue[] = stmt.params, form: RowForm = 'object'): Promise<unknown> {
  if (stmt.method === 'execute') return raw.execute(stmt.sql, params);
  return form === 'array' ? raw.queryArray(stmt.sql, params) : raw.query(stmt.sql, params);
}

/** The one position of `value` among a statement's parameters, where per-operation values go. */
export function onlyPosition(workload: string, params: readonly SqlValue[], value: SqlValue): number {
  const positions = params.flatMap((p, i) => (p === value ? [i] : []));
  if (positions.length !== 1) throw new OxenError('INTERNAL', `${workload}: cannot locate the parameter ${String(value)} in the ORM's statement`);
  return positions[0]!;
}

export function rowsOf(result: unknown): readonly Record<string, unknown>[] {
  return result as readonly Record<string, unknown>[];
}

/** The row a verify checks field by field: a different one each operation, and always one. */
export function sampled<T>(rows: readonly T[], seq: number): T {
  return rows[seq % rows.length]!;
}

export function expectCount(what: string, got: number, want: number): string | undefined {
  return got === want ? undefined : `expected ${want} ${what}, got ${got}`;
}
