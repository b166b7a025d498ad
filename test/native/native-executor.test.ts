/** The native executor's Executor contract on every test database: rows, writes, batches, pinning, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, QueryError, UsageError } from '../../src/core/ground/errors.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { testDatabases } from '../support/databases.js';
import { NUMBERS_TO_100K } from '../support/numbers-sql.js';
import { nativeBuilt, openNative, ph } from './open-native.js';

describe.runIf(nativeBuilt).each(testDatabases())('native executor on $dialect', (db) => {
  let ex: Executor;
  const table = 'native_exec_items';

  beforeAll(async () => {
    ex = await openNative(db);
    await ex.execute({ sql: `DROP TABLE IF EXISTS ${table}`, params: [] });
    const id = db.dialect === 'postgres' ? 'SERIAL PRIMARY KEY' : db.dialect === 'mysql' ? 'INT AUTO_INCREMENT PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    await ex.execute({ sql: `CREATE TABLE ${table} (id ${id}, name VARCHAR(100) NOT NULL UNIQUE, qty INT)`, params: [] });
  });

  afterAll(async () => {
    await ex?.execute({ sql: `DROP TABLE IF EXISTS ${table}`, params: [] });
    await ex?.close();
  });

  it('reports its kind, dialect and server version', async () => {
    expect(ex.kind).toBe('native');
    expect(ex.dialect).toBe(db.dialect);
    expect(await ex.serverVersion()).toMatch(/^(PostgreSQL \d+|\d+\.\d+\.\d+-MariaDB|MySQL \d|SQLite 3\.)/);
  });

  it('inserts with bound parameters and reads the rows back in column order', async () => {
    const insert = `INSERT INTO ${table} (name, qty) VALUES (${ph(db, 1)}, ${ph(db, 2)})`;
    const first = await ex.execute({ sql: insert, params: ['apple', 3] });
    expect(first.rowsAffected).toBe(1);
    if (db.dialect !== 'postgres') expect(first.insertId).toBe(1);
    await ex.execute({ sql: insert, params: ['pear', null] });
    const result = await ex.query({ sql: `SELECT name, qty FROM ${table} ORDER BY id`, params: [] });
    expect(result.columns).toEqual(['name', 'qty']);
    expect(result.rows).toEqual([['apple', 3], ['pear', null]]);
  });

  it('runs statements issued in the same tick together, each with its own result', async () => {
    const sql = `SELECT ${ph(db, 1)} AS v`;
    const values = Array.from({ length: 50 }, (_, i) => `value-${i}`);
    const results = await Promise.all(values.map((v) => ex.query({ sql, params: [v] })));
    expect(results.map((r) => r.rows[0]![0])).toEqual(values);
  });

  it('answers results larger than its drain buffer, mixed with small ones, each with its own rows', async () => {
    // Rows of about 60 bytes: 20,000 of them pass the channel's first 256 KiB buffer, which then grows and is reused.
    const text = db.dialect === 'mysql' ? `CONCAT(REPEAT('x', 40), '-', n)` : `'${'x'.repeat(40)}-' || n`;
    const sql = `SELECT n, ${text} AS t FROM (${NUMBERS_TO_100K}) s WHERE n <= ${ph(db, 1)} ORDER BY n`;
    // Every row: on MySQL a large result arrives in parts (native/src/rows.rs), joined in order by the channel.
    const expectRows = (rows: readonly (readonly unknown[])[], count: number) => {
      expect(rows.length).toBe(count);
      const wrong = rows.findIndex((row, k) => Number(row[0]) !== k + 1 || row[1] !== `${'x'.repeat(40)}-${k + 1}`);
      expect(wrong).toBe(-1);
    };
    const counts = [30_000, 3, 20_000, 5, 25_000];
    const mixed = await Promise.all(counts.map((n) => ex.query({ sql, params: [n] })));
    mixed.forEach((result, i) => expectRows(result.rows, counts[i]!));
    for (const n of [25_000, 20_000, 4]) expectRows((await ex.query({ sql, params: [n] })).rows, n);
    // queryMapped (PostgreSQL and MySQL): the same rows, each mapped once, in order, parts included.
    if (ex.queryMapped === undefined) return;
    const mapRow = (row: readonly unknown[]) => [row[0], row[1]];
    const mappedCounts = [30_000, 2, 20_000];
    const mapped = await Promise.all(mappedCounts.map((n) => ex.queryMapped!({ sql, params: [n] }, mapRow)));
    mapped.forEach((rows, i) => expectRows(rows, mappedCounts[i]!));
    const conn = await ex.acquire();
    try {
      expectRows(await conn.queryMapped!({ sql, params: [25_000] }, mapRow), 25_000);
    } finally {
      conn.release();
    }
  });

  it.runIf(db.dialect !== 'sqlite')('queryMapped: a mapper that throws fails that query only, with its own error', async () => {
    // Not an OxenError: a field decoder's own error reaches the caller as thrown.
    const failure = new RangeError('mapper refused the row');
    const mapRow = (row: readonly unknown[]) => {
      if (row[0] === 'bad') throw failure;
      return row[0];
    };
    const sql = `SELECT ${ph(db, 1)} AS v`;
    const [bad, good] = await Promise.allSettled([ex.queryMapped!({ sql, params: ['bad'] }, mapRow), ex.queryMapped!({ sql, params: ['good'] }, mapRow)]);
    expect(bad).toEqual({ status: 'rejected', reason: failure });
    expect(good).toEqual({ status: 'fulfilled', value: ['good'] });
  });

  it.runIf(db.dialect !== 'sqlite')('fails a large result that errs after its first rows were sent, and serves the next statement', async () => {
    // The server sends 24,999 rows, then the error: the rows already decoded must not become a result.
    const failing = db.dialect === 'mysql' ? 'IF(n = 25000, (SELECT 1 UNION ALL SELECT 2), n)' : 'CASE WHEN n = 25000 THEN 1 / (n - n) ELSE n END';
    const sql = `SELECT n, ${failing} AS v, REPEAT('y', 40) AS t FROM (${NUMBERS_TO_100K}) s ORDER BY n`;
    for (const run of [() => ex.query({ sql, params: [] }), () => ex.queryMapped!({ sql, params: [] }, (row) => row)]) {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as QueryError).dbCode).toBe(db.dialect === 'mysql' ? '1242' : '22012');
    }
    expect((await ex.query({ sql: `SELECT ${ph(db, 1)} AS v`, params: ['next'] })).rows).toEqual([['next']]);
  });

  it('runs a batch in order on one connection', async () => {
    const results = await ex.batch([
      { sql: `SELECT COUNT(*) AS n FROM ${table}`, params: [] },
      { sql: `SELECT name FROM ${table} WHERE qty = ${ph(db, 1)}`, params: [3] },
    ]);
    expect(results.map((r) => r.rows)).toEqual([[[db.dialect === 'sqlite' ? 2 : '2']], [['apple']]]);
  });

  it('keeps a transaction on a pinned connection and rolls it back', async () => {
    const conn = await ex.acquire();
    await conn.execute({ sql: 'BEGIN', params: [] });
    await conn.execute({ sql: `UPDATE ${table} SET qty = ${ph(db, 1)}`, params: [99] });
    expect((await conn.query({ sql: `SELECT MAX(qty) FROM ${table}`, params: [] })).rows[0]![0]).toBe(99);
    await conn.execute({ sql: 'ROLLBACK', params: [] });
    conn.release();
    expect((await ex.query({ sql: `SELECT MAX(qty) FROM ${table}`, params: [] })).rows[0]![0]).toBe(3);
    await expect(conn.query({ sql: 'SELECT 1', params: [] })).rejects.toBeInstanceOf(UsageError);
  });

  it('fails a bad statement with QueryError carrying the SQL and the database code', async () => {
    const sql = 'SELECT * FROM native_exec_missing_table';
    const error = await ex.query({ sql, params: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).sql).toBe(sql);
    expect((error as QueryError).dbCode).toBe({ postgres: '42P01', mysql: '1146', sqlite: 'SQLITE_ERROR' }[db.dialect]);
  });

  it('maps a unique violation to its code and keeps the pool usable', async () => {
    const insert = `INSERT INTO ${table} (name, qty) VALUES (${ph(db, 1)}, ${ph(db, 2)})`;
    const error = (await ex.execute({ sql: insert, params: ['apple', 1] }).catch((e: unknown) => e)) as QueryError;
    expect(error.dbCode).toBe({ postgres: '23505', mysql: '1062', sqlite: 'SQLITE_CONSTRAINT_UNIQUE' }[db.dialect]);
    expect((await ex.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]]);
  });

  it('refuses a value it cannot bind, naming its position, without sending anything', async () => {
    const bad = { sql: `SELECT ${ph(db, 1)}`, params: [{} as unknown as string] };
    await expect(ex.query(bad)).rejects.toThrow(/parameter 1 is a Object/);
    await expect(ex.query({ sql: `SELECT ${ph(db, 1)}`, params: [new Date(NaN)] })).rejects.toThrow(/invalid Date/);
    expect((await ex.query({ sql: 'SELECT 2', params: [] })).rows).toEqual([[2]]);
    // The refused statement's SQL text was never sent, so its next use must define it.
    const fresh = `SELECT ${ph(db, 1)} AS never_sent_before`;
    await expect(ex.query({ sql: fresh, params: [Symbol('x') as unknown as string] })).rejects.toThrow(/cannot be bound/);
    expect((await ex.query({ sql: fresh, params: ['ok'] })).rows).toEqual([['ok']]);
  });

  it.runIf(db.dialect === 'sqlite')('keeps working past the SQL text cache limit, when both sides forget their texts', async () => {
    const results = [];
    for (let i = 0; i < 5100; i++) results.push((await ex.query({ sql: `SELECT ${i} AS n`, params: [] })).rows[0]![0]);
    expect(results[5099]).toBe(5099);
    expect((await ex.query({ sql: 'SELECT 0 AS n', params: [] })).rows).toEqual([[0]]);
  });

  it('reports pool status and rejects statements after close', async () => {
    const other = await openNative(db);
    const status = other.poolStatus();
    expect(status.total).toBeGreaterThanOrEqual(1);
    expect(status.inUse).toBe(0);
    await other.close();
    const error = await other.query({ sql: 'SELECT 1', params: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('POOL_CLOSED');
  });
});
