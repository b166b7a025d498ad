/** The differ on its own: two readings in, one interval out. Readings from real servers are in server-stats tests. */
import { describe, expect, it } from 'vitest';
import type { CounterRates, ServerHeadline, ServerSnapshot, ServerStats } from '../../src/core/dialect/server-stats.js';
import { serverInterval } from '../../src/core/monitoring/monitor/server-interval.js';

const headlineOf = (rates: CounterRates, now: ServerSnapshot): ServerHeadline => ({
  tps: rates.xact === undefined ? null : rates.xact,
  qps: null,
  cacheHit: rates.hit === undefined ? null : rates.hit / (rates.hit + (rates.miss ?? 0)),
  deadlocksPerS: null,
  tempFilesPerS: null,
  slowQueriesPerS: null,
  rowLockWaitsPerS: null,
  databaseSizeBytes: now.gauges.database_size_bytes ?? null,
  connections: null,
  maxConnections: null,
});
const stats: ServerStats = { upMetric: 'test_up', read: async () => { throw new Error('not read here'); }, headline: headlineOf, prometheus: () => [] };

function snapshot(at: number, counters: Record<string, number>, extra: Partial<ServerSnapshot> = {}): ServerSnapshot {
  return {
    takenAt: at, startedAt: '2026-01-01T00:00:00.000Z', version: 'x', counters, gauges: { database_size_bytes: 1000 }, sessions: {},
    statements: null, blocking: [], longRunning: [], replicas: [], tables: [], notes: [], ...extra,
  };
}

describe('serverInterval', () => {
  it('turns counter deltas into per-second rates', () => {
    const out = serverInterval(stats, snapshot(0, { xact: 100, hit: 90, miss: 10 }), snapshot(2000, { xact: 300, hit: 270, miss: 30 }, { gauges: { database_size_bytes: 3000 } }));
    expect(out).toMatchObject({ hasRates: true, countersReset: false });
    expect(out.headline.tps).toBe(100);
    expect(out.headline.cacheHit).toBeCloseTo(0.9);
    expect(out.sizeGrowthBytesPerS).toBe(1000);
  });

  it('never gives a negative rate when a counter was reset: the new value is the increase since', () => {
    const out = serverInterval(stats, snapshot(0, { xact: 5000, hit: 1 }), snapshot(1000, { xact: 40, hit: 2 }));
    expect(out.countersReset).toBe(true);
    expect(out.headline.tps).toBe(40);
  });

  it('starts over after a restart: no rates from the first reading of a new server run', () => {
    const out = serverInterval(stats, snapshot(0, { xact: 5000 }), snapshot(1000, { xact: 10 }, { startedAt: '2026-01-01T01:00:00.000Z' }));
    expect(out).toMatchObject({ hasRates: false, countersReset: true });
    expect(out.headline.tps).toBeNull();
    expect(out.headline.databaseSizeBytes).toBe(1000);
  });

  it('ranks statements by time spent in the interval, counting shapes new or reset since the last reading from zero', () => {
    const before = snapshot(0, {}, { statements: [
      { id: 'a', text: 'SELECT a', calls: 100, totalMs: 1000, rows: 100 },
      { id: 'b', text: 'SELECT b', calls: 50, totalMs: 10, rows: 50 },
      { id: 'c', text: 'SELECT c', calls: 900, totalMs: 900, rows: 0 },
    ] });
    const after = snapshot(1000, {}, { statements: [
      { id: 'a', text: 'SELECT a', calls: 110, totalMs: 1010, rows: 110 },
      { id: 'b', text: 'SELECT b', calls: 150, totalMs: 510, rows: 150 },
      { id: 'c', text: 'SELECT c', calls: 3, totalMs: 30, rows: 0 },
      { id: 'd', text: 'SELECT d', calls: 1, totalMs: 0.5, rows: 1 },
    ] });
    const out = serverInterval(stats, before, after);
    expect(out.topStatements!.map((s) => [s.id, s.calls, s.totalMs])).toEqual([
      ['b', 100, 500],
      ['c', 3, 30],
      ['a', 10, 10],
      ['d', 1, 0.5],
    ]);
    expect(out.topStatements![0]!.meanMs).toBe(5);
  });

  it('measures a shape from the totals the module gives for the previous reading, when the previous snapshot lacks it', () => {
    const before = snapshot(0, {}, { statements: [] });
    const after = snapshot(1000, {}, { statements: [
      { id: 'idle-then-busy', text: 'SELECT x', calls: 1007, totalMs: 5070, rows: 1007, previous: { calls: 1000, totalMs: 5000, rows: 1000 } },
    ] });
    expect(serverInterval(stats, before, after).topStatements).toEqual([{ id: 'idle-then-busy', text: 'SELECT x', calls: 7, totalMs: 70, meanMs: 10, rows: 7 }]);
  });

  it('keeps the first reading as a baseline with gauges but no rates', () => {
    const out = serverInterval(stats, undefined, snapshot(0, { xact: 1 }, { statements: [] }));
    expect(out).toMatchObject({ hasRates: false, countersReset: false, topStatements: [], sizeGrowthBytesPerS: null });
  });
});
