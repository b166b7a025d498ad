/**
 * Two readings of an app exporter → what happened between them (`AppUp`). The exporter serves only
 * cumulative totals, so the interval is their difference: rates over the monotonic uptime between the
 * readings, latency percentiles from the later histogram minus the earlier one, per-statement deltas.
 * Without a usable earlier reading (the first one, an app restart, totals that went backwards) there
 * are no rates rather than wrong ones.
 */
import { LatencyHistogram } from '../latency-histogram.js';
import { bytesToMb } from '../memory-monitor.js';
import type { AppPool, AppReplica, AppStatement, AppUp } from '../monitor/monitor-sample.js';
import type { AppSnapshot, SnapshotDigest, SnapshotRouting } from './app-snapshot.js';

/** Statement shapes listed per interval. */
export const SLOWEST_STATEMENTS = 10;

export function appInterval(prev: AppSnapshot | undefined, now: AppSnapshot): AppUp {
  const base = {
    state: 'up' as const,
    pid: now.pid,
    uptimeS: round(now.uptimeS, 1),
    pools: now.pools.map((p): AppPool => ({ database: p.database, inUse: p.inUse, idle: p.idle, waiting: p.waiting, max: p.max })),
    replicas: replicaShares(prev?.instance === now.instance ? prev.routing : undefined, now.routing ?? []),
    heapUsedMb: bytesToMb(now.memory.heapUsed),
    rssMb: bytesToMb(now.memory.rss),
  };
  const latency = prev !== undefined && comparable(prev, now) ? intervalLatency(prev, now) : undefined;
  if (prev === undefined || latency === undefined) {
    return { ...base, hasRates: false, queriesPerS: null, errorsPerS: null, queries: null, errors: null, latencyMs: null, slowest: [] };
  }
  const elapsedS = now.uptimeS - prev.uptimeS;
  const queries = now.queries - prev.queries;
  const errors = now.errors - prev.errors;
  const summary = latency.summary();
  return {
    ...base,
    hasRates: true,
    queriesPerS: round(queries / elapsedS, 3),
    errorsPerS: round(errors / elapsedS, 3),
    queries,
    errors,
    latencyMs: summary.count === 0 ? null : { p50: summary.p50, p95: summary.p95, p99: summary.p99, max: summary.max },
    slowest: slowestStatements(prev.digests, now.digests),
  };
}

/** Same process, later in time, and no total went backwards. */
function comparable(prev: AppSnapshot, now: AppSnapshot): boolean {
  return (
    prev.instance === now.instance &&
    now.uptimeS > prev.uptimeS &&
    now.queries >= prev.queries &&
    now.errors >= prev.errors &&
    now.cached >= prev.cached &&
    now.rows >= prev.rows
  );
}

/** The interval's queries alone; undefined when the histograms do not subtract cleanly (not the same history). */
function intervalLatency(prev: AppSnapshot, now: AppSnapshot): LatencyHistogram | undefined {
  const h = new LatencyHistogram({ bitBucketSize: 64 });
  try {
    h.addEncoded(now.latency);
    h.subtractEncoded(prev.latency);
  } catch {
    return undefined;
  }
  return h.count === now.queries - prev.queries ? h : undefined;
}

/**
 * Per statement shape: calls, errors and time in the interval, slowest in total first. `maxMs` is the
 * shape's longest run since the app started, since a cumulative maximum cannot be diffed: exact for
 * the interval when it rose in it, an upper bound otherwise.
 */
function slowestStatements(prev: readonly SnapshotDigest[], now: readonly SnapshotDigest[]): AppStatement[] {
  const before = new Map(prev.map((d) => [d.digest, d]));
  const out: AppStatement[] = [];
  for (const d of now) {
    const p = before.get(d.digest);
    const count = d.count - (p?.count ?? 0);
    if (count <= 0) continue;
    const totalMs = Math.max(0, d.totalMs - (p?.totalMs ?? 0));
    out.push({
      digest: d.digest,
      sql: d.sql,
      count,
      errors: Math.max(0, d.errors - (p?.errors ?? 0)),
      totalMs: round(totalMs, 3),
      meanMs: round(totalMs / count, 3),
      maxMs: d.maxMs,
    });
  }
  return out.sort((a, b) => b.totalMs - a.totalMs).slice(0, SLOWEST_STATEMENTS);
}

/** Each replica's share of its database's reads: since the earlier reading when there is one, else since connect. */
function replicaShares(prev: readonly SnapshotRouting[] | undefined, now: readonly SnapshotRouting[]): AppReplica[] {
  return now.flatMap((db) => {
    const before = prev?.find((p) => p.database === db.database);
    // A count below the earlier reading's means the database was connected afresh: count from zero.
    const since = (now: number, then: number | undefined) => (then !== undefined && now >= then ? now - then : now);
    const readsOf = (name: string) => since(db.replicas.find((r) => r.name === name)!.reads, before?.replicas.find((r) => r.name === name)?.reads);
    const primary = since(db.primaryReads, before?.primaryReads);
    const total = primary + db.replicas.reduce((n, r) => n + readsOf(r.name), 0);
    return db.replicas.map((r) => ({
      database: db.database,
      name: r.name,
      url: r.url,
      state: r.state,
      lagMs: r.lagMs === null ? null : round(r.lagMs, 1),
      readShare: total > 0 ? round(readsOf(r.name) / total, 4) : null,
    }));
  });
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
