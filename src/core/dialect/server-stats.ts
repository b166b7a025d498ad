/**
 * The `serverStats` part of a database's module: how `oxen monitor` reads that server's own
 * statistics. One reading is a `ServerSnapshot` — cumulative counters exactly as the server keeps
 * them, and gauges as they are now. Rates come from diffing two snapshots (monitoring/server-rates.ts),
 * which also handles counters that went backwards (a reset, a restart); the database module only
 * says which counters make the headline figures (`headline`) and how its exporter names them
 * (`prometheus`).
 */
import type { Executor } from '../executor/executor.js';

/** One statement shape's cumulative totals (pg_stat_statements, performance_schema digests). */
export interface StatementTotals {
  /** The server's id for the shape (queryid, DIGEST): stable across readings. */
  readonly id: string;
  /** Normalised text as the server shows it, cut to a few hundred characters. */
  readonly text: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly rows: number;
  /**
   * The shape's totals at the previous reading on this connection, where the module knows them: what
   * the interval is measured from. A snapshot lists only shapes that ran since, so one idle in the
   * previous interval is missing from the previous snapshot; without this it would count from zero.
   */
  readonly previous?: { readonly calls: number; readonly totalMs: number; readonly rows: number };
}

/** A session waiting on a lock, and the sessions holding it up. */
export interface BlockedSession {
  readonly pid: number;
  readonly blockedBy: readonly number[];
  readonly waitingS: number;
  readonly query: string;
  readonly user: string | null;
}

export interface RunningQuery {
  readonly pid: number;
  readonly runningS: number;
  readonly state: string;
  readonly query: string;
  readonly user: string | null;
}

export interface ReplicaLag {
  /** Client address or name of the replica as the primary sees it. */
  readonly name: string;
  readonly state: string;
  /** Seconds of replay lag; null when the server does not say. */
  readonly lagS: number | null;
  readonly lagBytes: number | null;
}

export interface TableActivity {
  readonly table: string;
  readonly liveRows: number;
  readonly deadRows: number;
  /** Cumulative rows inserted + updated + deleted: the differ makes it a rate, to find the busiest. */
  readonly writes: number;
}

export interface ServerSnapshot {
  /** Client clock (ms since the epoch) when the reading was taken. */
  readonly takenAt: number;
  /** When this run of the server started (ISO), if it says: a change means every counter restarted. */
  readonly startedAt: string | null;
  readonly version: string;
  /** Cumulative counters, by name (e.g. xact_commit, blks_hit, questions). */
  readonly counters: Readonly<Record<string, number>>;
  /** Values as they are now, by name (e.g. database_size_bytes, threads_connected, page_count). */
  readonly gauges: Readonly<Record<string, number>>;
  /** Sessions by state: active, idle, idle_in_transaction, waiting (and total). Empty on SQLite. */
  readonly sessions: Readonly<Record<string, number>>;
  /** Per-statement totals; null where the server keeps none (see notes for how to enable them). */
  readonly statements: readonly StatementTotals[] | null;
  readonly blocking: readonly BlockedSession[];
  /** Statements running now, longest first. */
  readonly longRunning: readonly RunningQuery[];
  readonly replicas: readonly ReplicaLag[];
  readonly tables: readonly TableActivity[];
  /** One line each: what could not be read and how to get it (an extension, a grant, a setting). */
  readonly notes: readonly string[];
}

/** Counter deltas per second between two snapshots of one server run, by counter name. */
export type CounterRates = Readonly<Record<string, number>>;

/**
 * The figures the dashboard heads with and alerts read, in one vocabulary across databases. A
 * database without a figure leaves it null (SQLite has no sessions; MySQL has no temp-file counter
 * of the same meaning).
 */
export interface ServerHeadline {
  /** Transactions committed + rolled back per second. */
  readonly tps: number | null;
  /** Statements per second (PostgreSQL: from pg_stat_statements; MySQL: Questions). */
  readonly qps: number | null;
  /** Share of page reads served from memory in the interval, 0..1. */
  readonly cacheHit: number | null;
  readonly deadlocksPerS: number | null;
  readonly tempFilesPerS: number | null;
  readonly slowQueriesPerS: number | null;
  readonly rowLockWaitsPerS: number | null;
  readonly databaseSizeBytes: number | null;
  /** Connections open / the server's limit. */
  readonly connections: number | null;
  readonly maxConnections: number | null;
}

/** One series of a Prometheus exporter: the name postgres_exporter / mysqld_exporter use where they overlap. */
export interface ExporterSeries {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** What the monitor connects with, beyond the executor. */
export interface StatsTarget {
  /** The database the URL names (PostgreSQL/MySQL), or the SQLite file's path. */
  readonly database: string;
  /** Statements running at least this long are listed as long-running. */
  readonly longRunningS: number;
}

export interface ServerStats {
  /** The exporter's "could the server be read" gauge: pg_up, mysql_up (the monitor sets its value). */
  readonly upMetric: string;
  /**
   * Reads one snapshot over `executor` (a pool of one connection the monitor owns). A view the user
   * may not read becomes a note naming the grant, not an error; only a connection failure rejects.
   */
  read(executor: Executor, target: StatsTarget): Promise<ServerSnapshot>;
  /** The headline figures from the interval's counter rates and the newer snapshot's gauges. */
  headline(rates: CounterRates, now: ServerSnapshot): ServerHeadline;
  /** The snapshot as exporter series (cumulative counters stay cumulative: Prometheus takes the rates). */
  prometheus(now: ServerSnapshot, target: StatsTarget): ExporterSeries[];
}
