/**
 * node-postgres: a Pool, each SQL text sent as a named prepared statement (prepared once per
 * connection). Both row forms use the same name: `rowMode` only changes how the client builds rows.
 */
import pg from 'pg';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { RawDriver } from './raw-driver.js';

const SETTINGS = ['server_version', 'shared_buffers', 'work_mem', 'synchronous_commit', 'fsync', 'max_connections', 'jit'];

export async function openPostgresRaw(url: DatabaseUrl, poolSize: number): Promise<RawDriver> {
  const pool = new pg.Pool({ host: url.host, port: url.port, user: url.user, password: url.password, database: url.database, max: poolSize });
  const names = new Map<string, string>();
  const nameFor = (sql: string): string => {
    let name = names.get(sql);
    if (!name) names.set(sql, (name = `oxen_raw_${names.size + 1}`));
    return name;
  };
  return {
    packageName: 'pg',
    query: async (sql, params) => (await pool.query({ text: sql, values: params as unknown[], name: nameFor(sql) })).rows as Record<string, unknown>[],
    queryArray: async (sql, params) =>
      (await pool.query({ text: sql, values: params as unknown[], name: nameFor(sql), rowMode: 'array' })).rows as unknown[][],
    execute: async (sql, params) => (await pool.query({ text: sql, values: params as unknown[], name: nameFor(sql) })).rowCount ?? 0,
    analyze: async (tables) => void (await pool.query(`ANALYZE ${tables.join(', ')}`)),
    settings: async () => {
      const r = await pool.query<{ name: string; setting: string; unit: string | null }>('SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)', [SETTINGS]);
      return Object.fromEntries(r.rows.map((row) => [row.name, row.unit ? `${row.setting} ${row.unit}` : row.setting]));
    },
    close: () => pool.end(),
  };
}
