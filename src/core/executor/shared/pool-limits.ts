/** Pool settings (named as in the seed) → the limits the pools enforce, rejecting nonsense early. */
import { UsageError } from '../../ground/errors.js';
import type { PoolSettings } from '../executor.js';

/** What ConnectionPool enforces. */
export interface PoolLimits {
  /** Used in messages: 'postgres', 'mysql'. */
  readonly label: string;
  /** Connections kept open when idle. */
  readonly min: number;
  readonly max: number;
  readonly acquireTimeoutMs: number;
  /** 0 = never recycle. */
  readonly maxLifetimeMs: number;
  /** How long a connection above `min` may stay idle. */
  readonly idleTimeoutMs: number;
  readonly prePing: boolean;
}

/** Overflow connections above `connectionPoolSize` close after this long unused. */
const OVERFLOW_IDLE_MS = 10_000;

export function poolLimits(label: string, settings: PoolSettings): PoolLimits {
  const { connectionPoolSize, maxOverflow, poolTimeout, poolRecycle, poolPrePing } = settings;
  check('connectionPoolSize', connectionPoolSize, Number.isInteger(connectionPoolSize) && connectionPoolSize >= 1, 'a whole number ≥ 1');
  check('maxOverflow', maxOverflow, Number.isInteger(maxOverflow) && maxOverflow >= 0, 'a whole number ≥ 0');
  check('poolTimeout', poolTimeout, Number.isFinite(poolTimeout) && poolTimeout > 0, 'a number of seconds > 0');
  check('poolRecycle', poolRecycle, Number.isFinite(poolRecycle) && poolRecycle >= 0, 'a number of seconds ≥ 0 (0 = never)');
  return {
    label,
    min: connectionPoolSize,
    max: connectionPoolSize + maxOverflow,
    acquireTimeoutMs: poolTimeout * 1000,
    maxLifetimeMs: poolRecycle * 1000,
    idleTimeoutMs: OVERFLOW_IDLE_MS,
    prePing: poolPrePing,
  };
}

function check(name: string, value: unknown, ok: boolean, expected: string): void {
  if (!ok) throw new UsageError('CONFIG_INVALID', `performance.${name} must be ${expected} (got ${JSON.stringify(value)})`);
}
