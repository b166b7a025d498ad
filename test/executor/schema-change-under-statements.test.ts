/**
 * A table altered while statements on it are prepared (a migration applied while the application
 * runs): the next run of each statement answers for the new table, on every executor and database.
 * PostgreSQL keeps a prepared statement's parameter types from its first Parse, so an INSERT prepared
 * for an `integer` column would refuse a value only the new `bigint` column holds, until prepared again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/core/executor/create-executor.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { testTargets } from '../support/orm.js';
import { placeholders } from './open-executor.js';

const POOL = { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false };
const BIG = 3_000_000_000;

describe.each(testTargets())('schema change under prepared statements on $label', (target) => {
  let executor: Executor;
  const table = `exs_${target.executor}`;
  const run = (sql: string, params: (number | string)[] = []) => executor.execute({ sql, params });

  beforeAll(async () => {
    executor = await createExecutor(parseDatabaseUrl(target.url), POOL, target.executor);
    await run(`DROP TABLE IF EXISTS ${table}`);
    await run(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`);
  });
  afterAll(async () => {
    try {
      await run(`DROP TABLE IF EXISTS ${table}`);
    } finally {
      await executor.close();
    }
  });

  it('an INSERT and a SELECT prepared before ALTER COLUMN … TYPE bigint run against the new type', async () => {
    const insert = `INSERT INTO ${table} (id, n) VALUES (${placeholders(target, 2)})`;
    const select = `SELECT n FROM ${table} WHERE n = ${placeholders(target, 1)}`;
    await run(insert, [1, 7]);
    expect((await executor.query({ sql: select, params: [7] })).rows.map((r) => Number(r[0]))).toEqual([7]);

    const alter = {
      postgres: `ALTER TABLE ${table} ALTER COLUMN n TYPE bigint`,
      mysql: `ALTER TABLE ${table} MODIFY n BIGINT NOT NULL`,
      sqlite: undefined,
    }[target.dialect];
    // SQLite's columns take any integer; its statements are prepared again by SQLite itself.
    if (alter !== undefined) await run(alter);

    await run(insert, [2, BIG]);
    expect((await executor.query({ sql: select, params: [BIG] })).rows.map((r) => Number(r[0]))).toEqual([BIG]);
  });

  it('a value the column cannot hold still fails, with the database’s message', async () => {
    const insert = `INSERT INTO ${table} (id, n) VALUES (${placeholders(target, 2)})`;
    const huge = target.dialect === 'sqlite' ? undefined : '99999999999999999999';
    if (huge === undefined) return;
    await expect(run(insert, [3, huge])).rejects.toThrow(/out of range|Out of range/);
  });
});
