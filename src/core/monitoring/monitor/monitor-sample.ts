/**
 * What `oxen monitor` produces once per interval: the server's view, the application's view, the
 * flat metric map alerts are written against, and the alerts' state. Renderers (Ink, plain, NDJSON)
 * and `monitor check` read only this. It is also the NDJSON line, so keep it plain data.
 */
import type { BlockedSession, ReplicaLag, RunningQuery, ServerHeadline } from '../../dialect/server-stats.js';
import type { DialectName } from '../../ground/values.js';

/** A source that is down: since when, why, and when the next attempt is due. */
export interface SourceDown {
  readonly state: 'down';
  /** ISO time of the first failed attempt in this outage. */
  readonly since: string;
  /** One line, credentials redacted. */
  readonly error: string;
  readonly nextAttemptAt: string;
}

/** A statement shape's share of the interval. */
export interface IntervalStatement {
  readonly id: string;
  readonly text: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly rows: number;
}

export interface BusyTable {
  readonly table: string;
  readonly writesPerS: number;
  readonly deadRows: number;
  readonly liveRows: number;
}

export interface ServerUp {
  readonly state: 'up';
  /**
   * False for the first reading after (re)connecting or after the server restarted: there is nothing
   * to diff against yet, so rates, headline rates and top statements are null.
   */
  readonly hasRates: boolean;
  /** The counters went backwards since the previous reading (server restart or stats reset). */
  readonly countersReset: boolean;
  readonly uptimeS: number | null;
  readonly headline: ServerHeadline;
  /** Sessions by state (active, idle, idle_in_transaction, waiting, total). */
  readonly sessions: Readonly<Record<string, number>>;
  /** Top statements by time spent in the interval; null where the server keeps none. */
  readonly topStatements: readonly IntervalStatement[] | null;
  readonly blocking: readonly BlockedSession[];
  readonly longRunning: readonly RunningQuery[];
  readonly replicas: readonly ReplicaLag[];
  readonly busyTables: readonly BusyTable[];
  /** Database size change per second over the interval; null without rates. */
  readonly sizeGrowthBytesPerS: number | null;
  /** Raw gauges (page_count, wal_bytes, threads_running, ...) for the details views. */
  readonly gauges: Readonly<Record<string, number>>;
  /** What could not be read and how to get it. */
  readonly notes: readonly string[];
}

export interface ServerView {
  readonly dialect: DialectName;
  /** Redacted. */
  readonly url: string;
  /** Known once it has answered once. */
  readonly version: string | null;
  readonly status: ServerUp | SourceDown;
}

export interface AppPool {
  readonly database: string;
  readonly inUse: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

/** One read replica as the app routes to it (apps with `replicas` configured). */
export interface AppReplica {
  readonly database: string;
  readonly name: string;
  readonly url: string;
  readonly state: string;
  readonly lagMs: number | null;
  /** Its part of the database's reads: over the interval, or since connect on the first reading; null with no reads. */
  readonly readShare: number | null;
}

export interface AppStatement {
  readonly digest: string;
  readonly sql: string;
  readonly count: number;
  readonly errors: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

export interface AppUp {
  readonly state: 'up';
  /** False for the first reading after (re)connecting or after the app restarted. */
  readonly hasRates: boolean;
  readonly pid: number;
  readonly uptimeS: number;
  readonly queriesPerS: number | null;
  readonly errorsPerS: number | null;
  /** Queries and errors in the interval (null without rates). */
  readonly queries: number | null;
  readonly errors: number | null;
  /** Latency percentiles of the interval's queries, in ms; null without rates or with no queries. */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number } | null;
  /** Slowest statement shapes of the interval by total time. */
  readonly slowest: readonly AppStatement[];
  readonly pools: readonly AppPool[];
  readonly replicas: readonly AppReplica[];
  readonly heapUsedMb: number;
  readonly rssMb: number;
}

export interface AppView {
  /** The exporter's base URL (redacted). */
  readonly url: string;
  readonly status: AppUp | SourceDown;
}

export type AlertState = {
  /** The rule as written, e.g. `p95>50ms`. */
  readonly rule: string;
  readonly metric: string;
  /** The metric's value this sample (null: not available, so not firing). */
  readonly value: number | null;
  readonly firing: boolean;
  /** ISO time it started firing, while it fires. */
  readonly since: string | null;
};

export interface MonitorSample {
  /** 1, 2, … */
  readonly seq: number;
  /** ISO time of the sample. */
  readonly at: string;
  /** Seconds since the previous sample (the interval actually measured). */
  readonly elapsedS: number;
  readonly server: ServerView | null;
  readonly app: AppView | null;
  /** The flat metric map alerts are written against (see monitoring/monitor/metrics.ts); null = not available. */
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly alerts: readonly AlertState[];
}
