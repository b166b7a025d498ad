import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { DialectName } from '../../ground/values.js';
import { openMysqlRaw } from './mysql-raw.js';
import { openPostgresRaw } from './postgres-raw.js';
import type { RawDriver } from './raw-driver.js';
import { openSqliteRaw } from './sqlite-raw.js';

const OPENERS: Readonly<Record<DialectName, (url: DatabaseUrl, poolSize: number) => Promise<RawDriver>>> = {
  sqlite: openSqliteRaw,
  postgres: openPostgresRaw,
  mysql: openMysqlRaw,
};

/** A pool of `poolSize` connections, the size the ORM's pool gets, so neither side waits for connections the other has. */
export function openRawDriver(url: DatabaseUrl, poolSize: number): Promise<RawDriver> {
  return OPENERS[url.dialect](url, poolSize);
}

export const RAW_PACKAGES: Readonly<Record<DialectName, string>> = { sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' };
