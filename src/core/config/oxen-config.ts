/**
 * The configuration `connect()` takes, and the shape of `oxen.config.{json,js,mjs}`. Setting names
 * follow the seed (connection_pool_size, query_cache_ttl, ...), camel-cased.
 */
import { DEFAULT_POOL_SETTINGS, type ExecutorKind, type PoolSettings } from '../executor/executor.js';

export interface QueryCacheSettings {
  /** Off by default: a cache hides writes made outside Oxen. */
  readonly queryCacheEnabled: boolean;
  /** Seconds a cached result stays valid. */
  readonly queryCacheTtl: number;
  /** Cached results kept before the least recently used is evicted. */
  readonly queryCacheMaxSize: number;
}

export interface PerformanceSettings extends PoolSettings, QueryCacheSettings {}

export interface OxenConfig {
  /** Connection URLs by name; `default` is the one queries use unless told otherwise. */
  readonly databases: Readonly<Record<string, string>>;
  /** Absent: `native` where the addon is built, `js` otherwise. */
  readonly executor?: ExecutorKind;
  readonly performance?: Partial<PerformanceSettings>;
}

export const DEFAULT_PERFORMANCE_SETTINGS: PerformanceSettings = Object.freeze({
  ...DEFAULT_POOL_SETTINGS,
  queryCacheEnabled: false,
  queryCacheTtl: 300,
  queryCacheMaxSize: 1000,
});

export const EXECUTOR_KINDS: readonly ExecutorKind[] = ['js', 'native'];

/** File names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES: readonly string[] = ['oxen.config.json', 'oxen.config.js', 'oxen.config.mjs'];

/** With nothing configured, Oxen uses this SQLite file in the working directory. */
export const DEFAULT_SQLITE_FILE = 'oxen.sqlite';
