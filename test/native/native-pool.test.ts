/**
 * The Rust pool and failure behaviour: acquire timeout naming the pool, pool status while waiting,
 * closing with statements in flight, pre-ping and recovery after a connection is killed, recycling,
 * server-side statement timeouts, and typed connection failures without the password.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError, OxenError, QueryError } from '../../src/core/ground/errors.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { mysqlUrl, postgresUrl, type TestDatabase } from '../support/databases.js';
import { nativeBuilt, openNative } from './open-native.js';

const servers: TestDatabase[] = [];
if (postgresUrl) servers.push({ dialect: 'postgres', url: postgresUrl });
if (mysqlUrl) servers.push({ dialect: 'mysql', url: mysqlUrl });

const sleep = (db: TestDatabase, seconds: number) => (db.dialect === 'postgres' ? `SELECT pg_sleep(${seconds})` : `SELECT SLEEP(${seconds})`);
const backendId = (db: TestDatabase) => (db.dialect === 'postgres' ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()');
const kill = (db: TestDatabase, id: unknown) => (db.dialect === 'postgres' ? `SELECT pg_terminate_backend(${Number(id)})` : `KILL ${Number(id)}`);
const alive = (db: TestDatabase, id: unknown) =>
  db.dialect === 'postgres'
    ? `SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ${Number(id)}`
    : `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ${Number(id)}`;

/** Ends session `id` from another pool and waits until the server has let it go (the kill is asynchronous). */
async function killSession(db: TestDatabase, id: unknown): Promise<void> {
  await withExecutor(await openNative(db), async (killer) => {
    await killer.query({ sql: kill(db, id), params: [] });
    while (Number((await killer.query({ sql: alive(db, id), params: [] })).rows[0]![0]) > 0) await new Promise((r) => setTimeout(r, 10));
  });
}

async function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function withExecutor<T>(ex: Executor, work: (ex: Executor) => Promise<T>): Promise<T> {
  try {
    return await work(ex);
  } finally {
    await ex.close();
  }
}

describe.runIf(nativeBuilt).each(servers)('native pool on $dialect', (db) => {
  it('times out waiting for a connection with POOL_TIMEOUT naming the pool and the wait', async () => {
    await withExecutor(await openNative(db, { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 0.3 }), async (ex) => {
      const pinned = await ex.acquire();
      const waiting = ex.query({ sql: 'SELECT 1', params: [] });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(ex.poolStatus()).toEqual({ total: 1, idle: 0, inUse: 1, waiting: 1, max: 1 });
      const error = await settle(waiting);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as OxenError).code).toBe('POOL_TIMEOUT');
      expect((error as Error).message).toContain(`pool ${new URL(db.url).protocol}`);
      expect((error as Error).message).toContain('after waiting 0.3s');
      pinned.release();
      expect((await ex.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]]);
    });
  });

  it('opens overflow connections under load, keeps them briefly, then closes them when idle', async () => {
    await withExecutor(await openNative(db, { connectionPoolSize: 1, maxOverflow: 2 }, { overflowIdleMs: 300 }), async (ex) => {
      const pins = await Promise.all([ex.acquire(), ex.acquire(), ex.acquire()]);
      expect(ex.poolStatus()).toMatchObject({ total: 3, inUse: 3, max: 3 });
      for (const pin of pins) pin.release();
      await ex.query({ sql: 'SELECT 1', params: [] });
      expect(ex.poolStatus()).toMatchObject({ total: 3, idle: 3, inUse: 0 });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(ex.poolStatus()).toMatchObject({ total: 1, idle: 1, inUse: 0 });
    });
  });

  it('rejects statements in flight with POOL_CLOSED when closed, and cancels them', async () => {
    const ex = await openNative(db);
    const slow = settle(ex.query({ sql: sleep(db, 5), params: [] }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await ex.close();
    const error = await slow;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as OxenError).code).toBe('POOL_CLOSED');
  });

  it('discards a connection the server killed and recovers on the next statement', async () => {
    await withExecutor(await openNative(db, { connectionPoolSize: 1, maxOverflow: 0 }), async (ex) => {
      const [[victim]] = (await ex.query({ sql: backendId(db), params: [] })).rows as unknown[][];
      await killSession(db, victim);
      // The statement right after either fails as a lost connection (MySQL: the client learns of the kill
      // only by using the socket) or already runs on a fresh one (PostgreSQL announces the termination).
      const next = await settle(ex.query({ sql: 'SELECT 1', params: [] }));
      if (next !== undefined) {
        expect(next).toBeInstanceOf(ConnectionError);
        expect((next as OxenError).code).toBe('CONNECTION_FAILED');
      }
      const [[fresh]] = (await ex.query({ sql: backendId(db), params: [] })).rows as unknown[][];
      expect(fresh).not.toEqual(victim);
    });
  });

  it('pre-ping replaces a dead idle connection before the statement sees it', async () => {
    await withExecutor(await openNative(db, { connectionPoolSize: 1, maxOverflow: 0, poolPrePing: true }), async (ex) => {
      const [[victim]] = (await ex.query({ sql: backendId(db), params: [] })).rows as unknown[][];
      await killSession(db, victim);
      // Pre-ping skips connections that answered within the last second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const [[fresh]] = (await ex.query({ sql: backendId(db), params: [] })).rows as unknown[][];
      expect(fresh).not.toEqual(victim);
    });
  });

  it('recycles connections older than poolRecycle', async () => {
    await withExecutor(await openNative(db, { connectionPoolSize: 1, maxOverflow: 0, poolRecycle: 0.2 }), async (ex) => {
      const [[first]] = (await ex.query({ sql: backendId(db), params: [] })).rows as unknown[][];
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [[second]] = (await ex.query({ sql: backendId(db), params: [] })).rows as unknown[][];
      expect(second).not.toEqual(first);
    });
  });

  it('cancels a statement past statementTimeoutMs on the server with QUERY_TIMEOUT', async () => {
    await withExecutor(await openNative(db, {}, { statementTimeoutMs: 200 }), async (ex) => {
      const error = await settle(ex.query({ sql: sleep(db, 3), params: [] }));
      // The js executor's test (server-connections.test.ts) asserts the same: the statement fails, on
      // MariaDB SLEEP() included, with the server's own code.
      expect(error).toBeInstanceOf(QueryError);
      expect(error).toMatchObject({ code: 'QUERY_TIMEOUT', dbCode: db.dialect === 'postgres' ? '57014' : '1969' });
      expect((await ex.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]]);
    });
  });
});

describe.runIf(nativeBuilt && servers.length > 0)('native connection failures', () => {
  const secret = 'pa55-Secret-word';

  it.each(servers)('$dialect: a port nobody listens on is CONNECTION_FAILED without the password', async (db) => {
    const url = new URL(db.url);
    url.port = '1';
    url.username = 'app';
    url.password = secret;
    const error = await settle(openNative({ ...db, url: url.toString() }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as OxenError).code).toBe('CONNECTION_FAILED');
    expect((error as Error).message).toContain('app:***@');
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).not.toContain('\n');
  });

  it.each(servers)('$dialect: a refused login is AUTH_FAILED', async (db) => {
    const url = new URL(db.url);
    url.username = 'oxen_no_such_role';
    url.password = secret;
    const error = await settle(openNative({ ...db, url: url.toString() }));
    expect((error as OxenError).code).toBe('AUTH_FAILED');
    expect((error as Error).message).not.toContain(secret);
  });
});
