/**
 * The exporter's Prometheus text: a dedicated Registry (never prom-client's global one, which the
 * app may own) holding prom-client's default process metrics and Oxen's series. Oxen's series are
 * computed from the collector when scraped, not updated per query: prom-client's `inc()`/`observe()`
 * hash the labels on every call, which the hot path cannot afford.
 */
import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';
import type { Registry } from 'prom-client';
import type { AppCollector, QuerySeries } from './app-collector.js';
import { DURATION_BUCKETS_S } from './duration-buckets.js';

// Loaded on first use: importing Oxen need not pay ~40 ms for an exporter the app may never start.
let promModule: typeof PromClient | undefined;
export const promClient = (): typeof PromClient => (promModule ??= createRequire(import.meta.url)('prom-client') as typeof PromClient);

export function prometheusContentType(): string {
  return promClient().Registry.PROMETHEUS_CONTENT_TYPE;
}

interface ScrapedValue {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  /** A histogram's `_bucket`, `_sum` and `_count` lines share one metric. */
  readonly metricName?: string;
}

type RegistryMetric = Parameters<Registry['registerMetric']>[0];

/**
 * A metric whose values a function computes at scrape time. The Registry formats whatever a
 * metric's `get()` returns ({ name, help, type, values }); prom-client's types only admit its own
 * classes, hence the one cast.
 */
function scraped(name: string, type: 'counter' | 'gauge' | 'histogram', help: string, values: () => ScrapedValue[]): RegistryMetric {
  return {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
    // The values are the collector's running totals: a registry reset must not rewrite them.
    reset: () => undefined,
  } as unknown as RegistryMetric;
}

let registry: Registry | undefined;

/**
 * The process's registry, built on first use. Once: the default metrics install a GC observer and
 * an event-loop delay monitor that prom-client offers no way to remove, so building another would
 * only add a second set.
 */
export function prometheusRegistry(collector: AppCollector): Registry {
  return (registry ??= buildRegistry(collector));
}

function buildRegistry(collector: AppCollector): Registry {
  const { Registry: PromRegistry, collectDefaultMetrics } = promClient();
  const r = new PromRegistry();
  collectDefaultMetrics({ register: r });
  const perSeries = (value: (s: QuerySeries) => number) => (): ScrapedValue[] => collector.series().map((s) => ({ labels: labelsOf(s), value: value(s) }));
  const metrics = [
    scraped('oxen_queries_total', 'counter', 'Statements Oxen ran (failed ones included; query-cache hits not).', perSeries((s) => s.queries)),
    scraped('oxen_query_errors_total', 'counter', 'Statements that failed.', perSeries((s) => s.errors)),
    scraped('oxen_query_cache_hits_total', 'counter', "Queries answered from Oxen's query cache without a statement.", perSeries((s) => s.cached)),
    scraped('oxen_query_rows_total', 'counter', 'Rows returned or affected by statements.', perSeries((s) => s.rows)),
    scraped('oxen_query_duration_seconds', 'histogram', 'Time from sending a statement to its result, seconds.', () => collector.series().flatMap(histogramValues)),
    scraped('oxen_pool_connections', 'gauge', 'Connections open in the pool, by state.', () =>
      collector.pools().flatMap((p) => [
        { labels: { database: p.database, state: 'in_use' }, value: p.inUse },
        { labels: { database: p.database, state: 'idle' }, value: p.idle },
      ]),
    ),
    scraped('oxen_pool_waiting', 'gauge', 'Callers queued for a connection.', () => collector.pools().map((p) => ({ labels: { database: p.database }, value: p.waiting }))),
    scraped('oxen_pool_max_connections', 'gauge', 'Most connections the pool will open (size plus overflow).', () =>
      collector.pools().map((p) => ({ labels: { database: p.database }, value: p.max })),
    ),
    scraped('oxen_routed_reads_total', 'counter', 'ORM reads of a database with replicas, by where they went (primary, or a replica by name).', () =>
      collector.routing().flatMap((d) => [
        { labels: { database: d.database, target: 'primary' }, value: d.primaryReads },
        ...d.replicas.map((r) => ({ labels: { database: d.database, target: r.name }, value: r.reads })),
      ]),
    ),
    scraped('oxen_replica_lag_seconds', 'gauge', "A replica's lag behind its primary at the last sample (absent while unknown).", () =>
      collector.routing().flatMap((d) => d.replicas.filter((r) => r.lagMs !== null).map((r) => ({ labels: { database: d.database, replica: r.name }, value: r.lagMs! / 1000 }))),
    ),
    scraped('oxen_replica_routable', 'gauge', '1 while reads may go to the replica (healthy, or not a replica), 0 while it is lagging, down or not sampled yet.', () =>
      collector.routing().flatMap((d) => d.replicas.map((r) => ({ labels: { database: d.database, replica: r.name }, value: r.state === 'healthy' || r.state === 'not-a-replica' ? 1 : 0 }))),
    ),
  ];
  for (const m of metrics) r.registerMetric(m);
  return r;
}

function labelsOf(s: QuerySeries): Record<string, string> {
  return { database: s.database, dialect: s.dialect, executor: s.executor };
}

function histogramValues(s: QuerySeries): ScrapedValue[] {
  const labels = labelsOf(s);
  const out: ScrapedValue[] = [];
  let cumulative = 0;
  DURATION_BUCKETS_S.forEach((le, i) => {
    cumulative += s.buckets[i]!;
    out.push({ metricName: 'oxen_query_duration_seconds_bucket', labels: { ...labels, le }, value: cumulative });
  });
  out.push(
    { metricName: 'oxen_query_duration_seconds_bucket', labels: { ...labels, le: '+Inf' }, value: s.queries },
    { metricName: 'oxen_query_duration_seconds_sum', labels, value: s.sumNs / 1e9 },
    { metricName: 'oxen_query_duration_seconds_count', labels, value: s.queries },
  );
  return out;
}
