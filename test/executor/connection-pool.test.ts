/**
 * The pool's own rules (overflow shrinking, failed connects, pings), exercised with real SQLite
 * connections: any resource a driver can open, ping and close will do.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/core/ground/errors.js';
import { ConnectionPool, type PoolDriver } from '../../src/core/executor/js/connection-pool.js';
import type { PoolLimits } from '../../src/core/executor/shared/pool-limits.js';

const dir = mkdtempSync(join(tmpdir(), 'oxen-exec-pool-'));

function sqlitePool(limits: Partial<PoolLimits>, failConnects = 0) {
  let opened = 0;
  let failures = failConnects;
  const driver: PoolDriver<Database.Database> = {
    async connect() {
      if (failures-- > 0) throw new ConnectionError('CONNECTION_FAILED', 'cannot connect to sqlite:///nowhere: refused');
      opened++;
      return new Database(join(dir, 'pool.sqlite'));
    },
    async ping(db) {
      db.prepare('SELECT 1').get();
    },
    async destroy(db) {
      if (db.open) db.close();
    },
    isBroken: (db) => !db.open,
  };
  const defaults: PoolLimits = { label: 'test', min: 1, max: 3, acquireTimeoutMs: 1000, maxLifetimeMs: 0, idleTimeoutMs: 50, prePing: false };
  return { pool: new ConnectionPool(driver, { ...defaults, ...limits }), opened: () => opened };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConnectionPool', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('closes overflow connections once idle, keeping connectionPoolSize open', async () => {
    const { pool } = sqlitePool({ min: 1, max: 3 });
    const held = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    for (const db of held) pool.release(db);
    expect(pool.status()).toMatchObject({ total: 3, idle: 3 });
    await sleep(150);
    expect(pool.status()).toEqual({ total: 1, idle: 1, inUse: 0, waiting: 0, max: 3 });
    await pool.close();
  });

  it('reuses the most recently released connection', async () => {
    const { pool, opened } = sqlitePool({ min: 2, max: 2 });
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    pool.release(a!);
    pool.release(b!);
    const again = await pool.acquire();
    expect(again).toBe(b);
    expect(opened()).toBe(2);
    pool.release(again);
    await pool.close();
  });

  it('hands a failed connect to its waiter only, and serves the next one', async () => {
    const { pool } = sqlitePool({ max: 1 }, 1);
    const [first, second] = await Promise.allSettled([pool.acquire(), pool.acquire()]);
    expect(first).toMatchObject({ status: 'rejected', reason: { code: 'CONNECTION_FAILED' } });
    expect(second.status).toBe('fulfilled');
    expect(pool.status()).toEqual({ total: 1, idle: 0, inUse: 1, waiting: 0, max: 1 });
    pool.release((second as PromiseFulfilledResult<Database.Database>).value);
    await pool.close();
  });

  it('with prePing, replaces a connection whose ping fails', async () => {
    const { pool, opened } = sqlitePool({ prePing: true, max: 1 });
    const db = await pool.acquire();
    pool.release(db);
    db.close();
    const fresh = await pool.acquire();
    expect(fresh).not.toBe(db);
    expect(fresh.open).toBe(true);
    expect(opened()).toBe(2);
    pool.release(fresh);
    await pool.close();
  });

  it('discards a connection released as broken, and one past its lifetime', async () => {
    const { pool, opened } = sqlitePool({ max: 1, maxLifetimeMs: 30 });
    const first = await pool.acquire();
    pool.release(first, true);
    expect(first.open).toBe(false);
    const second = await pool.acquire();
    pool.release(second);
    await sleep(50);
    const third = await pool.acquire();
    expect(third).not.toBe(second);
    expect(second.open).toBe(false);
    expect(opened()).toBe(3);
    pool.release(third);
    await pool.close();
    expect(third.open).toBe(false);
  });

  it('close() closes a connection nobody gives back once poolTimeout has passed', async () => {
    const { pool } = sqlitePool({ acquireTimeoutMs: 50 });
    const leaked = await pool.acquire();
    await pool.close();
    expect(leaked.open).toBe(false);
    pool.release(leaked);
    expect(pool.status()).toMatchObject({ total: 0, inUse: 0 });
  });
});
