/**
 * Names the configuration loader shares. The configuration's shape is `connect()`'s own `OxenConfig`
 * (src/core/connection/connect.ts): a config file holds exactly what `connect()` takes.
 */
import type { ExecutorKind } from '../ground/values.js';

export type { OxenConfig, PerformanceSettings } from '../database/connect.js';

export const EXECUTOR_KINDS: readonly ExecutorKind[] = ['js', 'native'];

/** File names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES: readonly string[] = ['oxen.config.json', 'oxen.config.js', 'oxen.config.mjs', 'oxen.config.ts', 'oxen.config.mts'];

/** With nothing configured, Oxen uses this SQLite file in the working directory. */
export const DEFAULT_SQLITE_FILE = 'oxen.sqlite';
