/** PostgreSQL COPY for bulk inserts, and result sets larger than the reusable receive buffer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/core/executor/executor.js';
import { postgresUrl, testDatabases } from '../support/databases.js';
import { nativeBuilt, openJs, openNative } from './open-native.js';

describe.runIf(nativeBuilt && postgresUrl)('copyInsert on PostgreSQL', () => {
  let native: Executor;
  let js: Executor;
  const table = 'native_copy_items';

  beforeAll(async () => {
    const db = { dialect: 'postgres' as const, url: postgresUrl! };
    native = await openNative(db);
    js = await openJs(db);
    await native.execute({ sql: `DROP TABLE IF EXISTS ${table}`, params: [] });
    await native.execute({
      sql: `CREATE TABLE ${table} (id int PRIMARY KEY, label text, price numeric(10,2), at timestamptz, blob bytea, flag boolean, big bigint)`,
      params: [],
    });
  });

  afterAll(async () => {
    await native?.execute({ sql: `DROP TABLE IF EXISTS ${table}`, params: [] });
    await native?.close();
    await js?.close();
  });

  it('is offered on PostgreSQL only', () => {
    expect(typeof native.copyInsert).toBe('function');
  });

  it('writes every row, with values that need escaping, as INSERT would have', async () => {
    const hostile = 'tab\there\nnewline \\N back\\slash "q" \'s\' 🐂';
    const rows = Array.from({ length: 5000 }, (_, i) => [
      i,
      i % 7 === 0 ? null : `${hostile} ${i}`,
      (i * 1.25).toFixed(2),
      new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
      Buffer.from([i % 256, 0, 255, 92]),
      i % 2 === 0,
      BigInt(i) * 10_000_000_000n,
    ]);
    const result = await native.copyInsert!(table, ['id', 'label', 'price', 'at', 'blob', 'flag', 'big'], rows);
    expect(result.rowsAffected).toBe(5000);
    const read = await js.query({ sql: `SELECT id, label, price, at, blob, flag, big FROM ${table} ORDER BY id`, params: [] });
    expect(read.rows).toHaveLength(5000);
    expect(read.rows[1]).toEqual([1, `${hostile} 1`, '1.25', new Date(Date.UTC(2024, 0, 1, 0, 0, 1)), Buffer.from([1, 0, 255, 92]), false, '10000000000']);
    expect(read.rows[7]![1]).toBeNull();
  });

  it('fails with the database code when a row violates a constraint, inserting nothing', async () => {
    const error = await native.copyInsert!(table, ['id', 'label'], [[100000, 'a'], [100000, 'b']]).catch((e: unknown) => e);
    expect((error as { dbCode?: string }).dbCode).toBe('23505');
    expect((await js.query({ sql: `SELECT count(*) FROM ${table} WHERE id = 100000`, params: [] })).rows).toEqual([['0']]);
  });
});

describe.runIf(nativeBuilt).each(testDatabases())('large results on $dialect', (db) => {
  it('delivers a result far larger than the receive buffer, intact', async () => {
    const native = await openNative(db);
    try {
      const sql = {
        postgres: "SELECT g, repeat('x', 50) || g FROM generate_series(1, 60000) AS g",
        // MariaDB's sequence engine; a recursive CTE stops at max_recursive_iterations (1000).
        mysql: "SELECT seq, CONCAT(REPEAT('x', 50), seq) FROM seq_1_to_60000",
        sqlite: "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 60000) SELECT g, printf('%.50c', 'x') || g FROM s",
      }[db.dialect];
      const stmt = { sql, params: [] };
      const [big, small] = await Promise.all([native.query(stmt), native.query({ sql: 'SELECT 7', params: [] })]);
      expect(big.rows).toHaveLength(60000);
      // MariaDB's seq column is BIGINT UNSIGNED, which reads as a decimal string.
      expect(big.rows[59999]).toEqual([db.dialect === 'mysql' ? '60000' : 60000, `${'x'.repeat(50)}60000`]);
      expect(small.rows).toEqual([[7]]);
    } finally {
      await native.close();
    }
  });
});
