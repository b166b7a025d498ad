/**
 * How `oxen monitor` reads a MySQL/MariaDB server: its global status counters, the client sessions and
 * lock waits, statement digests and table writes from performance_schema where it is on, and its own
 * lag when it is a replica. Each part that cannot be read becomes a note; the rest still comes.
 */
import type { ServerHeadline, ServerSnapshot, ServerStats } from '../server-stats.js';
import { gaugeOf, hitRatio, rateOf, statementsRunBy, withoutMonitor } from '../server-stats-values.js';
import { mysqlSeries } from './stats-exporter.js';
import { readPerformanceSchema } from './stats-performance-schema.js';
import { readReplica } from './stats-replica.js';
import { readSessions } from './stats-sessions.js';
import { readStatus } from './stats-status.js';

export const mysqlServerStats: ServerStats = {
  upMetric: 'mysql_up',

  async read(executor, target): Promise<ServerSnapshot> {
    const version = await executor.serverVersion();
    const mariadb = /mariadb/i.test(version);
    const takenAt = Date.now();
    // Counted before this reading's statements, so an interval holds exactly one reading's worth of them.
    const ownStatements = statementsRunBy(executor);
    const status = await readStatus(executor, target.database);
    const sessions = await readSessions(executor, { mariadb, longRunningS: target.longRunningS, account: status.account });
    const ps = await readPerformanceSchema(executor, { enabled: status.performanceSchema, mariadb, database: target.database, account: status.account });
    const replica = await readReplica(executor, { mariadb, replicaSyntax: !mariadb && atLeast(version, [8, 0, 22]), account: status.account });
    return {
      takenAt,
      startedAt: status.startedAt,
      version,
      counters: { ...status.counters, monitor_statements: ownStatements },
      gauges: status.gauges,
      sessions: sessions.sessions,
      statements: ps.statements,
      blocking: sessions.blocking,
      longRunning: sessions.longRunning,
      replicas: replica.replicas,
      tables: ps.tables,
      notes: [...status.notes, ...sessions.notes, ...ps.notes, ...replica.notes],
    };
  },

  headline(rates, now): ServerHeadline {
    const requests = rateOf(rates, 'innodb_buffer_pool_read_requests');
    const diskReads = rateOf(rates, 'innodb_buffer_pool_reads');
    return {
      // MySQL counts no transactions: Com_commit and Com_rollback see only explicit COMMIT/ROLLBACK
      // statements, so every autocommitted statement (most of a typical load) would be missing, and
      // Handler_commit counts engine-level commits, read-only statements included. Rather than a figure
      // that is wrong by an unknown factor, tps stays empty and qps (Questions) carries the load.
      tps: null,
      qps: withoutMonitor(rateOf(rates, 'questions'), rates),
      // Read requests are all logical page reads; Innodb_buffer_pool_reads the ones that went to disk.
      cacheHit: requests === null || diskReads === null ? null : hitRatio(Math.max(0, requests - diskReads), diskReads),
      deadlocksPerS: rateOf(rates, 'innodb_deadlocks'),
      tempFilesPerS: null,
      slowQueriesPerS: rateOf(rates, 'slow_queries'),
      rowLockWaitsPerS: rateOf(rates, 'innodb_row_lock_waits'),
      databaseSizeBytes: gaugeOf(now.gauges, 'database_size_bytes'),
      connections: gaugeOf(now.gauges, 'threads_connected'),
      maxConnections: gaugeOf(now.gauges, 'max_connections'),
    };
  },

  prometheus: mysqlSeries,
};

function atLeast(version: string, wanted: readonly number[]): boolean {
  const parts = (/(\d+)\.(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  for (let i = 0; i < wanted.length; i++) {
    const have = parts[i] ?? 0;
    if (have !== wanted[i]) return have > wanted[i]!;
  }
  return true;
}
