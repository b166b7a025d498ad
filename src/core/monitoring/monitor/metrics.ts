/**
 * The metric names `--alert` rules are written against, flattened from a sample. One list, so the
 * alert grammar, the README and `?` help all read the same names and units.
 */
import type { AppPool, AppView, ServerView } from './monitor-sample.js';

export type MetricUnit = 'per_s' | 'ratio' | 'ms' | 's' | 'count' | 'bytes' | 'mb';

export interface MetricInfo {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly source: 'server' | 'app';
  readonly help: string;
}

export const METRICS: readonly MetricInfo[] = [
  { name: 'tps', unit: 'per_s', source: 'server', help: 'transactions committed + rolled back per second' },
  { name: 'qps', unit: 'per_s', source: 'server', help: 'statements per second (PostgreSQL: pg_stat_statements; MySQL: Questions)' },
  { name: 'cache_hit', unit: 'ratio', source: 'server', help: 'share of page reads served from memory in the interval (0..1)' },
  { name: 'connections', unit: 'count', source: 'server', help: 'connections open on the server' },
  { name: 'sessions.active', unit: 'count', source: 'server', help: 'sessions running a statement' },
  { name: 'sessions.idle', unit: 'count', source: 'server', help: 'sessions idle' },
  { name: 'sessions.idle_in_transaction', unit: 'count', source: 'server', help: 'sessions idle inside an open transaction' },
  { name: 'sessions.waiting', unit: 'count', source: 'server', help: 'sessions waiting on a lock' },
  { name: 'blocked', unit: 'count', source: 'server', help: 'sessions blocked by another session' },
  { name: 'longest_query', unit: 's', source: 'server', help: 'seconds the longest statement running now has run' },
  { name: 'deadlocks', unit: 'per_s', source: 'server', help: 'deadlocks per second' },
  { name: 'temp_files', unit: 'per_s', source: 'server', help: 'temporary files written per second (PostgreSQL)' },
  { name: 'slow_queries', unit: 'per_s', source: 'server', help: 'slow queries per second (MySQL)' },
  { name: 'row_lock_waits', unit: 'per_s', source: 'server', help: 'InnoDB row lock waits per second (MySQL)' },
  { name: 'db_size', unit: 'bytes', source: 'server', help: 'database size (SQLite: the file)' },
  { name: 'db_growth', unit: 'bytes', source: 'server', help: 'database size growth per second' },
  { name: 'replication_lag', unit: 's', source: 'server', help: 'largest replica lag, seconds' },
  { name: 'server.up', unit: 'count', source: 'server', help: '1 when the server answered this sample, else 0' },
  { name: 'app.qps', unit: 'per_s', source: 'app', help: "the application's queries per second" },
  { name: 'errors', unit: 'per_s', source: 'app', help: "the application's failed queries per second" },
  { name: 'p50', unit: 'ms', source: 'app', help: 'median query latency in the interval' },
  { name: 'p95', unit: 'ms', source: 'app', help: '95th percentile query latency in the interval' },
  { name: 'p99', unit: 'ms', source: 'app', help: '99th percentile query latency in the interval' },
  { name: 'pool.in_use', unit: 'count', source: 'app', help: 'connections in use, all pools' },
  { name: 'pool.idle', unit: 'count', source: 'app', help: 'idle connections, all pools' },
  { name: 'pool.waiting', unit: 'count', source: 'app', help: 'callers waiting for a connection, all pools' },
  { name: 'heap', unit: 'mb', source: 'app', help: "the application's V8 heap used, MB" },
  { name: 'rss', unit: 'mb', source: 'app', help: "the application's resident memory, MB" },
  { name: 'app.up', unit: 'count', source: 'app', help: '1 when the app exporter answered this sample, else 0' },
];

export const METRIC_NAMES: ReadonlySet<string> = new Set(METRICS.map((m) => m.name));

/** The flat map of one sample; a metric the sources did not give is null. */
export function flattenMetrics(server: ServerView | null, app: AppView | null): Record<string, number | null> {
  const out: Record<string, number | null> = Object.fromEntries(METRICS.map((m) => [m.name, null]));
  if (server) {
    out['server.up'] = server.status.state === 'up' ? 1 : 0;
    if (server.status.state === 'up') {
      const s = server.status;
      const h = s.headline;
      out.tps = h.tps;
      out.qps = h.qps;
      out.cache_hit = h.cacheHit;
      out.connections = h.connections;
      for (const state of ['active', 'idle', 'idle_in_transaction', 'waiting']) out[`sessions.${state}`] = s.sessions[state] ?? null;
      out.blocked = s.blocking.length;
      out.longest_query = s.longRunning.length > 0 ? Math.max(...s.longRunning.map((q) => q.runningS)) : 0;
      out.deadlocks = h.deadlocksPerS;
      out.temp_files = h.tempFilesPerS;
      out.slow_queries = h.slowQueriesPerS;
      out.row_lock_waits = h.rowLockWaitsPerS;
      out.db_size = h.databaseSizeBytes;
      out.db_growth = s.sizeGrowthBytesPerS;
      const lags = s.replicas.map((r) => r.lagS).filter((l): l is number => l !== null);
      out.replication_lag = lags.length > 0 ? Math.max(...lags) : null;
    }
  }
  if (app) {
    out['app.up'] = app.status.state === 'up' ? 1 : 0;
    if (app.status.state === 'up') {
      const a = app.status;
      out['app.qps'] = a.queriesPerS;
      out.errors = a.errorsPerS;
      out.p50 = a.latencyMs?.p50 ?? null;
      out.p95 = a.latencyMs?.p95 ?? null;
      out.p99 = a.latencyMs?.p99 ?? null;
      const sum = (pick: (p: AppPool) => number): number => a.pools.reduce((n, p) => n + pick(p), 0);
      out['pool.in_use'] = sum((p) => p.inUse);
      out['pool.idle'] = sum((p) => p.idle);
      out['pool.waiting'] = sum((p) => p.waiting);
      out.heap = a.heapUsedMb;
      out.rss = a.rssMb;
    }
  }
  return out;
}
