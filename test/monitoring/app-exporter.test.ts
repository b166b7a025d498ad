/**
 * The app exporter on real query events: statements run through the ORM on every test database
 * show up in `/metrics` (Prometheus text), `/metrics.json`, and in the interval two readings make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInterval, readAppMetrics, serveMetrics, type AppSnapshot, type MetricsServer } from '../../src/core/monitoring/app-exporter/index.js';
import { AutoField, CharField, IntField, getDatabase, model } from '../../src/index.js';
import type { DialectName } from '../../src/core/ground/values.js';
import { LatencyHistogram } from '../../src/core/monitoring/latency-histogram.js';
import { testTargets, useDatabase } from '../support/orm.js';

const Item = model('AppExporterItem', { id: AutoField(), name: CharField({ maxLength: 40 }), rank: IntField() }, { tableName: 'app_exporter_items' });

const ROWS = 20;

/** A statement that takes 300 ms on each server. */
const SLOW_SQL: Partial<Record<DialectName, string>> = {
  postgres: 'SELECT pg_sleep(0.3)',
  mysql: 'SELECT SLEEP(0.3)',
  // SQLite has no sleep: a few million rows of a recursive CTE keep it busy for about as long.
  sqlite: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c',
};

describe.each(testTargets())('app exporter on $label', (target) => {
  useDatabase(target, [Item]);
  let server: MetricsServer;
  const series = { database: 'default', dialect: target.dialect, executor: target.executor };

  beforeAll(async () => {
    server = await serveMetrics({ port: 0 });
    await Item.bulkCreate(Array.from({ length: ROWS }, (_, i) => ({ name: `item ${i}`, rank: i })));
  });
  afterAll(async () => {
    await server.close();
  });

  const scrape = async (): Promise<Prometheus> => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return new Prometheus(await response.text());
  };

  it('counts every statement, failed ones and their durations, per database, dialect and executor', async () => {
    const before = await scrape();
    const n = 25;
    for (let i = 0; i < n - 1; i++) expect(await Item.filter({ rank__lt: 5 })).toHaveLength(5);
    expect(await Item.all().count()).toBe(ROWS);
    const after = await scrape();

    expect(after.value('oxen_queries_total', series) - before.value('oxen_queries_total', series)).toBe(n);
    expect(after.value('oxen_query_errors_total', series)).toBe(before.value('oxen_query_errors_total', series));
    expect(after.value('oxen_query_rows_total', series) - before.value('oxen_query_rows_total', series)).toBe((n - 1) * 5 + 1);
    expect(after.value('oxen_query_duration_seconds_count', series) - before.value('oxen_query_duration_seconds_count', series)).toBe(n);
    expect(after.value('oxen_query_duration_seconds_sum', series)).toBeGreaterThan(before.value('oxen_query_duration_seconds_sum', series));
    expect(after.type('oxen_queries_total')).toBe('counter');
    expect(after.type('oxen_query_duration_seconds')).toBe('histogram');

    // Buckets are cumulative, end with +Inf = _count, and hold every statement this suite ran.
    const buckets = after.all('oxen_query_duration_seconds_bucket', series);
    expect(buckets.map((b) => b.labels.le)).toEqual(['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    expect(buckets.at(-1)!.value).toBe(after.value('oxen_query_duration_seconds_count', series));
    expect(after.value('oxen_queries_total', series)).toBe(after.value('oxen_query_duration_seconds_count', series));

    const sqlError = getDatabase().query({ sql: 'SELECT * FROM app_exporter_no_such_table', params: [] });
    await expect(sqlError).rejects.toThrow();
    await expect(getDatabase().query({ sql: 'SELEC 1', params: [] })).rejects.toThrow();
    const failed = await scrape();
    expect(failed.value('oxen_query_errors_total', series) - after.value('oxen_query_errors_total', series)).toBe(2);
    expect(failed.value('oxen_queries_total', series) - after.value('oxen_queries_total', series)).toBe(2);
  });

  it('serves the pools and prom-client default process metrics', async () => {
    const m = await scrape();
    const db = { database: 'default' };
    expect(m.value('oxen_pool_connections', { ...db, state: 'in_use' })).toBe(0);
    expect(m.value('oxen_pool_connections', { ...db, state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(m.value('oxen_pool_waiting', db)).toBe(0);
    expect(m.value('oxen_pool_max_connections', db)).toBeGreaterThanOrEqual(1);
    expect(m.type('oxen_pool_connections')).toBe('gauge');
    expect(m.value('process_resident_memory_bytes', {})).toBeGreaterThan(1e6);
    expect(m.all('nodejs_heap_size_used_bytes').length).toBe(1);
  });

  it('counts query-cache hits apart from statements', async () => {
    const before = await scrape();
    getDatabase().emitCached({ sql: 'SELECT 1', params: [] }, 1);
    const after = await scrape();
    expect(after.value('oxen_query_cache_hits_total', series) - before.value('oxen_query_cache_hits_total', series)).toBe(1);
    expect(after.value('oxen_queries_total', series)).toBe(before.value('oxen_queries_total', series));
  });

  it('serves a versioned JSON snapshot of the totals, digests, pools and memory', async () => {
    const response = await fetch(`${server.url}/metrics.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const s = (await response.json()) as AppSnapshot;
    expect(s).toMatchObject({ format: 'oxen-app-metrics', version: 1, pid: process.pid });
    expect(s.instance).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(s.startedAt)).toBeLessThanOrEqual(Date.parse(s.takenAt));
    expect(s.queries).toBeGreaterThanOrEqual(27);
    expect(s.errors).toBeGreaterThanOrEqual(2);
    expect(s.cached).toBeGreaterThanOrEqual(1);
    expect(s.digests.reduce((n, d) => n + d.count, 0)).toBe(s.queries);
    const filter = s.digests.find((d) => d.count >= 24 && /SELECT .*app_exporter_items/.test(d.sql));
    expect(filter).toBeDefined();
    expect(filter!.totalMs).toBeGreaterThan(0);
    expect(filter!.maxMs).toBeLessThanOrEqual(filter!.totalMs);
    // Cumulative for the process, so earlier suites' statements of the same text count here too.
    const failed = s.digests.find((d) => d.sql.includes('app_exporter_no_such_table'))!;
    expect(failed.count).toBeGreaterThanOrEqual(1);
    expect(failed.errors).toBe(failed.count);
    expect(s.pools).toEqual([expect.objectContaining({ database: 'default', inUse: 0, waiting: 0 })]);
    expect(s.memory.heapUsed).toBeGreaterThan(0);
    expect(s.memory.rss).toBeGreaterThan(s.memory.heapUsed / 2);
    // The reader checks and returns the same shape.
    expect(await readAppMetrics(server.url, { timeoutMs: 2000 })).toMatchObject({ format: 'oxen-app-metrics', instance: s.instance });
  });

  it('turns two readings around a known load into the interval: count, rates, percentiles, slowest statements', async () => {
    const first = await readAppMetrics(server.url, { timeoutMs: 2000 });
    const load = 40;
    for (let i = 0; i < load; i++) await Item.filter({ rank: i % ROWS }).first();
    await expect(getDatabase().query({ sql: 'SELECT * FROM app_exporter_no_such_table', params: [] })).rejects.toThrow();
    const second = await readAppMetrics(`${server.url}/`, { timeoutMs: 2000 });

    const up = appInterval(first, second);
    expect(up).toMatchObject({ state: 'up', hasRates: true, pid: process.pid, queries: load + 1, errors: 1 });
    const elapsedS = second.uptimeS - first.uptimeS;
    expect(up.queriesPerS).toBeCloseTo((load + 1) / elapsedS, 1);
    expect(up.errorsPerS).toBeGreaterThan(0);
    const l = up.latencyMs!;
    expect(l.p50).toBeGreaterThan(0);
    expect(l.p50).toBeLessThanOrEqual(l.p95);
    expect(l.p95).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeLessThanOrEqual(l.max);
    expect(l.max).toBeLessThanOrEqual(up.slowest.reduce((t, d) => t + d.totalMs, 0) * 1.001 + 0.001);

    const [top, ...rest] = up.slowest;
    expect(up.slowest.reduce((n, d) => n + d.count, 0)).toBe(load + 1);
    const shape = up.slowest.find((d) => d.count === load)!;
    expect(shape.sql).toMatch(/app_exporter_items/);
    expect(shape.meanMs).toBeCloseTo(shape.totalMs / load, 2);
    expect(up.slowest.find((d) => d.sql.includes('no_such_table'))).toMatchObject({ count: 1, errors: 1 });
    for (const d of rest) expect(d.totalMs).toBeLessThanOrEqual(top!.totalMs);
    expect(up.pools).toEqual([expect.objectContaining({ database: 'default', inUse: 0 })]);
    expect(up.heapUsedMb).toBeGreaterThan(1);
    expect(up.rssMb).toBeGreaterThan(up.heapUsedMb / 2);
  });

  it('leaves a slow statement settled before the interval out of its latencies and statements', async () => {
    const slowSql = SLOW_SQL[target.dialect]!;
    const started = performance.now();
    await getDatabase().query({ sql: slowSql, params: [] });
    const wallMs = performance.now() - started;
    const first = await readAppMetrics(server.url, { timeoutMs: 2000 });
    const slowMs = first.digests.find((d) => d.sql === slowSql)!.maxMs;
    expect(wallMs).toBeGreaterThanOrEqual(100);
    // The event's duration is the statement's: SQLite runs it inside the executor call, so a clock
    // started after that call (as Database.observe once did) reported it as nearly free.
    expect(slowMs).toBeGreaterThanOrEqual(wallMs * 0.8);
    for (let i = 0; i < 20; i++) await Item.filter({ rank: i }).count();
    const up = appInterval(first, await readAppMetrics(server.url, { timeoutMs: 2000 }));
    expect(up.queries).toBe(20);
    expect(up.latencyMs!.max).toBeLessThan(slowMs);
    expect(up.slowest.map((d) => d.sql)).not.toContain(slowSql);
    // It is in the cumulative histogram the exporter serves: the subtraction is what left it out.
    const cumulative = new LatencyHistogram({ bitBucketSize: 64 });
    cumulative.addEncoded(first.latency);
    expect(cumulative.summary().max).toBeGreaterThanOrEqual(slowMs * 0.999);
  });

  it('has no rates without a previous reading, after a restart, or when totals went backwards', async () => {
    const first = await readAppMetrics(server.url, { timeoutMs: 2000 });
    await Item.all().count();
    const second = await readAppMetrics(server.url, { timeoutMs: 2000 });
    const none = { hasRates: false, queries: null, errors: null, queriesPerS: null, errorsPerS: null, latencyMs: null, slowest: [] };
    expect(appInterval(undefined, second)).toMatchObject(none);
    expect(appInterval({ ...first, instance: 'an app that since restarted' }, second)).toMatchObject(none);
    expect(appInterval(second, first)).toMatchObject(none);
    expect(appInterval({ ...first, queries: second.queries + 1 }, second)).toMatchObject(none);
    // Without a previous reading the gauges are still there.
    expect(appInterval(undefined, second).pools).toHaveLength(1);
    // A reading with no queries since the previous one: rates of zero, no percentiles.
    const idle = appInterval(second, await readAppMetrics(server.url, { timeoutMs: 2000 }));
    expect(idle).toMatchObject({ hasRates: true, queries: 0, queriesPerS: 0, latencyMs: null, slowest: [] });
  });
});

interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Just enough of the Prometheus text format to read back what the exporter wrote. */
class Prometheus {
  private readonly samples: PromSample[] = [];
  private readonly types = new Map<string, string>();

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) this.types.set(type[1]!, type[2]!);
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) continue;
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
      this.samples.push({ name: m[1]!, labels, value: Number(m[3]) });
    }
  }

  type(name: string): string | undefined {
    return this.types.get(name);
  }

  /** Samples of `name` whose labels include `labels`. */
  all(name: string, labels: Record<string, string> = {}): PromSample[] {
    return this.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  }

  /** The one sample of `name` with exactly `labels`. */
  value(name: string, labels: Record<string, string>): number {
    const found = this.all(name, labels).filter((s) => Object.keys(s.labels).length === Object.keys(labels).length);
    expect(found, `${name}${JSON.stringify(labels)}`).toHaveLength(1);
    return found[0]!.value;
  }
}
