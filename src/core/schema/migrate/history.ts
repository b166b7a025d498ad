/**
 * The history table: one row per migration applied to this database (or, on MySQL, part-applied).
 * Described as a TableState and created through the database's DDL compiler like any other table, so
 * no per-database DDL is written here; read and written with bound parameters only.
 */
import type { DdlCompiler } from '../../dialect/ddl-compiler.js';
import type { Dialect } from '../../dialect/dialect.js';
import type { TableState } from '../../dialect/schema-state.js';
import type { Queryable } from '../../executor/executor.js';
import type { SqlValue } from '../../ground/values.js';
import type { AppliedMigration } from './migration.js';

export const DEFAULT_HISTORY_TABLE = 'oxen_migrations';

/** Where the history lives on one connection: the table's name, quoted and bound through the dialect. */
export interface History {
  readonly db: Queryable;
  readonly dialect: Dialect;
  readonly table: string;
}

export function historyTableState(name: string): TableState {
  return {
    name,
    columns: [
      // 255 characters keep the primary key within MySQL's index key limit in utf8mb4.
      { name: 'name', type: { kind: 'char', maxLength: 255 }, nullable: false },
      { name: 'checksum', type: { kind: 'char', maxLength: 64 }, nullable: false },
      { name: 'applied_at', type: { kind: 'datetime' }, nullable: false },
      { name: 'duration_ms', type: { kind: 'int' }, nullable: false },
      { name: 'oxen_version', type: { kind: 'char', maxLength: 50 }, nullable: false },
      { name: 'operations_done', type: { kind: 'int' }, nullable: true },
    ],
    primaryKey: ['name'],
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
}

export async function historyExists(h: History, ddl: DdlCompiler): Promise<boolean> {
  const rows = (await h.db.query(ddl.existingTables)).rows;
  return rows.some((row) => row[0] === h.table);
}

/** Creates the table unless it exists; the caller holds the migration lock, so two runs cannot both create it. */
export async function ensureHistory(h: History, ddl: DdlCompiler): Promise<void> {
  if (await historyExists(h, ddl)) return;
  const table = historyTableState(h.table);
  for (const sql of [ddl.createTable(table, []), ...ddl.afterCreateTable(table)]) await h.db.execute({ sql, params: [] });
}

/** Every row, in name order (the order migrations run in). */
export async function readHistory(h: History): Promise<AppliedMigration[]> {
  const q = (n: string) => h.dialect.quoteIdent(n);
  const columns = ['name', 'checksum', 'applied_at', 'duration_ms', 'oxen_version', 'operations_done'].map(q).join(', ');
  const result = await h.db.query({ sql: `SELECT ${columns} FROM ${q(h.table)} ORDER BY ${q('name')}`, params: [] });
  return result.rows
    .map((r) => ({
      name: String(r[0]),
      checksum: String(r[1]),
      appliedAt: asDate(r[2]),
      durationMs: Number(r[3]),
      oxenVersion: String(r[4]),
      operationsDone: r[5] === null || r[5] === undefined ? null : Number(r[5]),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** SQLite hands back the text it stored; the servers, a Date. */
function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/** Writes a migration's row; `existing`: updates the partial row a resumed migration (MySQL) left. */
export async function recordApplied(h: History, row: AppliedMigration, existing: boolean): Promise<void> {
  const q = (n: string) => h.dialect.quoteIdent(n);
  const p = (i: number) => h.dialect.placeholder(i);
  const names = ['checksum', 'applied_at', 'duration_ms', 'oxen_version', 'operations_done'];
  const values: SqlValue[] = [row.checksum, row.appliedAt, Math.round(row.durationMs), row.oxenVersion, row.operationsDone];
  const sql = existing
    ? `UPDATE ${q(h.table)} SET ${names.map((n, i) => `${q(n)} = ${p(i)}`).join(', ')} WHERE ${q('name')} = ${p(names.length)}`
    : `INSERT INTO ${q(h.table)} (${[...names, 'name'].map(q).join(', ')}) VALUES (${[...names, 'name'].map((_, i) => p(i)).join(', ')})`;
  await h.db.execute({ sql, params: [...values, row.name] });
}

export async function deleteHistory(h: History, name: string): Promise<void> {
  const q = (n: string) => h.dialect.quoteIdent(n);
  await h.db.execute({ sql: `DELETE FROM ${q(h.table)} WHERE ${q('name')} = ${h.dialect.placeholder(0)}`, params: [name] });
}
