/**
 * mysql2/promise: a pool, statements through `execute` (server-side prepared, cached per connection).
 * mysql2 keys that cache by SQL text and row form, so each form prepares once per connection.
 */
import mysql from 'mysql2/promise';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { RawDriver } from './raw-driver.js';

const SETTINGS = ['version', 'innodb_buffer_pool_size', 'innodb_flush_log_at_trx_commit', 'sync_binlog', 'max_connections', 'query_cache_type'];

export async function openMysqlRaw(url: DatabaseUrl, poolSize: number): Promise<RawDriver> {
  const pool = mysql.createPool({
    host: url.host,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    connectionLimit: poolSize,
    maxIdle: poolSize,
    timezone: 'Z',
  });
  return {
    packageName: 'mysql2',
    query: async (sql, params) => (await pool.execute(sql, params as mysql.ExecuteValues[]))[0] as Record<string, unknown>[],
    queryArray: async (sql, params) => (await pool.execute({ sql, rowsAsArray: true }, params as mysql.ExecuteValues[]))[0] as unknown[][],
    execute: async (sql, params) => ((await pool.execute(sql, params as mysql.ExecuteValues[]))[0] as mysql.ResultSetHeader).affectedRows,
    analyze: async (tables) => void (await pool.query(`ANALYZE TABLE ${tables.join(', ')}`)),
    settings: async () => {
      const [rows] = await pool.query(`SHOW VARIABLES WHERE Variable_name IN (${SETTINGS.map(() => '?').join(', ')})`, SETTINGS);
      return Object.fromEntries((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]));
    },
    close: () => pool.end(),
  };
}
