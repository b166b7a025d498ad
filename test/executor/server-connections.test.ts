/**
 * What only a server connection can do: die under us (killed by another session), be recycled, be
 * pre-pinged, time a statement out on the server, and (MySQL) refuse to prepare a statement.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, QueryError } from '../../src/core/ground/errors.js';
import type { Executor, Queryable } from '../../src/core/executor/executor.js';
import { testDatabases } from '../support/databases.js';
import { openExecutor, placeholders } from './open-executor.js';

const servers = testDatabases().filter((db) => db.dialect !== 'sqlite');

describe.skipIf(servers.length === 0).each(servers)('server connections on $dialect', (db) => {
  const pg = db.dialect === 'postgres';
  const opened: Executor[] = [];
  const open = async (...args: Parameters<typeof openExecutor> extends [unknown, ...infer R] ? R : never) => {
    const executor = await openExecutor(db, ...args);
    opened.push(executor);
    return executor;
  };
  const sessionId = async (on: Queryable) =>
    Number((await on.query({ sql: pg ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()', params: [] })).rows[0]![0]);

  /** Ends another session the way an administrator (or a failover) would, and waits until it is gone. */
  async function kill(id: number): Promise<void> {
    const killer = await open();
    await killer.query({ sql: pg ? 'SELECT pg_terminate_backend($1)' : 'KILL CONNECTION ?', params: [id] });
    const alive = pg ? 'SELECT COUNT(*) FROM pg_stat_activity WHERE pid = $1' : 'SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?';
    while (Number((await killer.query({ sql: alive, params: [id] })).rows[0]![0]) > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /** `kill` from another process while this one's event loop is blocked, so no driver here notices. */
  function killBlocking(id: number): void {
    const script = pg
      ? `const c = new (require('pg').Client)(process.env.URL); c.connect().then(async () => {
           await c.query('SELECT pg_terminate_backend($1)', [process.env.ID]);
           while ((await c.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [process.env.ID])).rowCount) {}
           await c.end(); })`
      : `const c = require('mysql2/promise'); c.createConnection(process.env.URL).then(async (k) => {
           await k.query('KILL CONNECTION ' + Number(process.env.ID));
           while ((await k.execute('SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = ?', [process.env.ID]))[0].length) {}
           await k.end(); })`;
    const run = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, URL: db.url, ID: String(id) }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((executor) => executor.close()));
  });

  it('replaces an idle connection the server ended once the driver has noticed', async () => {
    const executor = await open({ connectionPoolSize: 1, maxOverflow: 0 });
    const first = await sessionId(executor);
    await kill(first);
    // The server's goodbye can still sit unread in the socket after pg_stat_activity forgets the
    // session; the pool drops the connection once the driver reads it.
    await vi.waitFor(() => expect(executor.poolStatus().total).toBe(0), { timeout: 5000 });
    expect(await sessionId(executor)).not.toBe(first);
    expect(executor.poolStatus()).toMatchObject({ total: 1, idle: 1 });
  });

  it('pre-ping replaces a connection that died unnoticed before handing it out', async () => {
    const executor = await open({ connectionPoolSize: 1, maxOverflow: 0, poolPrePing: true });
    const first = await sessionId(executor);
    killBlocking(first);
    // Same tick: the event loop has not yet seen the server hang up, so the pool still thinks it idle.
    expect(await sessionId(executor)).not.toBe(first);
  });

  it('without pre-ping, the statement on a connection that died unnoticed fails with CONNECTION_FAILED', async () => {
    const executor = await open({ connectionPoolSize: 1, maxOverflow: 0, poolPrePing: false });
    const first = await sessionId(executor);
    killBlocking(first);
    await expect(sessionId(executor)).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(await sessionId(executor)).not.toBe(first);
  });

  it('a pinned connection that dies fails with CONNECTION_FAILED and is discarded on release', async () => {
    const executor = await open({ connectionPoolSize: 1, maxOverflow: 0 });
    const pinned = await executor.acquire();
    const id = await sessionId(pinned);
    await kill(id);
    const error = await pinned.query({ sql: 'SELECT 1', params: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect((error as Error).message).toMatch(new RegExp(`^lost the connection to ${db.dialect}://`));
    pinned.release();
    expect(await sessionId(executor)).not.toBe(id);
  });

  it('recycles connections older than poolRecycle', async () => {
    const executor = await open({ connectionPoolSize: 1, maxOverflow: 0, poolRecycle: 0.2 });
    const first = await sessionId(executor);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await sessionId(executor)).not.toBe(first);
    // At most one: an expired connection is closed, not kept beside its replacement (zero if the query
    // itself outlived the lifetime on a loaded machine).
    expect(executor.poolStatus().total).toBeLessThanOrEqual(1);
  });

  it('fails a statement past statementTimeoutMs with QUERY_TIMEOUT and keeps the pool usable', async () => {
    const executor = await open({}, { statementTimeoutMs: 100 });
    const error = await executor.query({ sql: pg ? 'SELECT pg_sleep(3)' : 'SELECT SLEEP(3)', params: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect(error).toMatchObject({ code: 'QUERY_TIMEOUT', dbCode: pg ? '57014' : '1969' });
    expect((await executor.query({ sql: `SELECT ${placeholders(db, 1)}`, params: ['still here'] })).rows).toEqual([['still here']]);
  });

  it.runIf(!pg)('runs a statement the server cannot prepare through the text protocol', async () => {
    const executor = await open();
    const pinned = await executor.acquire();
    try {
      await pinned.execute({ sql: "PREPARE exec_fallback FROM 'SELECT 40 + ?'", params: [] });
      await pinned.execute({ sql: 'SET @exec_two = ?', params: [2] });
      const result = await pinned.query({ sql: 'EXECUTE exec_fallback USING @exec_two', params: [] });
      expect(result.rows.map((row) => Number(row[0]))).toEqual([42]);
    } finally {
      pinned.release();
    }
  });
});
