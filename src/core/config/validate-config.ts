/**
 * Checks a configuration object read from a file, key by key, so that a mistake is reported as
 * "<file>: <key> <what is wrong>" instead of surfacing later as a failed connection.
 */
import { UsageError } from '../ground/errors.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../ground/parse-url.js';
import { DEFAULT_PERFORMANCE } from '../database/connect.js';
import { NATIVE_RUNTIMES } from '../executor/executor.js';
import { checkRouting } from '../database/check-routing.js';
import { DEFAULT_ROUTING, type RoutingSettings } from '../database/read-router.js';
import { EXECUTOR_KINDS, type OxenConfig, type PerformanceSettings } from './oxen-config.js';

type Check = (value: unknown) => string | undefined;

const positiveInteger: Check = (v) => (Number.isInteger(v) && (v as number) >= 1 ? undefined : 'must be a whole number ≥ 1');
const nonNegativeInteger: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'must be a whole number ≥ 0');
const positiveNumber: Check = (v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? undefined : 'must be a number > 0');
const nonNegativeNumber: Check = (v) =>
  typeof v === 'number' && v >= 0 && Number.isFinite(v) ? undefined : 'must be a number ≥ 0';
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const nativeRuntime: Check = (v) => ((NATIVE_RUNTIMES as readonly unknown[]).includes(v) ? undefined : "must be 'main' or 'thread'");

const PERFORMANCE_CHECKS: Record<keyof PerformanceSettings, Check> = {
  connectionPoolSize: positiveInteger,
  maxOverflow: nonNegativeInteger,
  poolTimeout: positiveNumber,
  poolRecycle: nonNegativeNumber,
  poolPrePing: boolean,
  queryCacheEnabled: boolean,
  queryCacheTtl: positiveNumber,
  queryCacheMaxSize: positiveInteger,
  statementTimeout: nonNegativeNumber,
  maxResultBytes: positiveInteger,
  nativeRuntime,
};

const TOP_LEVEL_KEYS = ['databases', 'executor', 'performance', 'models', 'migrations', 'replicas', 'routing'];

/** `source` names where the object came from (a file name) and starts every message. */
export function validateConfig(input: unknown, source: string): OxenConfig {
  return checkConfig(input, source).config;
}

/** A valid configuration, with its databases' URLs as parsed while checking them. */
export interface CheckedConfig {
  readonly config: OxenConfig;
  readonly urls: Readonly<Record<string, DatabaseUrl>>;
}

/** `validateConfig`, keeping the parsed URLs. */
export function checkConfig(input: unknown, source: string): CheckedConfig {
  const fail = (key: string, problem: string): never => {
    throw new UsageError('CONFIG_INVALID', `${source}: ${key} ${problem}`);
  };
  if (!isPlainObject(input)) fail('the configuration', 'must be an object like { "databases": { "default": "<url>" } }');
  const root = input as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.includes(key)) fail(key, `is not a setting (known: ${TOP_LEVEL_KEYS.join(', ')})`);
  }

  const databases: Record<string, string> = {};
  const urls: Record<string, DatabaseUrl> = {};
  if (root.databases !== undefined) {
    if (!isPlainObject(root.databases)) fail('databases', 'must map names to URLs, e.g. { "default": "sqlite://./oxen.sqlite" }');
    for (const [name, url] of Object.entries(root.databases as Record<string, unknown>)) {
      if (typeof url !== 'string' || url === '') fail(`databases.${name}`, 'must be a connection URL string');
      try {
        urls[name] = parseDatabaseUrl(url as string);
      } catch (error) {
        fail(`databases.${name}`, `is not a valid URL: ${error instanceof Error ? error.message : String(error)}`);
      }
      databases[name] = url as string;
    }
    if (!('default' in databases)) fail('databases', 'must name a "default" database');
  }

  if (root.executor !== undefined && !(EXECUTOR_KINDS as readonly unknown[]).includes(root.executor)) {
    fail('executor', `must be one of ${EXECUTOR_KINDS.join(', ')} (got ${JSON.stringify(root.executor)})`);
  }

  const performance: Partial<Record<keyof PerformanceSettings, unknown>> = {};
  if (root.performance !== undefined) {
    if (!isPlainObject(root.performance)) fail('performance', 'must be an object of settings');
    for (const [key, value] of Object.entries(root.performance as Record<string, unknown>)) {
      const check = PERFORMANCE_CHECKS[key as keyof PerformanceSettings];
      if (check === undefined) fail(`performance.${key}`, unknownSettingHint(key));
      const problem = check(value);
      if (problem !== undefined) fail(`performance.${key}`, `${problem} (got ${JSON.stringify(value)})`);
      performance[key as keyof PerformanceSettings] = value;
    }
  }

  if (root.models !== undefined) {
    const list = Array.isArray(root.models) ? root.models : [root.models];
    if (list.length === 0 || list.some((m) => typeof m !== 'string' || m.trim() === '')) {
      fail('models', 'must be a module path, or a list of them, exporting the models (e.g. "./src/models.ts")');
    }
  }

  if (root.migrations !== undefined && (typeof root.migrations !== 'string' || root.migrations.trim() === '')) {
    fail('migrations', 'must be the folder of migration files, e.g. "./migrations"');
  }

  if (root.replicas !== undefined || root.routing !== undefined) {
    if (root.replicas !== undefined && !isPlainObject(root.replicas)) fail('replicas', 'must map database names to lists of URLs, e.g. { "default": ["postgres://…"] }');
    if (root.routing !== undefined && !isPlainObject(root.routing)) fail('routing', 'must be an object of settings, e.g. { "maxLagMs": 1000 }');
    try {
      const routing = { ...DEFAULT_ROUTING, ...(root.routing as Partial<RoutingSettings>) };
      checkRouting({ databases, replicas: root.replicas as OxenConfig['replicas'], routing: root.routing as Partial<RoutingSettings> }, routing);
    } catch (error) {
      fail('the replicas or routing', `are not valid: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const config: OxenConfig = {
    databases,
    ...(root.executor !== undefined ? { executor: root.executor as OxenConfig['executor'] } : {}),
    ...(root.performance !== undefined ? { performance: performance as Partial<PerformanceSettings> } : {}),
    ...(root.models !== undefined ? { models: root.models as OxenConfig['models'] } : {}),
    ...(root.migrations !== undefined ? { migrations: root.migrations as string } : {}),
    ...(root.replicas !== undefined ? { replicas: root.replicas as OxenConfig['replicas'] } : {}),
    ...(root.routing !== undefined ? { routing: root.routing as OxenConfig['routing'] } : {}),
  };
  return { config, urls };
}

function unknownSettingHint(key: string): string {
  const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if (camel !== key && camel in DEFAULT_PERFORMANCE) return `is not a setting: did you mean ${camel}?`;
  return `is not a setting (known: ${Object.keys(PERFORMANCE_CHECKS).join(', ')})`;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
