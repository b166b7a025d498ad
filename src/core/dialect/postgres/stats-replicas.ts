/**
 * Replicas streaming from this server (pg_stat_replication). The byte lag is measured the way
 * postgres_exporter measures it (this server's WAL position minus the replica's replay position), so
 * the exported series means the same on both.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import type { ReplicaLag } from '../server-stats.js';
import { failedNote, numberOrNull, queryOrError, textOf } from '../server-stats-values.js';

const SQL = `SELECT coalesce(nullif(r.application_name, ''), host(r.client_addr), 'local'),
  r.state,
  extract(epoch FROM r.replay_lag)::float8,
  (CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), r.replay_lsn)
        ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn) END)::float8
FROM pg_stat_replication r
ORDER BY 1`;

export async function readReplicas(on: Queryable): Promise<{ replicas: ReplicaLag[]; notes: string[] }> {
  const result = await queryOrError(on, { sql: SQL, params: [] });
  if (result instanceof QueryError) return { replicas: [], notes: [failedNote('pg_stat_replication', result)] };
  const replicas = result.rows.map(([name, state, lagS, lagBytes]) => ({
    name: textOf(name),
    // Without pg_read_all_stats the columns of a replica's row are NULL.
    state: textOf(state) || 'unknown',
    lagS: numberOrNull(lagS),
    lagBytes: numberOrNull(lagBytes),
  }));
  return { replicas, notes: [] };
}
