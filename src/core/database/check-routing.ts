/**
 * The `replicas` and `routing` parts of a connect() config, checked before anything is opened: each
 * replica list names a configured database, holds URLs of that database's kind (not SQLite), and the
 * routing settings are what they claim to be.
 */
import { UsageError } from '../ground/errors.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../ground/parse-url.js';
import { dialects } from '../dialect/dialects.js';
import type { RoutingSettings } from './read-router.js';

/** The parts of a connect() config (or a config file) that say where reads may go. */
export interface RoutingConfig {
  readonly databases: Readonly<Record<string, string | DatabaseUrl>>;
  readonly replicas?: Readonly<Record<string, readonly (string | DatabaseUrl)[]>>;
  readonly routing?: Partial<RoutingSettings>;
}

const ROUTING_KEYS = ['reads', 'maxLagMs', 'readYourWritesMs', 'lagSampleMs'] as const;

export function checkRouting(config: RoutingConfig, routing: RoutingSettings): Map<string, DatabaseUrl[]> {
  for (const key of Object.keys(config.routing ?? {})) {
    if (!(ROUTING_KEYS as readonly string[]).includes(key)) throw invalid(`unknown routing setting ${JSON.stringify(key)}; known: ${ROUTING_KEYS.join(', ')}`);
  }
  if (routing.reads !== 'replicas' && routing.reads !== 'primary') throw invalid(`routing.reads must be 'replicas' or 'primary', got ${JSON.stringify(routing.reads)}`);
  for (const key of ['maxLagMs', 'readYourWritesMs'] as const) {
    if (!Number.isFinite(routing[key]) || routing[key] < 0) throw invalid(`routing.${key} must be a number of milliseconds, 0 or more, got ${String(routing[key])}`);
  }
  if (!Number.isFinite(routing.lagSampleMs) || routing.lagSampleMs < 50) throw invalid(`routing.lagSampleMs must be at least 50 milliseconds, got ${String(routing.lagSampleMs)}`);

  const out = new Map<string, DatabaseUrl[]>();
  const replicas = config.replicas ?? {};
  if (typeof replicas !== 'object' || replicas === null) throw invalid('replicas must be { <database name>: [url, …] }');
  for (const [name, urls] of Object.entries(replicas)) {
    const primary = config.databases[name];
    if (primary === undefined) throw invalid(`replicas.${name}: there is no database named ${JSON.stringify(name)}; configured: ${Object.keys(config.databases).join(', ')}`);
    if (!Array.isArray(urls) || urls.length === 0) throw invalid(`replicas.${name} must be a non-empty list of connection URLs`);
    const dialect = typeof primary === 'string' ? parseDatabaseUrl(primary).dialect : primary.dialect;
    if (dialects[dialect].replicaLag === undefined) throw invalid(`replicas.${name}: ${dialect} has no replicas Oxen can route to (PostgreSQL and MySQL/MariaDB do)`);
    const parsed = urls.map((url, i) => {
      const replica = typeof url === 'string' ? parseDatabaseUrl(url) : url;
      if (replica.dialect !== dialect) throw invalid(`replicas.${name}[${i}] is ${replica.dialect} (${replica.redacted}) but ${name} is ${dialect}`);
      return replica;
    });
    out.set(name, parsed);
  }
  return out;
}

function invalid(message: string): UsageError {
  return new UsageError('CONFIG_INVALID', message);
}
