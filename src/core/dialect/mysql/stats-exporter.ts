/**
 * A MySQL/MariaDB snapshot as Prometheus series, named as mysqld_exporter names them where it has the
 * same figure (so its Grafana dashboards work unchanged); figures it lacks are prefixed oxen_mysql_.
 */
import type { ExporterSeries, ServerSnapshot, StatsTarget } from '../server-stats.js';
import { counter, gauge } from '../server-stats-values.js';
import { STATUS_COUNTERS, STATUS_GAUGES } from './stats-status.js';

/** mysqld_exporter folds Com_* into one series labelled by command. */
const COMMAND = /^com_(.+)$/;

export function mysqlSeries(now: ServerSnapshot, target: StatsTarget): ExporterSeries[] {
  const schema = target.database;
  const out: ExporterSeries[] = [];
  for (const name of STATUS_COUNTERS) {
    const value = now.counters[name];
    if (value === undefined) continue;
    const command = COMMAND.exec(name)?.[1];
    if (command) out.push(counter('mysql_global_status_commands_total', 'Total number of executed MySQL commands.', value, { command }));
    else out.push(counter(`mysql_global_status_${name}`, `Generic metric from SHOW GLOBAL STATUS (${name}).`, value));
  }
  for (const name of STATUS_GAUGES) {
    const value = now.gauges[name];
    if (value !== undefined) out.push(gauge(`mysql_global_status_${name}`, `Generic metric from SHOW GLOBAL STATUS (${name}).`, value));
  }
  const g = now.gauges;
  if (g.max_connections !== undefined) out.push(gauge('mysql_global_variables_max_connections', 'Generic gauge metric from SHOW GLOBAL VARIABLES.', g.max_connections));
  if (g.database_size_bytes !== undefined) out.push(gauge('oxen_mysql_database_size_bytes', 'Data and index bytes of the schema', g.database_size_bytes, { schema }));
  for (const [state, count] of Object.entries(now.sessions)) {
    out.push(gauge('oxen_mysql_sessions', 'Client sessions by state (total: all of them)', count, { state }));
  }
  out.push(gauge('oxen_mysql_blocked_sessions', 'Sessions blocked by another session', now.blocking.length));
  out.push(gauge('oxen_mysql_longest_query_seconds', 'Seconds the longest statement running now has run', Math.max(0, ...now.longRunning.map((q) => q.runningS))));
  for (const s of now.statements ?? []) {
    const labels = { schema, digest: s.id, digest_text: s.text };
    out.push(counter('mysql_perf_schema_events_statements_total', 'The total count of events statements by digest.', s.calls, labels));
    out.push(counter('mysql_perf_schema_events_statements_seconds_total', 'The total time of events statements by digest.', s.totalMs / 1000, labels));
    out.push(counter('oxen_mysql_statement_rows_total', 'Rows sent and affected by the statement digest', s.rows, { schema, digest: s.id }));
  }
  for (const r of now.replicas) {
    if (r.lagS !== null) out.push(gauge('mysql_slave_status_seconds_behind_master', 'Generic metric from SHOW SLAVE STATUS.', r.lagS, { master_host: r.name }));
  }
  for (const t of now.tables) {
    const labels = { schema, table: t.table };
    out.push(gauge('mysql_info_schema_table_rows', 'The estimated number of rows in the table from information_schema.tables', t.liveRows, labels));
    out.push(counter('oxen_mysql_table_writes_total', 'Rows inserted, updated and deleted (performance_schema table I/O)', t.writes, labels));
  }
  return out;
}
