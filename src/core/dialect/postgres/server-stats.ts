/**
 * How `oxen monitor` reads a PostgreSQL server: the connected database's counters (pg_stat_database),
 * its sessions (pg_stat_activity), statements (pg_stat_statements, where installed), replicas and
 * busiest tables. Each part that cannot be read becomes a note; the rest of the snapshot still comes.
 */
import type { ServerHeadline, ServerSnapshot, ServerStats } from '../server-stats.js';
import { gaugeOf, hitRatio, rateOf, statementsRunBy, sumOfRates, withoutMonitor } from '../server-stats-values.js';
import { PostgresDialect } from './postgres-dialect.js';
import { readActivity } from './stats-activity.js';
import { readDatabaseStats } from './stats-database.js';
import { postgresSeries } from './stats-exporter.js';
import { readReplicas } from './stats-replicas.js';
import { readStatements } from './stats-statements.js';
import { readTables } from './stats-tables.js';

const dialect = new PostgresDialect();

export const postgresServerStats: ServerStats = {
  upMetric: 'pg_up',

  async read(executor, target): Promise<ServerSnapshot> {
    const version = await executor.serverVersion();
    const takenAt = Date.now();
    // Counted before this reading's statements, so an interval holds exactly one reading's worth of them.
    const ownStatements = statementsRunBy(executor);
    const db = await readDatabaseStats(executor);
    const activity = await readActivity(executor, db.versionNum, target.longRunningS);
    const statements = await readStatements(executor, dialect, {
      database: target.database,
      schema: db.statementsSchema,
      loaded: db.statementsLoaded,
      versionNum: db.versionNum,
    });
    const { replicas, notes: replicaNotes } = await readReplicas(executor);
    const { tables, notes: tableNotes } = await readTables(executor);
    const privilegeNotes =
      db.user !== null && !db.readsAllStats
        ? [`other users' sessions and statement texts read "<insufficient privilege>": GRANT pg_read_all_stats TO ${dialect.quoteIdent(db.user)}`]
        : [];
    return {
      takenAt,
      startedAt: db.startedAt,
      version,
      counters: { ...db.counters, ...(statements.calls === null ? {} : { statements: statements.calls }), monitor_statements: ownStatements },
      gauges: db.gauges,
      sessions: activity.sessions,
      statements: statements.statements,
      blocking: activity.blocking,
      longRunning: activity.longRunning,
      replicas,
      tables,
      notes: [...db.notes, ...privilegeNotes, ...activity.notes, ...statements.notes, ...replicaNotes, ...tableNotes],
    };
  },

  headline(rates, now): ServerHeadline {
    return {
      // Each of the monitor's own statements is a transaction of its own; pg_stat_statements' sum already leaves them out.
      tps: withoutMonitor(sumOfRates(rates, ['xact_commit', 'xact_rollback']), rates),
      qps: rateOf(rates, 'statements'),
      cacheHit: hitRatio(rateOf(rates, 'blks_hit'), rateOf(rates, 'blks_read')),
      deadlocksPerS: rateOf(rates, 'deadlocks'),
      tempFilesPerS: rateOf(rates, 'temp_files'),
      slowQueriesPerS: null,
      rowLockWaitsPerS: null,
      databaseSizeBytes: gaugeOf(now.gauges, 'database_size_bytes'),
      connections: gaugeOf(now.gauges, 'connections'),
      maxConnections: gaugeOf(now.gauges, 'max_connections'),
    };
  },

  prometheus: postgresSeries,
};
