/**
 * Where each setting comes from: command-line flags first, then the environment, then the config
 * file, then the built-in default (the embedded SQLite file). Every value remembers its source so
 * `oxen doctor` can say why it is in force.
 */
import { resolve } from 'node:path';
import { UsageError } from '../ground/errors.js';
import type { ExecutorKind } from '../ground/values.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../ground/parse-url.js';
import { findConfigFile, loadConfigFile } from './load-config-file.js';
import { DEFAULT_SQLITE_FILE, EXECUTOR_KINDS, type OxenConfig } from './oxen-config.js';
import { checkConfig } from './validate-config.js';

export interface ConfigOverrides {
  /** `--url`: the default database. */
  readonly url?: string;
  /** `--executor`. */
  readonly executor?: string;
  /** `--config`: a config file to use instead of looking in the working directory. */
  readonly config?: string;
  /** `--replica` (repeatable): read replicas of the default database, replacing the config file's. */
  readonly replica?: readonly string[];
}

/** e.g. `--url`, `OXEN_DATABASE_URL`, `oxen.config.json`, `default`. */
export type ConfigSource = string;

export interface ResolvedConfig {
  /** Ready for `connect()`. */
  readonly config: OxenConfig;
  /**
   * Each database's URL parsed, by name: what the commands hand on instead of parsing
   * `config.databases` again. The built-in default is parsed when first read (a benchmark may
   * use a temporary database instead, and never read it).
   */
  readonly urls: Readonly<Record<string, DatabaseUrl>>;
  /** Absolute path of the config file read, if any. */
  readonly file: string | undefined;
  readonly sources: {
    readonly databases: Readonly<Record<string, ConfigSource>>;
    readonly executor: ConfigSource | undefined;
  };
}

export interface ResolveOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export async function resolveConfig(overrides: ConfigOverrides = {}, options: ResolveOptions = {}): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();

  const filePath = nonEmpty(overrides.config) ?? nonEmpty(env.OXEN_CONFIG) ?? findConfigFile(cwd);
  const loaded = filePath === undefined ? undefined : await loadConfigFile(filePath, cwd);
  const fileName = loaded === undefined ? undefined : relativeName(loaded.path, cwd);
  const checked = loaded === undefined ? undefined : checkConfig(loaded.content, fileName as string);
  const fromFile = checked?.config;

  const databases: Record<string, string> = { ...(fromFile?.databases ?? {}) };
  const urls: Record<string, DatabaseUrl> = { ...(checked?.urls ?? {}) };
  const dbSources: Record<string, ConfigSource> = Object.fromEntries(Object.keys(databases).map((n) => [n, fileName as string]));
  const urlOverride = pick([overrides.url, '--url'], [env.OXEN_DATABASE_URL, 'OXEN_DATABASE_URL']);
  if (urlOverride !== undefined) {
    urls.default = checkUrl(urlOverride.value, urlOverride.source);
    databases.default = urlOverride.value;
    dbSources.default = urlOverride.source;
  } else if (databases.default === undefined) {
    const url = `sqlite://${resolve(cwd, DEFAULT_SQLITE_FILE)}`;
    databases.default = url;
    dbSources.default = 'default';
    let parsed: DatabaseUrl | undefined;
    Object.defineProperty(urls, 'default', { enumerable: true, configurable: true, get: () => (parsed ??= parseDatabaseUrl(url)) });
  }

  const executorPick = pick([overrides.executor, '--executor'], [env.OXEN_EXECUTOR, 'OXEN_EXECUTOR']);
  let executor = fromFile?.executor;
  let executorSource = executor === undefined ? undefined : fileName;
  if (executorPick !== undefined) {
    if (!(EXECUTOR_KINDS as readonly string[]).includes(executorPick.value)) {
      throw new UsageError('CONFIG_INVALID', `${executorPick.source}=${executorPick.value} is not an executor: use ${EXECUTOR_KINDS.join(' or ')}`);
    }
    executor = executorPick.value as ExecutorKind;
    executorSource = executorPick.source;
  }

  // The file's replicas of `default` belong to the file's `default`: a --url elsewhere drops them.
  const replicas: Record<string, readonly string[]> = { ...(fromFile?.replicas ?? {}) };
  if (urlOverride !== undefined) delete replicas.default;
  if (overrides.replica !== undefined && overrides.replica.length > 0) {
    for (const url of overrides.replica) checkUrl(url, '--replica');
    replicas.default = overrides.replica;
  }

  return {
    config: {
      databases,
      ...(executor !== undefined ? { executor } : {}),
      ...(Object.keys(replicas).length > 0 ? { replicas } : {}),
      ...(fromFile?.routing !== undefined ? { routing: fromFile.routing } : {}),
      ...(fromFile?.performance !== undefined ? { performance: fromFile.performance } : {}),
      ...(fromFile?.models !== undefined ? { models: fromFile.models } : {}),
      ...(fromFile?.migrations !== undefined ? { migrations: fromFile.migrations } : {}),
    },
    urls,
    file: loaded?.path,
    sources: { databases: dbSources, executor: executorSource },
  };
}

function checkUrl(url: string, source: string): DatabaseUrl {
  try {
    return parseDatabaseUrl(url);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.code, `${source}: ${error.message}`, { cause: error });
    throw error;
  }
}

function pick(...candidates: [string | undefined, string][]): { value: string; source: string } | undefined {
  for (const [value, source] of candidates) {
    if (nonEmpty(value) !== undefined) return { value: value as string, source };
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function relativeName(path: string, cwd: string): string {
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
