/** Plain SQL for checking what DDL created, independent of the query layer. Values are bound. */
import type { Database } from '../../src/core/database/database.js';
import type { SqlValue } from '../../src/core/ground/values.js';

export async function insert(db: Database, table: string, row: Record<string, SqlValue>): Promise<void> {
  const cols = Object.keys(row);
  const q = (n: string) => db.dialect.quoteIdent(n);
  const sql = `INSERT INTO ${q(table)} (${cols.map(q).join(', ')}) VALUES (${cols.map((_, i) => db.dialect.placeholder(i)).join(', ')})`;
  await db.execute({ sql, params: Object.values(row) });
}

export async function remove(db: Database, table: string, column: string, value: SqlValue): Promise<number> {
  const q = (n: string) => db.dialect.quoteIdent(n);
  const result = await db.execute({ sql: `DELETE FROM ${q(table)} WHERE ${q(column)} = ${db.dialect.placeholder(0)}`, params: [value] });
  return result.rowsAffected;
}

/** One column of every row, ordered by it; numbers as numbers. */
export async function column(db: Database, table: string, name: string, orderBy = 'id'): Promise<unknown[]> {
  const q = (n: string) => db.dialect.quoteIdent(n);
  const result = await db.query({ sql: `SELECT ${q(name)} FROM ${q(table)} ORDER BY ${q(orderBy)}`, params: [] });
  return result.rows.map((r) => (typeof r[0] === 'string' && /^\d+$/.test(r[0]) ? Number(r[0]) : r[0]));
}
