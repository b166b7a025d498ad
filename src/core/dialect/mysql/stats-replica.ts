/**
 * This server's own lag when it is a replica (SHOW SLAVE STATUS / SHOW REPLICA STATUS); a primary has
 * no row, and its replicas are not listed: MySQL keeps no lag figure for them on the primary.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import type { ReplicaLag } from '../server-stats.js';
import { failedNote, numberOrNull, queryOrError, rowObjects, textOf } from '../server-stats-values.js';

const NEEDS_PRIVILEGE = '1227';

export interface ReplicaTarget {
  readonly mariadb: boolean;
  /** MySQL ≥ 8.0.22 spells it REPLICA (and 8.4 no longer knows SLAVE). */
  readonly replicaSyntax: boolean;
  readonly account: string | null;
}

export async function readReplica(on: Queryable, target: ReplicaTarget): Promise<{ replicas: ReplicaLag[]; notes: string[] }> {
  const sql = target.replicaSyntax ? 'SHOW REPLICA STATUS' : 'SHOW SLAVE STATUS';
  const result = await queryOrError(on, { sql, params: [] });
  if (result instanceof QueryError) {
    if (result.dbCode !== NEEDS_PRIVILEGE) return { replicas: [], notes: [failedNote(sql, result)] };
    const grant = target.mariadb ? 'SLAVE MONITOR' : 'REPLICATION CLIENT';
    return { replicas: [], notes: [`replication status needs a grant: GRANT ${grant} ON *.* TO ${target.account ?? 'the monitoring user'}`] };
  }
  const replicas = rowObjects(result).map((row) => {
    const io = row.Slave_IO_Running ?? row.Replica_IO_Running;
    const applier = row.Slave_SQL_Running ?? row.Replica_SQL_Running;
    return {
      name: textOf(row.Master_Host ?? row.Source_Host),
      state: io === 'Yes' && applier === 'Yes' ? 'streaming' : `io ${textOf(io)}, sql ${textOf(applier)}`,
      // NULL while replication is stopped or broken: the lag is unknown then, not zero.
      lagS: numberOrNull(row.Seconds_Behind_Master ?? row.Seconds_Behind_Source),
      lagBytes: null,
    };
  });
  return { replicas, notes: [] };
}
