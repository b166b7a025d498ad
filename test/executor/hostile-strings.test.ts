/** Strings that would break spliced SQL are bound as values: stored and found exactly, the table intact. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/core/executor/executor.js';
import { testDatabases } from '../support/databases.js';
import { openExecutor, placeholders } from './open-executor.js';

const TABLE = 'exec_hostile';
const HOSTILE = [
  "'; DROP TABLE exec_hostile; --",
  "Robert'); DROP TABLE exec_hostile;--",
  '" OR "1"="1',
  "' OR '1'='1",
  "''",
  '100%',
  '%',
  '_',
  'a_b%c',
  '\\',
  "\\'",
  '\\\\%',
  'C:\\path\\to\\file',
  '$1 $2 ? ?? :name @var',
  '/* comment */ --',
  '`backtick`',
  ';',
];

describe.each(testDatabases())('hostile strings on $dialect', (db) => {
  let executor: Executor;
  const p = (n = 1) => placeholders(db, 1, n);

  beforeAll(async () => {
    executor = await openExecutor(db);
    await executor.execute({ sql: `DROP TABLE IF EXISTS ${TABLE}`, params: [] });
    const textType = db.dialect === 'mysql' ? 'varchar(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin' : 'text';
    await executor.execute({ sql: `CREATE TABLE ${TABLE} (id integer PRIMARY KEY, s ${textType})`, params: [] });
    for (const [i, value] of HOSTILE.entries()) {
      await executor.execute({ sql: `INSERT INTO ${TABLE} (id, s) VALUES (${placeholders(db, 2)})`, params: [i, value] });
    }
  });

  afterAll(async () => {
    await executor?.execute({ sql: `DROP TABLE IF EXISTS ${TABLE}`, params: [] });
    await executor?.close();
  });

  it('stores every string exactly, in a table that still exists', async () => {
    const result = await executor.query({ sql: `SELECT s FROM ${TABLE} ORDER BY id`, params: [] });
    expect(result.rows.map((row) => row[0])).toEqual(HOSTILE);
  });

  it.each(HOSTILE.map((value, id) => ({ value, id })))('finds $value by equality and nothing else', async ({ value, id }) => {
    const result = await executor.query({ sql: `SELECT id FROM ${TABLE} WHERE s = ${p()}`, params: [value] });
    expect(result.rows.map((row) => Number(row[0]))).toEqual([id]);
  });

  it('treats a bound LIKE pattern as data of the pattern, not of the SQL', async () => {
    const escape = db.dialect === 'mysql' ? '' : " ESCAPE '\\'";
    const sql = `SELECT COUNT(*) FROM ${TABLE} WHERE s LIKE ${p()}${escape}`;
    const literalPercent = await executor.query({ sql, params: ['100\\%'] });
    expect(Number(literalPercent.rows[0]![0])).toBe(1);
    const everything = await executor.query({ sql, params: ['%'] });
    expect(Number(everything.rows[0]![0])).toBe(HOSTILE.length);
  });

  it('binds LIMIT and OFFSET as parameters', async () => {
    const sql = `SELECT id FROM ${TABLE} ORDER BY id LIMIT ${p()} OFFSET ${p(2)}`;
    const result = await executor.query({ sql, params: [3, 2] });
    expect(result.rows.map((row) => Number(row[0]))).toEqual([2, 3, 4]);
  });

  it('updates and deletes by hostile values without touching other rows', async () => {
    const update = await executor.execute({ sql: `UPDATE ${TABLE} SET s = ${p()} WHERE s = ${p(2)}`, params: ["x' --", "' OR '1'='1"] });
    expect(update.rowsAffected).toBe(1);
    const deleted = await executor.execute({ sql: `DELETE FROM ${TABLE} WHERE s = ${p()}`, params: ["x' --"] });
    expect(deleted.rowsAffected).toBe(1);
    const count = await executor.query({ sql: `SELECT COUNT(*) FROM ${TABLE}`, params: [] });
    expect(Number(count.rows[0]![0])).toBe(HOSTILE.length - 1);
  });
});
