/**
 * A MySQL/MariaDB replica's lag: Seconds_Behind_Master from SHOW SLAVE STATUS (whole seconds; NULL
 * while replication is stopped or broken, which is unknown, not zero). No row: not a replica.
 * MariaDB and MySQL before 8.0.22 know SHOW SLAVE STATUS; MySQL 8.4 knows only SHOW REPLICA STATUS,
 * which MariaDB 10.5+ also accepts, so that spelling is asked.
 */
import type { ReplicaLagProbe } from '../replica-lag.js';
import { numberOrNull, rowObjects } from '../server-stats-values.js';

export const mysqlReplicaLag: ReplicaLagProbe = {
  statement: { sql: 'SHOW REPLICA STATUS', params: [] },
  // Server shutdown in progress (1053), the connection killed (1927).
  replicaGoneCodes: ['1053', '1927'],
  read(result) {
    const row = rowObjects(result)[0];
    if (row === undefined) return { kind: 'not-a-replica' };
    const seconds = numberOrNull(row.Seconds_Behind_Master ?? row.Seconds_Behind_Source);
    return { kind: 'replica', lagMs: seconds === null ? null : seconds * 1000 };
  },
};
