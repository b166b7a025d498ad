/**
 * connect(url | config): opens every configured database and registers it by name ('default', and any
 * others for `using('replica')`). Settings use the seed's names, camel-cased. A database is given as
 * its URL, or as a URL already parsed (a `DatabaseUrl`), which is then not parsed again.
 */
import { QueryCache } from './query-cache.js';
import { dialects } from '../dialect/dialects.js';
import { UsageError } from '../ground/errors.js';
import { createExecutor, resolveExecutorKind } from '../executor/create-executor.js';
import { DEFAULT_POOL_SETTINGS, NATIVE_RUNTIMES, type NativeRuntime, type PoolSettings } from '../executor/executor.js';
import { type ExecutorKind } from '../ground/values.js';
import { Database } from './database.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../ground/parse-url.js';
import { getDatabase, listDatabases, registerDatabase, unregisterDatabase } from './registry.js';
import { DEFAULT_ROUTING, ReadRouter, Replica, type RoutingSettings } from './read-router.js';
import { checkRouting } from './check-routing.js';
import { forgetWrites } from './read-scope.js';

export interface PerformanceSettings extends PoolSettings {
  queryCacheEnabled: boolean;
  /** Seconds. */
  queryCacheTtl: number;
  queryCacheMaxSize: number;
  /** Milliseconds a statement may run before the server cancels it; 0 = no limit. */
  statementTimeout: number;
  /**
   * Native executor: bytes one result may take before the query fails with RESULT_TOO_LARGE instead
   * of exhausting memory; read larger results with QuerySet.iterator().
   */
  maxResultBytes: number;
  /**
   * Native executor on PostgreSQL and MySQL/MariaDB: 'main' runs its runtime on Node's event loop,
   * 'thread' on a thread of its own (for processes that mostly read large results).
   */
  nativeRuntime: NativeRuntime;
}

export const DEFAULT_PERFORMANCE: PerformanceSettings = Object.freeze({
  ...DEFAULT_POOL_SETTINGS,
  queryCacheEnabled: false,
  queryCacheTtl: 300,
  queryCacheMaxSize: 1000,
  statementTimeout: 0,
  maxResultBytes: 256 * 1024 * 1024,
  nativeRuntime: 'main',
});

export interface OxenConfig {
  databases: Record<string, string>;
  /** Default: native where the addon is built, js otherwise. */
  executor?: ExecutorKind;
  performance?: Partial<PerformanceSettings>;
  /**
   * Modules that export the project's models (paths relative to the config file): what `oxen inspect
   * diff` compares with the database. `connect()` does not read it.
   */
  models?: string | readonly string[];
  /** The folder of migration files (relative to the config file); default `./migrations`. `connect()` does not read it. */
  migrations?: string;
  /**
   * Read replicas of a database, by its name in `databases`: `{ default: [url, …] }`. The ORM's reads
   * go to them as `routing` says (PostgreSQL and MySQL/MariaDB).
   */
  replicas?: Record<string, readonly string[]>;
  routing?: Partial<RoutingSettings>;
}

/** What `connect()` takes: an `OxenConfig`, whose databases may also be given as parsed URLs. */
export interface ConnectConfig extends Omit<OxenConfig, 'databases' | 'replicas'> {
  databases: Record<string, string | DatabaseUrl>;
  replicas?: Record<string, readonly (string | DatabaseUrl)[]>;
}

const PERFORMANCE_KEYS = new Set(Object.keys(DEFAULT_PERFORMANCE));

