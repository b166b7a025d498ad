/** Opens the `js` executor (pg, mysql2, better-sqlite3) for a parsed URL and checks that it can connect. */
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { Executor, ExecutorOptions, PoolSettings } from '../executor.js';
import { createMysqlExecutor } from './mysql-executor.js';
import { createPostgresExecutor } from './postgres-executor.js';
import { createSqliteExecutor } from './sqlite-executor.js';

/**
 * Fails with ConnectionError (CONNECTION_FAILED, AUTH_FAILED) when the database cannot be reached, and
 * with UsageError (URL_INVALID, CONFIG_INVALID) for URL parameters or pool settings it cannot honour.
 */
export function createJsExecutor(url: DatabaseUrl, pool: PoolSettings, options: ExecutorOptions = {}): Promise<Executor> {
  switch (url.dialect) {
    case 'postgres':
      return createPostgresExecutor(url, pool, options);
    case 'mysql':
      return createMysqlExecutor(url, pool, options);
    case 'sqlite':
      return createSqliteExecutor(url, pool);
  }
}
