/**
 * SQL sent with the bare drivers, on a connection of its own: how suites set up and read back
 * databases without going through Oxen (so Oxen's answers are checked against another client).
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

export async function pgQuery(url: string, sql: string, params: unknown[] = []): Promise<unknown[][]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query({ text: sql, values: params, rowMode: 'array' })).rows as unknown[][];
  } finally {
    await client.end();
  }
}

export async function myQuery(url: string, sql: string, params: unknown[] = []): Promise<unknown[][]> {
  const conn = await mysql.createConnection(url);
  try {
    const [rows] = await conn.query({ sql, values: params, rowsAsArray: true });
    return rows as unknown[][];
  } finally {
    await conn.end();
  }
}
