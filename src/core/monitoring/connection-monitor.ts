/**
 * The seed's ConnectionMonitor: pool occupancy of every connected database, read on demand from
 * the executors (no subscription, so it costs nothing between calls).
 */
import { getDatabase, listDatabases } from '../database/registry.js';
import type { Executor } from '../executor/executor.js';

export interface ConnectionPoolStatus {
  readonly database: string;
  /** Connections open now. */
  readonly total: number;
  readonly idle: number;
  readonly inUse: number;
  /** Callers queued for a connection. */
  readonly waiting: number;
  /** Connections a caller could get without waiting: idle ones plus those the pool may still open. */
  readonly available: number;
  /** Most connections the pool will open (pool size plus overflow). */
  readonly max: number;
}

export class ConnectionMonitor {
  /** Every connected database, by name. */
  getPoolStatus(): Record<string, ConnectionPoolStatus>;
  /** One database ('default' when omitted is the same as `getPoolStatus('default')`). */
  getPoolStatus(database: string): ConnectionPoolStatus;
  getPoolStatus(database?: string): Record<string, ConnectionPoolStatus> | ConnectionPoolStatus {
    if (database !== undefined) return poolStatusOf(database, getDatabase(database).executor);
    return Object.fromEntries(listDatabases().map((db) => [db.name, poolStatusOf(db.name, db.executor)]));
  }
}

function poolStatusOf(database: string, executor: Executor): ConnectionPoolStatus {
  const s = executor.poolStatus();
  return {
    database,
    total: s.total,
    idle: s.idle,
    inUse: s.inUse,
    waiting: s.waiting,
    available: s.idle + Math.max(0, s.max - s.total),
    max: s.max,
  };
}
