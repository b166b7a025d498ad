/** The monitors on real query events: statements run through the ORM on every test database. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasQueryListeners } from '../../src/core/ground/events.js';
import { ConnectionMonitor, PerformanceMonitor, QueryProfiler } from '../../src/core/monitoring/index.js';
import { AutoField, CharField, IntField, connect, createTables, disconnect, dropTables, getDatabase, model, transaction } from '../../src/index.js';
import { isNativeAvailable } from '../../src/core/executor/native/index.js';
import type { ExecutorKind } from '../../src/core/ground/values.js';
import { testDatabases } from '../support/databases.js';

const Item = model(
  'MonitorItem',
  { id: AutoField(), name: CharField({ maxLength: 40 }), rank: IntField() },
  { tableName: 'monitoring_items' },
);

const ROWS = 30;

const executors: ExecutorKind[] = isNativeAvailable() ? ['js', 'native'] : ['js'];
const targets = testDatabases().flatMap((db) => executors.map((executor) => ({ ...db, executor })));

describe.each(targets)('monitors on $dialect with the $executor executor', ({ url, executor }) => {
  beforeAll(async () => {
    await connect({ databases: { default: url }, executor });
    await dropTables([Item]).catch(() => undefined);
    await createTables([Item]);
    await Item.bulkCreate(Array.from({ length: ROWS }, (_, i) => ({ name: `item ${i}`, rank: i })));
  });
  afterAll(async () => {
    await dropTables([Item]);
    await disconnect();
  });

  it('PerformanceMonitor counts statements, rows, errors and digests while started, and nothing after stop', async () => {
    expect(hasQueryListeners()).toBe(false);
    const monitor = new PerformanceMonitor().start();
    expect(hasQueryListeners()).toBe(true);
    for (let i = 0; i < 5; i++) expect(await Item.filter({ rank__lt: 10 })).toHaveLength(10);
    expect(await Item.filter({ rank__gte: 25 }).count()).toBe(5);
    await expect(getDatabase().query({ sql: 'SELECT * FROM monitoring_no_such_table', params: [] })).rejects.toThrow();

    const m = monitor.getMetrics();
    expect(m.totalQueries).toBe(7);
    expect(m.errors).toBe(1);
    expect(m.rows).toBe(5 * 10 + 1);
    expect(m.cacheHits).toBe(0);
    expect(m.avgQueryTime).toBeGreaterThan(0);
    expect(m.p50).toBeLessThanOrEqual(m.p95);
    expect(m.p95).toBeLessThanOrEqual(m.p99);
    expect(m.p99).toBeLessThanOrEqual(m.maxQueryTime * 1.001);

    const filter = m.digests.find((d) => d.count === 5);
    expect(filter).toBeDefined();
    expect(filter!.sql).toMatch(/^SELECT .*monitoring_items/);
    expect(filter!.rows).toBe(50);
    expect(filter!.maxMs).toBeGreaterThanOrEqual(filter!.avgMs);
    expect(m.digests.find((d) => d.sql.includes('monitoring_no_such_table'))).toMatchObject({ count: 1, errors: 1, rows: 0 });
    expect(m.digests.reduce((n, d) => n + d.count, 0)).toBe(7);

    monitor.stop();
    expect(hasQueryListeners()).toBe(false);
    await Item.all().count();
    expect(monitor.getMetrics().totalQueries).toBe(7);
    monitor.reset();
    expect(monitor.getMetrics()).toMatchObject({ totalQueries: 0, errors: 0, rows: 0, digests: [] });
  });

  it('PerformanceMonitor counts cache hits apart from statements', () => {
    const monitor = new PerformanceMonitor().start();
    getDatabase().emitCached({ sql: 'SELECT 1', params: [] }, 3);
    monitor.stop();
    expect(monitor.getMetrics()).toMatchObject({ totalQueries: 0, cacheHits: 1, rows: 0 });
  });

  it('trackQuery listens only while its work runs and attributes the statements to the name', async () => {
    const monitor = new PerformanceMonitor();
    const created = await monitor.trackQuery('create', async () => {
      expect(hasQueryListeners()).toBe(true);
      return Item.create({ name: 'tracked', rank: 100 });
    });
    expect(hasQueryListeners()).toBe(false);
    expect(created.name).toBe('tracked');
    await monitor.trackQuery('read', async () => {
      await Item.get({ name: 'tracked' });
      await Item.filter({ rank__gte: 100 }).count();
    });
    await expect(monitor.trackQuery('read', () => Item.get({ name: 'missing' }))).rejects.toThrow(/does not exist/);
    const m = monitor.getMetrics();
    expect(m.tracked.create).toMatchObject({ calls: 1, errors: 0 });
    expect(m.tracked.create!.queries).toBeGreaterThanOrEqual(1);
    expect(m.tracked.read).toMatchObject({ calls: 2, errors: 1, queries: 3 });
    expect(m.tracked.read!.avgMs).toBeGreaterThan(0);
    expect(m.totalQueries).toBe(m.tracked.create!.queries + 3);
    await Item.filter({ name: 'tracked' }).delete();
  });

  it('QueryProfiler measures statements and rows of one piece of work', async () => {
    const profiler = new QueryProfiler();
    const rows = await profiler.profile('top ten', () => Item.filter({ rank__lt: 10 }).orderBy('-rank'));
    expect(rows.map((r) => r.rank)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    await profiler.profile('three reads', async () => {
      await Item.filter({ rank: 1 });
      await Item.filter({ rank__in: [2, 3] });
      await Item.all().count();
    });
    await expect(profiler.profile('bad', () => getDatabase().query({ sql: 'SELEC 1', params: [] }))).rejects.toThrow();
    expect(hasQueryListeners()).toBe(false);

    const results = profiler.getResults();
    expect(results['top ten']).toMatchObject({ queries: 1, rows: 10, errors: 0, ok: true });
    expect(results['three reads']).toMatchObject({ queries: 3, rows: 1 + 2 + 1, ok: true });
    expect(results.bad).toMatchObject({ queries: 1, errors: 1, ok: false });
    for (const r of Object.values(results)) {
      expect(r.durationMs).toBeGreaterThan(0);
      expect(r.queryMs).toBeLessThanOrEqual(r.durationMs);
      expect(Number.isFinite(r.memoryDeltaMb)).toBe(true);
    }
  });

  it('ConnectionMonitor reports the pool of every database, with a connection in use inside a transaction', async () => {
    const monitor = new ConnectionMonitor();
    await Item.all().count();
    const idle = monitor.getPoolStatus();
    expect(Object.keys(idle)).toEqual(['default']);
    const s = idle.default!;
    expect(s).toMatchObject({ database: 'default', inUse: 0, waiting: 0 });
    expect(s.total).toBe(s.idle + s.inUse);
    expect(s.available).toBe(s.idle + (s.max - s.total));
    expect(s.max).toBeGreaterThanOrEqual(1);

    const during = await transaction(async () => {
      await Item.filter({ rank: 0 }).count();
      return monitor.getPoolStatus('default');
    });
    expect(during.inUse).toBe(1);
    expect(during.available).toBe(during.idle + (during.max - during.total));
    // The native executor hands the connection back to its pool asynchronously, a moment after commit.
    await vi.waitFor(() => expect(monitor.getPoolStatus('default').inUse).toBe(0), { timeout: 2000 });
    expect(() => monitor.getPoolStatus('replica')).toThrow(/no database named "replica"/);
  });
});
