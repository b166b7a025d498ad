/**
 * Every canonical value (executor.ts) written with bound parameters and read back exactly, on every
 * database. The process runs in a non-UTC zone here so a local-time conversion anywhere would show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/core/executor/executor.js';
import type { SqlValue } from '../../src/core/ground/values.js';
import { testDatabases, type TestDatabase } from '../support/databases.js';
import { openExecutor, placeholders } from './open-executor.js';

const TABLE = 'exec_rt_values';
const COLUMNS = ['i', 'big', 'dec', 'f', 'b', 't', 'ts', 'tstz', 'd', 'j', 'u', 'bin'] as const;

const DDL: Record<TestDatabase['dialect'], string> = {
  postgres: `CREATE TABLE ${TABLE} (id serial PRIMARY KEY, i integer, big bigint, dec numeric(40,10), f double precision,
    b boolean, t text, ts timestamp(3), tstz timestamptz(3), d date, j jsonb, u uuid, bin bytea)`,
  mysql: `CREATE TABLE ${TABLE} (id integer AUTO_INCREMENT PRIMARY KEY, i integer, big bigint, \`dec\` decimal(40,10), f double,
    b tinyint(1), t text, ts datetime(3), tstz timestamp(3) NULL, d date, j json, u char(36), bin longblob) CHARACTER SET utf8mb4`,
  sqlite: `CREATE TABLE ${TABLE} (id integer PRIMARY KEY, i integer, big integer, dec text, f real,
    b integer, t text, ts text, tstz text, d text, j text, u text, bin blob)`,
};

const instant = new Date('2024-02-29T23:59:59.123Z');
const text = `Zoë's "naïve" café — 日本語 🦀👩‍👩‍👧 \t\n\\ end`;
const json = '{"a": [1, 2.5, "x"], "b": null, "c": "ünï"}';
const uuid = '6f1c0e36-3c55-4c1e-9d0a-4d3f1b2a9e10';
const bytes = Buffer.from([0, 1, 2, 39, 92, 253, 254, 255]);

const written: SqlValue[] = [-2147483648, 9007199254740993n, '-12345678901234567890.0123456789', 3.141592653589793, true, text, instant, instant, '2024-02-29', json, uuid, bytes];

/** What each database returns for `written`, per the canonical mapping. */
const expected: Record<TestDatabase['dialect'], unknown[]> = {
  postgres: [-2147483648, '9007199254740993', '-12345678901234567890.0123456789', 3.141592653589793, true, text, instant, instant, '2024-02-29', json, uuid, bytes],
  mysql: [-2147483648, '9007199254740993', '-12345678901234567890.0123456789', 3.141592653589793, 1, text, instant, instant, '2024-02-29', json, uuid, bytes],
  // Read with `safeIntegers`, so every SQLite integer is a bigint.
  sqlite: [-2147483648n, 9007199254740993n, '-12345678901234567890.0123456789', 3.141592653589793, 1n, text, instant.toISOString(), instant.toISOString(), '2024-02-29', json, uuid, bytes],
};

describe.each(testDatabases())('round trip on $dialect', (db) => {
  let executor: Executor;
  const quote = (name: string) => (db.dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const selectAll = `SELECT ${COLUMNS.map(quote).join(', ')} FROM ${TABLE} ORDER BY id`;
  const previousTz = process.env.TZ;

  beforeAll(async () => {
    process.env.TZ = 'America/New_York';
    executor = await openExecutor(db);
    await executor.execute({ sql: `DROP TABLE IF EXISTS ${TABLE}`, params: [] });
    await executor.execute({ sql: DDL[db.dialect], params: [] });
    const insert = `INSERT INTO ${TABLE} (${COLUMNS.map(quote).join(', ')}) VALUES (${placeholders(db, COLUMNS.length)})`;
    await executor.execute({ sql: insert, params: written });
    await executor.execute({ sql: insert, params: COLUMNS.map(() => null) });
  });

  afterAll(async () => {
    if (previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = previousTz;
    await executor?.execute({ sql: `DROP TABLE IF EXISTS ${TABLE}`, params: [] });
    await executor?.close();
  });

  it('returns the columns in select order and every value exactly', async () => {
    const result = await executor.query({ sql: selectAll, params: [], safeIntegers: true });
    expect(result.columns).toEqual([...COLUMNS]);
    expect(result.rows).toHaveLength(2);
    const row = result.rows[0]!;
    COLUMNS.forEach((column, i) => expect({ column, value: row[i] }).toEqual({ column, value: expected[db.dialect][i] }));
    if (db.dialect !== 'sqlite') expect([row[6], row[7]]).toEqual([expect.any(Date), expect.any(Date)]);
    expect(Buffer.isBuffer(row[11])).toBe(true);
  });

  it('returns NULL as null in every column', async () => {
    const result = await executor.query({ sql: selectAll, params: [] });
    expect(result.rows[1]).toEqual(COLUMNS.map(() => null));
  });

  it('finds rows by bound values of each type', async () => {
    const where = (column: string, n = 1) => `SELECT COUNT(*) FROM ${TABLE} WHERE ${quote(column)} = ${placeholders(db, 1, n)}`;
    for (const [column, value] of [['big', 9007199254740993n], ['ts', instant], ['t', text], ['bin', bytes], ['u', uuid], ['b', true]] as const) {
      const count = await executor.query({ sql: where(column), params: [value] });
      expect({ column, count: Number(count.rows[0]![0]) }).toEqual({ column, count: 1 });
    }
  });

  it('reads small integers as numbers and booleans per dialect without safeIntegers', async () => {
    const result = await executor.query({ sql: `SELECT i, b FROM ${TABLE} WHERE i IS NOT NULL`, params: [] });
    expect(result.rows).toEqual([[-2147483648, db.dialect === 'postgres' ? true : 1]]);
  });

  it('reads integers beyond 2^53 without losing digits', async () => {
    const sql = `SELECT big FROM ${TABLE} WHERE big IS NOT NULL`;
    const result = await executor.query({ sql, params: [], safeIntegers: true });
    expect(String(result.rows[0]![0])).toBe('9007199254740993');
  });

  it('reports rows affected, and the generated id where the database gives one', async () => {
    const update = await executor.execute({ sql: `UPDATE ${TABLE} SET i = ${placeholders(db, 1)} WHERE i IS NULL`, params: [7] });
    expect(update.rowsAffected).toBe(1);
    const insert = await executor.execute({ sql: `INSERT INTO ${TABLE} (i) VALUES (${placeholders(db, 1)})`, params: [8] });
    expect(insert.rowsAffected).toBe(1);
    if (db.dialect === 'postgres') expect(insert.insertId).toBeUndefined();
    else expect(Number(insert.insertId)).toBe(3);
    await executor.execute({ sql: `DELETE FROM ${TABLE} WHERE i = ${placeholders(db, 1)}`, params: [8] });
  });
});
