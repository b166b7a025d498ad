/**
 * The server ends a connection while Oxen is using it: during a statement, at COMMIT, during a COPY.
 * On both executors the caller gets a ConnectionError naming the database without its password, is
 * never told a transaction committed when it did not, and the pool replaces the connection by itself.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/core/ground/errors.js';
import type { Executor, Queryable } from '../../src/core/executor/executor.js';
import type { ExecutorKind } from '../../src/core/ground/values.js';
import { testDatabases } from '../support/databases.js';
import { adminQuery, createLogin, dropLogin, killSession, sessionRunning } from '../support/server-sessions.js';
import { nativeBuilt, openJs, openNative } from '../native/open-native.js';

const SECRET = 'kill-test-Secret-42';
const servers = testDatabases().filter((db) => db.dialect !== 'sqlite');
const kinds: ExecutorKind[] = nativeBuilt ? ['js', 'native'] : ['js'];
const targets = servers.flatMap((db) => kinds.map((kind) => ({ db, kind, label: `${db.dialect}/${kind}` })));

describe.skipIf(targets.length === 0).each(targets)('killed connection on $label', ({ db, kind }) => {
  const pg = db.dialect === 'postgres';
  const user = `oxen_kill_${process.pid}_${kind}`;
  const table = `${user}_rows`;
  let url = '';
  const opened: Executor[] = [];
  const open = async () => {
    const target = { ...db, url };
    // One connection, so "replaced" is visible as a new session id and a pool of one.
    const executor = await (kind === 'native' ? openNative : openJs)(target, { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 10 });
    opened.push(executor);
    return executor;
  };
  const sessionId = async (on: Queryable) =>
    Number((await on.query({ sql: pg ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()', params: [] })).rows[0]![0]);
  const rowCount = async () => Number((await adminQuery(db, `SELECT COUNT(*) FROM ${table}`))[0]![0]);

  function expectConnectionError(error: unknown): void {
    expect(error).toBeInstanceOf(ConnectionError);
    const { message } = error as Error;
    expect(message).toContain(`${db.dialect}://${user}:***@`);
    expect(message).not.toContain(SECRET);
  }

  /** The pool gave up the dead connection: the next statement runs, on a new session. */
  async function expectReplaced(executor: Executor, killed: number): Promise<void> {
    expect(await sessionId(executor)).not.toBe(killed);
    expect(executor.poolStatus()).toMatchObject({ total: 1, inUse: 0 });
  }

  beforeAll(async () => {
    url = await createLogin(db, user, SECRET);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((executor) => executor.close()));
    await adminQuery(db, `DROP TABLE IF EXISTS ${table}`);
  });
  afterAll(async () => {
    await dropLogin(db, user);
  });

  async function createTable(): Promise<void> {
    await adminQuery(db, `CREATE TABLE ${table} (id integer PRIMARY KEY, payload varchar(200))`);
    if (pg) await adminQuery(db, `GRANT ALL ON ${table} TO "${user}"`);
  }

  it('during a statement: ConnectionError, then the pool replaces the connection', async () => {
    const executor = await open();
    const marker = `${user}_sleep`;
    const sleeping = executor.query({ sql: `SELECT ${pg ? 'pg_sleep(30)' : 'SLEEP(30)'}, '${marker}'`, params: [] }).catch((e: unknown) => e);
    const id = await sessionRunning(db, user, marker);
    await killSession(db, id);
    expectConnectionError(await sleeping);
    await expectReplaced(executor, id);
  });

  it('before COMMIT: the COMMIT fails with ConnectionError and nothing was committed', async () => {
    await createTable();
    const executor = await open();
    const pinned = await executor.acquire();
    const id = await sessionId(pinned);
    await pinned.execute({ sql: 'BEGIN', params: [] });
    await pinned.execute({ sql: `INSERT INTO ${table} (id, payload) VALUES (1, 'uncommitted')`, params: [] });
    await killSession(db, id);
    expectConnectionError(await pinned.execute({ sql: 'COMMIT', params: [] }).then(() => 'COMMIT reported success', (e: unknown) => e));
    expect(await rowCount()).toBe(0);
    pinned.release(true);
    await expectReplaced(executor, id);
  });

  it.runIf(pg)('while COMMIT runs a deferred trigger: the caller is told the outcome is unknown, and it did not commit', async () => {
    await createTable();
    const fn = `${user}_slow_commit`;
    // A deferred constraint trigger runs inside COMMIT, which holds COMMIT open long enough to kill it.
    await adminQuery(db, `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$`);
    await adminQuery(db, `CREATE CONSTRAINT TRIGGER ${fn} AFTER INSERT ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      const executor = await open();
      const pinned = await executor.acquire();
      const id = await sessionId(pinned);
      await pinned.execute({ sql: 'BEGIN', params: [] });
      await pinned.execute({ sql: `INSERT INTO ${table} (id, payload) VALUES (1, 'in commit')`, params: [] });
      const committing = pinned.execute({ sql: 'COMMIT', params: [] }).then(() => 'COMMIT reported success', (e: unknown) => e);
      expect(await sessionRunning(db, user, 'COMMIT')).toBe(id);
      await killSession(db, id);
      const error = await committing;
      expectConnectionError(error);
      expect((error as Error).message).toMatch(/may or may not have run/);
      expect(await rowCount()).toBe(0);
      pinned.release(true);
      await expectReplaced(executor, id);
    } finally {
      await adminQuery(db, `DROP TABLE IF EXISTS ${table}`);
      await adminQuery(db, `DROP FUNCTION IF EXISTS ${fn}()`);
    }
  });

  it.runIf(pg && kind === 'native')('during a COPY: ConnectionError, no rows committed, the pool replaces the connection', async () => {
    await createTable();
    const executor = await open();
    expect(executor.copyInsert).toBeDefined();
    const rows = Array.from({ length: 300_000 }, (_, i) => [i, `row ${i} `.padEnd(120, 'x')]);
    const copying = executor.copyInsert!(table, ['id', 'payload'], rows).then(() => 'COPY reported success', (e: unknown) => e);
    const id = await sessionRunning(db, user, 'COPY');
    await killSession(db, id);
    expectConnectionError(await copying);
    expect(await rowCount()).toBe(0);
    await expectReplaced(executor, id);
  });
});
