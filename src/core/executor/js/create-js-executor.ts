/**
 * Opens the `js` executor (pg, mysql2, better-sqlite3) for a parsed URL and checks that it can connect.
 * Each driver is imported when a database of its kind is opened: a command that uses one database (or
 * none) does not pay for loading the other two at start-up.
 */
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { Executor, ExecutorOptions, PoolSettings } from '../executor.js';

/**
 * Fails with ConnectionError (CONNECTION_FAILED, AUTH_FAILED) when the database cannot be reached, and
 * with UsageError (URL_INVALID, CONFIG_INVALID) for URL parameters or pool settings it cannot honour.
 */
export async function createJsExecutor(url: DatabaseUrl, pool: PoolSettings, options: ExecutorOptions = {}): Promise<Executor> {
  switch (url.dialect) {
    case 'postgres':
      return (await import('./postgres-executor.js')).createPostgresExecutor(url, pool, options);
    case 'mysql':
      return (await import('./mysql-executor.js')).createMysqlExecutor(url, pool, options);
    case 'sqlite':
      return (await import('./sqlite-executor.js')).createSqliteExecutor(url, pool);
  }
}
