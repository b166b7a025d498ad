/**
 * A PostgreSQL snapshot as Prometheus series, named as postgres_exporter names them where it has the
 * same figure (so its Grafana dashboards work unchanged); figures it lacks are prefixed oxen_pg_.
 */
import type { ExporterSeries, ServerSnapshot, StatsTarget } from '../server-stats.js';
import { counter, gauge } from '../server-stats-values.js';
import { DATABASE_COUNTERS } from './stats-database.js';
import { splitTableName } from './stats-tables.js';

/** pg_stat_activity states as postgres_exporter labels them; the snapshot folds the aborted form into the third. */
const ACTIVITY_STATES: readonly (readonly [string, string])[] = [
  ['active', 'active'],
  ['idle', 'idle'],
  ['idle_in_transaction', 'idle in transaction'],
];

export function postgresSeries(now: ServerSnapshot, target: StatsTarget): ExporterSeries[] {
  const datname = target.database;
  const db = { datname };
  const out: ExporterSeries[] = [];
  for (const name of DATABASE_COUNTERS) {
    const value = now.counters[name];
    if (value !== undefined) out.push(counter(`pg_stat_database_${name}`, `pg_stat_database.${name} of the database`, value, db));
  }
  const g = now.gauges;
  if (g.database_size_bytes !== undefined) out.push(gauge('pg_database_size_bytes', 'Disk space used by the database', g.database_size_bytes, db));
  if (g.max_connections !== undefined) out.push(gauge('pg_settings_max_connections', 'Server Parameter: max_connections', g.max_connections));
  if (g.connections !== undefined) out.push(gauge('oxen_pg_connections', 'Client backends connected to the server, all databases', g.connections));
  if (now.startedAt !== null) {
    out.push(gauge('pg_postmaster_start_time_seconds', 'Time at which postmaster started', Date.parse(now.startedAt) / 1000));
  }
  for (const [key, state] of ACTIVITY_STATES) {
    const count = now.sessions[key];
    if (count !== undefined) out.push(gauge('pg_stat_activity_count', 'number of connections in this state', count, { datname, state }));
  }
  if (now.sessions.waiting !== undefined) out.push(gauge('oxen_pg_sessions_waiting', 'Sessions waiting on a lock', now.sessions.waiting, db));
  out.push(gauge('oxen_pg_blocked_sessions', 'Sessions blocked by another session', now.blocking.length, db));
  out.push(gauge('oxen_pg_longest_query_seconds', 'Seconds the longest statement running now has run', Math.max(0, ...now.longRunning.map((q) => q.runningS)), db));
  if (now.counters.statements !== undefined) {
    out.push(counter('oxen_pg_statements_calls_total', 'Statements executed in the database (pg_stat_statements)', now.counters.statements, db));
  }
  for (const s of now.statements ?? []) {
    const labels = { datname, queryid: s.id };
    out.push(counter('pg_stat_statements_calls_total', 'Number of times executed', s.calls, labels));
    out.push(counter('pg_stat_statements_seconds_total', 'Total time spent in the statement, in seconds', s.totalMs / 1000, labels));
    out.push(counter('pg_stat_statements_rows_total', 'Total number of rows retrieved or affected by the statement', s.rows, labels));
  }
  for (const r of now.replicas) {
    const labels = { application_name: r.name, state: r.state };
    if (r.lagBytes !== null) out.push(gauge('pg_stat_replication_pg_wal_lsn_diff', 'Lag in bytes between master and slave', r.lagBytes, labels));
    if (r.lagS !== null) out.push(gauge('oxen_pg_replication_replay_lag_seconds', 'Replay lag of the replica, seconds', r.lagS, labels));
  }
  for (const t of now.tables) {
    const { schema, table } = splitTableName(t.table);
    const labels = { datname, schemaname: schema, relname: table };
    out.push(gauge('pg_stat_user_tables_n_live_tup', 'Estimated number of live rows', t.liveRows, labels));
    out.push(gauge('pg_stat_user_tables_n_dead_tup', 'Estimated number of dead rows', t.deadRows, labels));
    out.push(counter('oxen_pg_table_writes_total', 'Rows inserted, updated and deleted', t.writes, labels));
  }
  return out;
}
