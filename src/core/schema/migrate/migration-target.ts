/**
 * What every `oxen migrate` command starts from: the folder of migration files (`--dir`, else the
 * config's `migrations` entry relative to the config file, else `./migrations`), and a connection of
 * its own to the database with the dialect object the runner compiles for.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { dialects } from '../../dialect/dialects.js';
import type { Dialect } from '../../dialect/dialect.js';
import { createExecutor, resolveExecutorKind } from '../../executor/create-executor.js';
import type { Executor, PoolSettings } from '../../executor/executor.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { ExecutorKind } from '../../ground/values.js';

export const DEFAULT_MIGRATIONS_DIR = 'migrations';

/** Two connections: the runner pins one for the lock and its transactions; the other stays free for reads. */
const POOL: PoolSettings = { connectionPoolSize: 2, maxOverflow: 0, poolTimeout: 30, poolRecycle: 0, poolPrePing: false };

export function migrationsDir(flag: string | undefined, configured: string | undefined, configFile: string | undefined, cwd: string): string {
  if (flag !== undefined) return isAbsolute(flag) ? flag : resolve(cwd, flag);
  if (configured !== undefined) return isAbsolute(configured) ? configured : resolve(configFile ? dirname(configFile) : cwd, configured);
  return resolve(cwd, DEFAULT_MIGRATIONS_DIR);
}

export interface MigrationTarget {
  readonly executor: Executor;
  readonly dialect: Dialect;
  /** The URL as it may be shown. */
  readonly url: string;
  close(): Promise<void>;
}

export async function openMigrationTarget(url: DatabaseUrl, kind?: ExecutorKind): Promise<MigrationTarget> {
  const executor = await createExecutor(url, POOL, kind ?? (await resolveExecutorKind(undefined)).kind);
  try {
    const dialect = await dialects[url.dialect].dialect(executor);
    return { executor, dialect, url: url.redacted, close: () => executor.close() };
  } catch (error) {
    await executor.close().catch(() => {});
    throw error;
  }
}
