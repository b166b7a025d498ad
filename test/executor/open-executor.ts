/** Opens the `js` executor on a test database with pool settings adjusted per test. */
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { DEFAULT_POOL_SETTINGS, type Executor, type ExecutorOptions, type PoolSettings } from '../../src/core/executor/executor.js';
import { createJsExecutor } from '../../src/core/executor/js/create-js-executor.js';
import type { TestDatabase } from '../support/databases.js';

export function openExecutor(db: TestDatabase, pool: Partial<PoolSettings> = {}, options: ExecutorOptions = {}): Promise<Executor> {
  return createJsExecutor(parseDatabaseUrl(db.url), { ...DEFAULT_POOL_SETTINGS, ...pool }, options);
}

/** `url` with its database path replaced (server URLs only). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Placeholders in the dialect's syntax: `$1, $2` for PostgreSQL, `?, ?` elsewhere. */
export function placeholders(db: TestDatabase, count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => (db.dialect === 'postgres' ? `$${from + i}` : '?')).join(', ');
}

/** Settles within a few event-loop turns? Used to show a statement is waiting for a connection. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return !settled;
}
