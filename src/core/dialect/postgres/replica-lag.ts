/**
 * A PostgreSQL standby's lag: how long ago the last transaction it replayed committed on the primary
 * (pg_last_xact_replay_timestamp). A standby that has replayed all it received is current whatever
 * that timestamp says, or an idle primary would make every caught-up standby look minutes behind.
 */
import type { ReplicaLagProbe } from '../replica-lag.js';
import { numberOrNull } from '../server-stats-values.js';

const SQL = `SELECT pg_is_in_recovery(),
  CASE WHEN NOT pg_is_in_recovery() THEN NULL
       WHEN pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
       ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000 END::float8`;

export const postgresReplicaLag: ReplicaLagProbe = {
  statement: { sql: SQL, params: [] },
  // Shutting down (57P01-57P03), and a standby cancelling a read that conflicts with replay (40001).
  replicaGoneCodes: ['57P01', '57P02', '57P03', '40001'],
  read(result) {
    const [inRecovery, lagMs] = result.rows[0] ?? [];
    if (inRecovery !== true && inRecovery !== 1) return { kind: 'not-a-replica' };
    const lag = numberOrNull(lagMs);
    return { kind: 'replica', lagMs: lag === null ? null : Math.max(0, lag) };
  },
};
