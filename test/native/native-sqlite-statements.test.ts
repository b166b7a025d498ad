/**
 * The native SQLite executor keeps its prepared statements (by SQL id) and binds straight from the
 * request buffer: these check what that must not change, against the js executor where it applies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import type { Executor } from '../../src/core/executor/executor.js';
import type { NativeAddon } from '../../src/core/executor/native/native-addon.js';
import { loadNativeAddon } from '../../src/core/executor/native/load-native-addon.js';
import { RequestWriter } from '../../src/core/executor/native/request-writer.js';
import { Op } from '../../src/core/executor/native/wire-codes.js';
import { sqliteUrl } from '../support/databases.js';
import { nativeBuilt, openJs, openNative } from './open-native.js';

describe.runIf(nativeBuilt)('native SQLite statements', () => {
  const db = { dialect: 'sqlite' as const, url: sqliteUrl() };
  let native: Executor;
  let js: Executor;

  beforeAll(async () => {
    native = await openNative(db);
    js = await openJs(db);
    await native.execute({ sql: 'CREATE TABLE st (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)', params: [] });
  });

  afterAll(async () => {
    await native.close();
    await js.close();
  });

  it('reads the new columns of a cached SELECT * after the table changed', async () => {
    await native.execute({ sql: 'INSERT INTO st (id, name) VALUES (?, ?)', params: [1, 'one'] });
    const before = await native.query({ sql: 'SELECT * FROM st WHERE id = ?', params: [1] });
    expect(before.columns).toEqual(['id', 'name', 'score', 'data']);
    await native.execute({ sql: 'ALTER TABLE st ADD COLUMN extra TEXT DEFAULT \'x\'', params: [] });
    const after = await native.query({ sql: 'SELECT * FROM st WHERE id = ?', params: [1] });
    expect(after).toEqual({ columns: ['id', 'name', 'score', 'data', 'extra'], rows: [[1, 'one', null, null, 'x']] });
    await native.execute({ sql: 'ALTER TABLE st RENAME COLUMN extra TO other', params: [] });
    expect((await native.query({ sql: 'SELECT * FROM st WHERE id = ?', params: [1] })).columns).toEqual(['id', 'name', 'score', 'data', 'other']);
  });

  it('returns every value type as the js executor does, on repeated runs of one statement', async () => {
    const values = [
      [2, 'plain', 1.5, Buffer.from([1, 2, 3])],
      [3, 'ünïcödé ✓ 𝄞', -0.25, Buffer.alloc(0)],
      [4, '', 2 ** 40, null],
    ] as const;
    for (const v of values) await native.execute({ sql: 'INSERT INTO st (id, name, score, data) VALUES (?, ?, ?, ?)', params: [...v] });
    const sql = 'SELECT id, name, score, data, id * 4294967296 AS big FROM st WHERE id >= ? ORDER BY id';
    for (let i = 0; i < 3; i++) {
      expect(await native.query({ sql, params: [2] })).toEqual(await js.query({ sql, params: [2] }));
      expect(await native.query({ sql, params: [2], safeIntegers: true })).toEqual(await js.query({ sql, params: [2], safeIntegers: true }));
    }
  });

  it('reports a wrong parameter count and a failing statement, then runs the statement again', async () => {
    const sql = 'SELECT name FROM st WHERE id = ?';
    await expect(native.query({ sql, params: [] })).rejects.toMatchObject({ dbCode: 'SQLITE_RANGE' });
    await expect(native.query({ sql, params: [1, 2] })).rejects.toMatchObject({ dbCode: 'SQLITE_RANGE' });
    expect((await native.query({ sql, params: [1] })).rows).toEqual([['one']]);
    const insert = 'INSERT INTO st (id, name) VALUES (?, ?)';
    await expect(native.execute({ sql: insert, params: [1, 'dup'] })).rejects.toMatchObject({ dbCode: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(await native.execute({ sql: insert, params: [10, 'ten'] })).toEqual({ rowsAffected: 1, insertId: 10 });
    expect(await native.execute({ sql: insert, params: [11n, 'eleven'], safeIntegers: true })).toEqual({ rowsAffected: 1, insertId: 11n });
    await expect(native.query({ sql: 'SELECT 1; SELECT 2', params: [] })).rejects.toThrow(/Multiple statements/);
    await expect(native.query({ sql: '  -- nothing', params: [] })).rejects.toThrow(/contains no statements/);
    await expect(js.query({ sql: '  -- nothing', params: [] })).rejects.toThrow(/contains no statements/);
  });

  it('answers a batch that fails part-way with the error, and keeps working', async () => {
    const ok = { sql: 'SELECT count(*) FROM st', params: [] };
    await expect(native.batch([ok, { sql: 'SELECT nope FROM st', params: [] }, ok])).rejects.toMatchObject({ dbCode: 'SQLITE_ERROR' });
    const [a, b] = await native.batch([ok, { sql: 'SELECT ? + 1', params: [41] }]);
    expect(a!.rows).toEqual((await js.query(ok)).rows);
    expect(b!.rows).toEqual([[42]]);
  });

  it('returns a result larger than the receive buffer, twice', async () => {
    const sql = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT i, printf(\'%0100d\', i) FROM n';
    for (let i = 0; i < 2; i++) {
      const { rows } = await native.query({ sql, params: [20000] });
      expect(rows.length).toBe(20000);
      expect(rows[19999]).toEqual([20000, `${'0'.repeat(95)}20000`]);
    }
    expect((await native.query({ sql, params: [2] })).rows.length).toBe(2);
  });
});

describe.runIf(nativeBuilt)('native SQLite runner function', () => {
  it('contains a panic, works after it, and fails once the handle is closed', () => {
    const addon: NativeAddon = loadNativeAddon();
    const db = new addon.NativeSqlite(parseDatabaseUrl(sqliteUrl()).filename!, 'rwc', 1000);
    const run = db.runner();
    const writer = new RequestWriter();
    const out = Buffer.alloc(4096);
    writer.header(Op.panic, 1, 0, 0);
    expect(() => run(writer.buffer, writer.take(), out)).toThrow(/panicked/);
    writer.statement(Op.query, 2, 0, { sql: 'SELECT 40 + 2', params: [] });
    expect(run(writer.buffer, writer.take(), out)).toBeGreaterThan(0);
    expect(() => run(writer.buffer, writer.buffer.length + 1, out)).toThrow(/length past the buffer/);
    db.close();
    writer.statement(Op.query, 3, 0, { sql: 'SELECT 1', params: [] });
    expect(() => run(writer.buffer, writer.take(), out)).toThrow(/closed/);
  });
});
