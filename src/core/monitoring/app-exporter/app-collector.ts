/**
 * The app exporter's one collector per process: totals of every query event since it was first
 * created, kept across exporters opening and closing so counters never go backwards within one
 * `instance`. It listens to the event bus only while some exporter or handler holds it.
 *
 * The hot path (`record`) does only increments, one latency tally, one digest-table record and one
 * bucket count; everything Prometheus or the JSON snapshot need is derived when they are read.
 */
import { randomUUID } from 'node:crypto';
import { listDatabases } from '../../database/registry.js';
import type { QueryEvent } from '../../ground/events.js';
import type { DialectName, ExecutorKind } from '../../ground/values.js';
import { ConnectionMonitor } from '../connection-monitor.js';
import { DigestTable } from '../digest-table.js';
import { EventSubscription } from '../event-subscription.js';
import { LatencyHistogram, LatencyTally } from '../latency-histogram.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type AppSnapshot, type SnapshotPool, type SnapshotRouting } from './app-snapshot.js';
import { BUCKET_SLOTS, bucketSlot } from './duration-buckets.js';

/** Statement shapes kept apart; more are summed under one row, so memory stays bounded. */
const MAX_DIGESTS = 500;
/** SQL text served per digest: enough to recognise a statement, bounded for a generated IN (…) list. */
const MAX_SQL_CHARS = 2000;

/** The totals of one Prometheus label set (database, dialect, executor). */
export class QuerySeries {
  queries = 0;
  errors = 0;
  cached = 0;
  rows = 0;
  sumNs = 0;
  /** Per-bucket (not cumulative) counts; the last slot is +Inf. */
  readonly buckets = new Float64Array(BUCKET_SLOTS);

  constructor(
    readonly database: string,
    readonly dialect: DialectName,
    readonly executor: ExecutorKind,
  ) {}
}

export class AppCollector {
  readonly instance = randomUUID();
  private readonly byDatabase = new Map<string, QuerySeries[]>();
  /** Consecutive events nearly always share their labels: compare three strings, no key built. */
  private last: QuerySeries | undefined;
  /** 64-bit counts: cumulative for the process's life, and carried to readers that add and subtract them. */
  private readonly latency = new LatencyHistogram({ bitBucketSize: 64 });
  private readonly tally = new LatencyTally();
  private readonly digests = new DigestTable(MAX_DIGESTS);
  private readonly subscription = new EventSubscription((event) => this.record(event));
  private readonly connections = new ConnectionMonitor();

  get listening(): boolean {
    return this.subscription.active;
  }

  /** Listen while held; the returned release is idempotent. */
  hold(): () => void {
    return this.subscription.hold();
  }

  record(event: QueryEvent): void {
    const s = this.seriesOf(event);
    if (event.cached === true) {
      s.cached++;
      return;
    }
    const ns = event.durationNs;
    s.queries++;
    if (event.error !== undefined) s.errors++;
    s.rows += event.rows;
    s.sumNs += ns;
    s.buckets[bucketSlot(ns)]!++;
    this.tally.recordNs(ns);
    this.digests.record(event);
  }

  series(): QuerySeries[] {
    return [...this.byDatabase.values()].flat();
  }

  /** Pool status of every connected database now; one that cannot answer (closing) is left out. */
  pools(): SnapshotPool[] {
    const out: SnapshotPool[] = [];
    for (const db of listDatabases()) {
      try {
        const p = this.connections.getPoolStatus(db.name);
        out.push({ database: p.database, total: p.total, inUse: p.inUse, idle: p.idle, waiting: p.waiting, max: p.max });
      } catch {
        continue;
      }
    }
    return out;
  }

  /** Read routing of every connected database that has replicas. */
  routing(): SnapshotRouting[] {
    return listDatabases().flatMap((db) => {
      const status = db.router?.status();
      if (status === undefined) return [];
      const replicas = status.replicas.map((r) => ({ name: r.name, url: r.url, state: r.state, lagMs: r.lagMs, reads: r.reads }));
      return [{ database: status.database, primaryReads: status.primaryReads, replicas }];
    });
  }

  snapshot(): AppSnapshot {
    const totals = { queries: 0, errors: 0, cached: 0, rows: 0 };
    for (const s of this.series()) {
      totals.queries += s.queries;
      totals.errors += s.errors;
      totals.cached += s.cached;
      totals.rows += s.rows;
    }
    const memory = process.memoryUsage();
    this.tally.flushInto(this.latency);
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      instance: this.instance,
      pid: process.pid,
      startedAt: new Date(performance.timeOrigin).toISOString(),
      takenAt: new Date().toISOString(),
      uptimeS: performance.now() / 1000,
      ...totals,
      latency: this.latency.encode(),
      digests: this.digests.rows().map((d) => ({
        digest: d.digest,
        sql: d.sql.length > MAX_SQL_CHARS ? `${d.sql.slice(0, MAX_SQL_CHARS - 1)}…` : d.sql,
        count: d.count,
        errors: d.errors,
        totalMs: d.totalMs,
        maxMs: d.maxMs,
        rows: d.rows,
      })),
      pools: this.pools(),
      memory: { heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, rss: memory.rss },
      routing: this.routing(),
    };
  }

  private seriesOf(event: QueryEvent): QuerySeries {
    const last = this.last;
    if (last !== undefined && last.database === event.database && last.dialect === event.dialect && last.executor === event.executor) return last;
    let list = this.byDatabase.get(event.database);
    if (list === undefined) this.byDatabase.set(event.database, (list = []));
    let s = list.find((x) => x.dialect === event.dialect && x.executor === event.executor);
    if (s === undefined) list.push((s = new QuerySeries(event.database, event.dialect, event.executor)));
    return (this.last = s);
  }
}

let shared: AppCollector | undefined;

/** The process's collector, created on first use (so merely importing Oxen costs nothing). */
export function appCollector(): AppCollector {
  return (shared ??= new AppCollector());
}
