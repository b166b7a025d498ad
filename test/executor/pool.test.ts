/** Pool behaviour on every database: status, timeouts, pinning, isolation and close() with waiters. */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/core/ground/errors.js';
import type { Executor, PinnedConnection } from '../../src/core/executor/executor.js';
import { testDatabases } from '../support/databases.js';
import { isPending, openExecutor, placeholders } from './open-executor.js';

const TABLE = 'exec_pool_rows';

describe.each(testDatabases())('pool on $dialect', (db) => {
  const sqlite = db.dialect === 'sqlite';
  const opened: Executor[] = [];
  const open = async (...args: Parameters<typeof openExecutor> extends [unknown, ...infer R] ? R : never) => {
    const executor = await openExecutor(db, ...args);
    opened.push(executor);
    return executor;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((executor) => executor.close()));
  });

  it('reports total, idle, in use and waiting while connections are held', async () => {
    const executor = await open({ connectionPoolSize: 2, maxOverflow: 1 });
    const max = sqlite ? 1 : 3;
    expect(executor.poolStatus()).toEqual({ total: 1, idle: 1, inUse: 0, waiting: 0, max });
    const held: PinnedConnection[] = [];
    for (let i = 0; i < max; i++) held.push(await executor.acquire());
    expect(executor.poolStatus()).toEqual({ total: max, idle: 0, inUse: max, waiting: 0, max });
    const waiter = executor.acquire();
    const query = executor.query({ sql: 'SELECT 1', params: [] });
    expect(await isPending(waiter)).toBe(true);
    expect(executor.poolStatus()).toMatchObject({ inUse: max, waiting: 2 });
    held.pop()!.release();
    const next = await waiter;
    expect(executor.poolStatus()).toMatchObject({ inUse: max, waiting: 1 });
    next.release();
    expect((await query).rows).toEqual([[1]]);
    for (const conn of held) conn.release();
    expect(executor.poolStatus()).toEqual({ total: max, idle: max, inUse: 0, waiting: 0, max });
  });

  it('fails a wait longer than poolTimeout with POOL_TIMEOUT, and loses no connection', async () => {
    const executor = await open({ connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 0.2 });
    const held = await executor.acquire();
    const error = await executor.query({ sql: 'SELECT 1', params: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('POOL_TIMEOUT');
    expect((error as Error).message).toMatch(/^timed out after 0\.2 s waiting for .* \(1 in use, max 1\): /);
    await expect(executor.acquire()).rejects.toMatchObject({ code: 'POOL_TIMEOUT' });
    held.release();
    expect(executor.poolStatus()).toEqual({ total: 1, idle: 1, inUse: 0, waiting: 0, max: 1 });
    expect((await executor.query({ sql: 'SELECT 2', params: [] })).rows).toEqual([[2]]);
  });

  it('close() rejects waiters with POOL_CLOSED, waits for held connections, then refuses work', async () => {
    const executor = await open({ connectionPoolSize: 1, maxOverflow: 0 });
    const held = await executor.acquire();
    const waiters = [executor.acquire(), executor.query({ sql: 'SELECT 1', params: [] })];
    expect(await isPending(Promise.race(waiters))).toBe(true);
    const closing = executor.close();
    for (const waiter of waiters) await expect(waiter).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    expect(await isPending(closing)).toBe(true);
    expect((await held.query({ sql: 'SELECT 3', params: [] })).rows).toEqual([[3]]);
    held.release();
    await closing;
    await expect(executor.query({ sql: 'SELECT 1', params: [] })).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    await expect(executor.acquire()).rejects.toBeInstanceOf(ConnectionError);
    await executor.close();
  });

  it('refuses statements on a released pinned connection, and ignores a second release', async () => {
    const executor = await open();
    const pinned = await executor.acquire();
    pinned.release();
    pinned.release();
    await expect(pinned.query({ sql: 'SELECT 1', params: [] })).rejects.toMatchObject({ code: 'USAGE' });
    expect(executor.poolStatus().inUse).toBe(0);
  });

  it('runs a batch in order on one connection and stops at the first failure', async () => {
    const executor = await open();
    const [set, get] = {
      postgres: [`SELECT set_config('oxen.exec_batch', $1, false)`, `SELECT current_setting('oxen.exec_batch')`],
      mysql: ['SET @exec_batch = ?', 'SELECT @exec_batch'],
      sqlite: ['SELECT ?', 'SELECT 1'],
    }[db.dialect];
    const results = await executor.batch([{ sql: set!, params: ['on-one-connection'] }, { sql: get!, params: [] }]);
    expect(results).toHaveLength(2);
    if (!sqlite) expect(results[1]!.rows).toEqual([['on-one-connection']]);
    await expect(executor.batch([{ sql: 'SELECT 1', params: [] }, { sql: 'SELEKT', params: [] }])).rejects.toMatchObject({ code: 'QUERY_FAILED' });
  });

  it('pins connections that see each other’s writes only after commit', async () => {
    const executor = await open();
    await executor.execute({ sql: `DROP TABLE IF EXISTS ${TABLE}`, params: [] });
    await executor.execute({ sql: `CREATE TABLE ${TABLE} (id integer PRIMARY KEY)`, params: [] });
    const count = { sql: `SELECT COUNT(*) FROM ${TABLE}`, params: [] };
    const writer = await executor.acquire();
    await writer.execute({ sql: 'BEGIN', params: [] });
    await writer.execute({ sql: `INSERT INTO ${TABLE} (id) VALUES (${placeholders(db, 1)})`, params: [1] });
    expect(Number((await writer.query(count)).rows[0]![0])).toBe(1);
    if (sqlite) {
      // One connection: everyone else waits until the transaction is over, so nobody sees it half done.
      const reader = executor.query(count);
      const otherPin = executor.acquire();
      expect(await isPending(reader)).toBe(true);
      expect(executor.poolStatus()).toMatchObject({ inUse: 1, waiting: 2 });
      await writer.execute({ sql: 'COMMIT', params: [] });
      writer.release();
      expect(Number((await reader).rows[0]![0])).toBe(1);
      (await otherPin).release();
    } else {
      const reader = await executor.acquire();
      expect(Number((await reader.query(count)).rows[0]![0])).toBe(0);
      await writer.execute({ sql: 'COMMIT', params: [] });
      expect(Number((await reader.query(count)).rows[0]![0])).toBe(1);
      reader.release();
      writer.release();
    }
    await executor.execute({ sql: `DROP TABLE ${TABLE}`, params: [] });
  });

  it.runIf(sqlite)('rolls back a transaction a pinned connection left open', async () => {
    const executor = await open();
    await executor.execute({ sql: `CREATE TABLE ${TABLE} (id integer PRIMARY KEY)`, params: [] });
    const pinned = await executor.acquire();
    await pinned.execute({ sql: 'BEGIN', params: [] });
    await pinned.execute({ sql: `INSERT INTO ${TABLE} (id) VALUES (1)`, params: [] });
    pinned.release();
    expect((await executor.query({ sql: `SELECT COUNT(*) FROM ${TABLE}`, params: [] })).rows).toEqual([[0]]);
  });

  it('names the server version', async () => {
    const executor = await open();
    const pattern = { postgres: /^PostgreSQL \d+\.\d+$/, mysql: /^(\d+\.\d+\.\d+-MariaDB|MySQL \d+\.\d+\.\d+)$/, sqlite: /^SQLite 3\.\d+\.\d+$/ }[db.dialect];
    expect(await executor.serverVersion()).toMatch(pattern);
  });
});