export async function connect(target: string | ConnectConfig): Promise<Database[]> {
  const config: ConnectConfig = typeof target === 'string' ? { databases: { default: target } } : target;
  if (!config || typeof config !== 'object' || !config.databases || typeof config.databases !== 'object') {
    throw new UsageError('CONFIG_INVALID', 'connect() needs a URL or { databases: { default: URL } }');
  }
  for (const key of Object.keys(config.performance ?? {})) {
    if (!PERFORMANCE_KEYS.has(key)) throw new UsageError('CONFIG_INVALID', `unknown performance setting ${JSON.stringify(key)}; known: ${[...PERFORMANCE_KEYS].join(', ')}`);
  }
  const perf: PerformanceSettings = { ...DEFAULT_PERFORMANCE, ...config.performance };
  if (!Number.isSafeInteger(perf.maxResultBytes) || perf.maxResultBytes < 1) {
    throw new UsageError('CONFIG_INVALID', `performance.maxResultBytes must be a positive whole number of bytes, got ${String(perf.maxResultBytes)}`);
  }
  if (!NATIVE_RUNTIMES.includes(perf.nativeRuntime)) {
    throw new UsageError('CONFIG_INVALID', `performance.nativeRuntime must be 'main' or 'thread', got ${JSON.stringify(perf.nativeRuntime)}`);
  }
  const routing: RoutingSettings = { ...DEFAULT_ROUTING, ...config.routing };
  const replicaUrls = checkRouting(config, routing);
  const { kind } = await resolveExecutorKind(config.executor);
  const options = { maxResultBytes: perf.maxResultBytes, nativeRuntime: perf.nativeRuntime, ...(perf.statementTimeout ? { statementTimeoutMs: perf.statementTimeout } : {}) };
  const open = async (name: string, parsed: DatabaseUrl, cache?: QueryCache): Promise<Database> => {
    const executor = await createExecutor(parsed, perf, kind, options);
    try {
      const dialect = await dialects[executor.dialect].dialect(executor);
      return new Database({ name, executor, dialect, redactedUrl: parsed.redacted, cache });
    } catch (error) {
      await executor.close();
      throw error;
    }
  };
  const opened: Database[] = [];
  try {
    for (const [name, url] of Object.entries(config.databases)) {
      const parsed = typeof url === 'string' ? parseDatabaseUrl(url) : parsedUrl(url);
      if (parsed === undefined) throw new UsageError('CONFIG_INVALID', `databases.${name} must be a connection URL string`);
      const cache = perf.queryCacheEnabled ? new QueryCache({ ttlSeconds: perf.queryCacheTtl, maxSize: perf.queryCacheMaxSize }) : undefined;
      const db = await open(name, parsed, cache);
      opened.push(db);
      const replicas = replicaUrls.get(name);
      if (replicas === undefined) continue;
      // A replica that is down now is not an error: routing skips it until a sample finds it up.
      const members = replicas.map((url, i) => new Replica(`${name}@replica${i + 1}`, url.redacted, () => open(`${name}@replica${i + 1}`, url)));
      db.router = new ReadRouter(db, members, routing, dialects[db.dialect.name].replicaLag!);
      await db.router.start();
    }
  } catch (error) {
    await Promise.allSettled(opened.map((db) => closeDatabase(db)));
    throw error;
  }
  for (const db of opened) {
    const previous = listDatabases().find((d) => d.name === db.name);
    if (previous) await closeDatabase(previous);
    registerDatabase(db);
  }
  return opened;
}

/** A `DatabaseUrl` as `parseDatabaseUrl` returns it, or undefined for anything else. */
function parsedUrl(value: unknown): DatabaseUrl | undefined {
  const url = value as Partial<DatabaseUrl> | null;
  const looksParsed = typeof url === 'object' && url !== null && typeof url.dialect === 'string' && Object.hasOwn(dialects, url.dialect) && typeof url.redacted === 'string';
  return looksParsed ? (url as DatabaseUrl) : undefined;
}

/** Closes one database, or all of them. */
export async function disconnect(name?: string): Promise<void> {
  const dbs = name === undefined ? listDatabases() : [getDatabase(name)];
  for (const db of dbs) {
    unregisterDatabase(db.name);
    await closeDatabase(db);
  }
}

async function closeDatabase(db: Database): Promise<void> {
  forgetWrites(db.name);
  await db.router?.close();
  await db.executor.close();
}
