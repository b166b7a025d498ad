/**
 * How a replica tells how far behind its primary it is, for read routing: one statement run on the
 * replica, and what its rows mean. Sampled on a timer, never per query.
 */
import type { QueryResult } from '../executor/executor.js';
import type { Statement } from '../ground/values.js';

export type LagReading =
  /** Replaying from a primary; `lagMs` null when the server cannot tell (replication stopped or broken). */
  | { readonly kind: 'replica'; readonly lagMs: number | null }
  /** Not replaying anything: a primary, or a copy kept some other way. Its staleness cannot be measured. */
  | { readonly kind: 'not-a-replica' };

export interface ReplicaLagProbe {
  readonly statement: Statement;
  read(result: QueryResult): LagReading;
  /**
   * Error codes (SQLSTATE / errno) of a read that failed because the replica is going away or cannot
   * serve it now: the read is asked of the primary instead. Lost connections need no code.
   */
  readonly replicaGoneCodes: readonly string[];
}
