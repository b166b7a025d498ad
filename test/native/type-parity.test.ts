/**
 * Type fidelity: for every column type on every database, the native executor returns exactly what the
 * js executor returns (the canonical mapping in executor.ts). Rows are written once with literals and
 * once through bound parameters by each executor, then read by both and compared value by value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/core/executor/executor.js';
import type { SqlValue, Statement } from '../../src/core/ground/values.js';
import { mysqlUrl, postgresUrl, sqliteUrl, type TestDatabase } from '../support/databases.js';
import { nativeBuilt, openJs, openNative } from './open-native.js';

interface Case {
  readonly db: TestDatabase;
  readonly table: string;
  /** column name → SQL type */
  readonly columns: Readonly<Record<string, string>>;
  /** Rows as SQL literals, one string per column. */
  readonly literals: readonly (readonly string[])[];
  /** Rows as bound values. */
  readonly bound: readonly (readonly SqlValue[])[];
}

const text = 'plain, "quoted", back\\slash, tab\there, newline\nhere, 日本語, émoji 🐂🏳️‍🌈, é (e + U+0301), 𝔘';
const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const when = new Date('2024-02-29T12:34:56.789Z');
const old = new Date('1969-07-20T20:17:40.5Z');

const cases: Case[] = [];
if (postgresUrl) {
  cases.push({
    db: { dialect: 'postgres', url: postgresUrl },
    table: 'native_parity_pg',
    columns: {
      i2: 'smallint', i4: 'integer', i8: 'bigint', f4: 'real', f8: 'double precision', num: 'numeric(30,6)', anynum: 'numeric',
      flag: 'boolean', t: 'text', vc: 'varchar(200)', ch: 'char(5)', ts: 'timestamp(6)', tstz: 'timestamptz', d: 'date', tm: 'time',
      iv: 'interval', js: 'json', jsb: 'jsonb', id: 'uuid', bin: 'bytea', ints: 'integer[]', texts: 'text[]', ip: 'inet', oidv: 'oid',
    },
    literals: [
      ["32767", "2147483647", "9223372036854775807", "1.1", "0.30000000000000004", "12345678901234567890.123456", "-0.000001",
        "true", `'${text.replace(/'/g, "''")}'`, "'ascii'", "'ab'", "'2024-02-29 12:34:56.789123'", "'1969-07-20 20:17:40.5+00'", "'2024-02-29'",
        "'23:59:59.999999'", "'1 year 2 mons 3 days 04:05:06.789'", `'{"a": [1, 2.5, "x"], "b": null}'`, `'{"b": null, "a": [1, 2.5, "x"]}'`,
        "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'\\x00ff10'", "'{1,2,NULL,4}'", `'{"a b",c,NULL,"q\\"uote"}'`, "'192.168.1.0/24'", "4000000000"],
      ["-32768", "-2147483648", "-9223372036854775808", "-3.4e38", "-1e-300", "0", "'NaN'", "false", "''", "''", "'x'",
        "'0001-01-01 00:00:00'", "'2262-04-11 23:47:16.854775+00'", "'0001-01-01'", "'00:00:00'", "'-1 days +02:00:00'", "'[]'", "'{}'",
        "'00000000-0000-0000-0000-000000000000'", "''", "'{}'", "'{}'", "'::1'", "0"],
      Array(24).fill('NULL'),
    ],
    bound: [[7, 8, '9007199254740993', 2.5, 1e300, '1.50', '42', true, text, 'x', 'y', when, old, '2000-01-01', '12:00:00', '2 hours',
      '{"k": 1}', '{"k": 1}', '123e4567-e89b-12d3-a456-426614174000', bytes, '{5}', '{z}', '10.0.0.1', 7]],
  });
}
if (mysqlUrl) {
  cases.push({
    db: { dialect: 'mysql', url: mysqlUrl },
    table: 'native_parity_my',
    columns: {
      b1: 'TINYINT(1)', ti: 'TINYINT', si: 'SMALLINT', mi: 'MEDIUMINT', i: 'INT', iu: 'INT UNSIGNED', bi: 'BIGINT', bu: 'BIGINT UNSIGNED',
      fl: 'FLOAT', db: 'DOUBLE', dm: "DECIMAL(30,6)", vc: 'VARCHAR(200)', tx: 'TEXT', ch: 'CHAR(5)', dt: 'DATETIME(6)', dt0: 'DATETIME',
      ts: 'TIMESTAMP(6) NULL', d: 'DATE', tm: 'TIME(6)', y: 'YEAR', js: 'JSON', bl: 'BLOB', vb: 'VARBINARY(300)', en: "ENUM('a','b')",
      tu: 'TINYINT UNSIGNED', su: 'SMALLINT UNSIGNED', mu: 'MEDIUMINT UNSIGNED', bt: 'BIT(10)', st: "SET('a','b')",
    },
    literals: [
      ['1', '-128', '-32768', '8388607', '2147483647', '4294967295', '9223372036854775807', '18446744073709551615', '1.1', '0.30000000000000004',
        '12345678901234567890.123456', `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`, `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`, "'ab'",
        "'2024-02-29 12:34:56.789123'", "'1999-12-31 23:59:59'", "'2038-01-19 03:14:07.5'", "'2024-02-29'", "'-838:59:59.000001'", '2024',
        `'{"a": [1, 2.5, "x"]}'`, "X'00FF10'", "X'0001'", "'b'", '255', '65535', '16777215', "b'1010101010'", "'a,b'"],
      ['0', '127', '32767', '-8388608', '-2147483648', '0', '-9223372036854775808', '0', '-3.4e38', '-1e-300', '-0.000001', "''", "''", "''",
        "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59'", "'1970-01-01 00:00:01'", "'1000-01-01'", "'00:00:00'", '1901', "'[]'", "''", "''", "'a'", '0', '0', '0', "b'0'", "''"],
      Array(29).fill('NULL'),
    ],
    bound: [[true, 5, 6, 7, 8, 9, '9007199254740993', 10n, 2.5, 1e300, '1.50', text, text, 'y', when, old, when, '2000-01-01', '12:00:00', 2000,
      '{"k": 1}', bytes, bytes.subarray(0, 3), 'a', 200, 60000, 16000000, 5, 'b']],
  });
}
cases.push({
  db: { dialect: 'sqlite', url: sqliteUrl() },
  table: 'native_parity_lite',
  columns: { i: 'INTEGER', r: 'REAL', t: 'TEXT', b: 'BLOB', n: 'NUMERIC', big: 'INTEGER', flag: 'BOOLEAN', any: '' },
  literals: [
    ['9007199254740991', '1.1', `'${text.replace(/'/g, "''")}'`, "X'00FF10'", "'12.50'", '9223372036854775807', '1', "'text in an untyped column'"],
    ['-1', '-0.0', "''", "X''", '3', '-9223372036854775808', '0', '2.5'],
    Array(8).fill('NULL'),
  ],
  bound: [[42, 0.1, text, bytes, '7', 123n, true, when]],
});

function placeholders(db: TestDatabase, n: number): string {
  return Array.from({ length: n }, (_, i) => (db.dialect === 'postgres' ? `$${i + 1}` : '?')).join(', ');
}

describe.runIf(nativeBuilt).each(cases)('type parity on $db.dialect', (c) => {
  let js: Executor;
  let native: Executor;
  const names = Object.keys(c.columns);
  const select: Statement = { sql: `SELECT ${names.join(', ')} FROM ${c.table} ORDER BY k`, params: [] };

  beforeAll(async () => {
    js = await openJs(c.db);
    native = await openNative(c.db);
    await js.execute({ sql: `DROP TABLE IF EXISTS ${c.table}`, params: [] });
    const columns = names.map((n) => `${n} ${c.columns[n]}`).join(', ');
    await js.execute({ sql: `CREATE TABLE ${c.table} (k INT PRIMARY KEY, ${columns})`, params: [] });
    let k = 0;
    for (const row of c.literals) {
      await js.execute({ sql: `INSERT INTO ${c.table} (k, ${names.join(', ')}) VALUES (${++k}, ${row.join(', ')})`, params: [] });
    }
    const insert = `INSERT INTO ${c.table} (k, ${names.join(', ')}) VALUES (${placeholders(c.db, names.length + 1)})`;
    for (const executor of [js, native]) {
      for (const row of c.bound) await executor.execute({ sql: insert, params: [++k, ...row] });
    }
  });

  afterAll(async () => {
    await js?.execute({ sql: `DROP TABLE IF EXISTS ${c.table}`, params: [] });
    await js?.close();
    await native?.close();
  });

  it('reads every column exactly as the js executor does', async () => {
    const expected = await js.query(select);
    const actual = await native.query(select);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.rows.length).toBe(c.literals.length + 2 * c.bound.length);
    actual.rows.forEach((row, r) =>
      row.forEach((value, i) => expect([r, names[i], value]).toStrictEqual([r, names[i], expected.rows[r]![i]])),
    );
  });

  it('binds parameters exactly as the js executor does (the rows each executor wrote are equal)', async () => {
    const rows = (await native.query(select)).rows;
    const [fromJs, fromNative] = rows.slice(c.literals.length);
    expect(fromNative).toStrictEqual(fromJs);
  });

  it.runIf(c.db.dialect === 'sqlite')('reads integers as bigint under safeIntegers, as the js executor does', async () => {
    const stmt = { ...select, safeIntegers: true };
    expect((await native.query(stmt)).rows).toStrictEqual((await js.query(stmt)).rows);
  });

  it.runIf(c.db.dialect === 'mysql')('gives insert ids past 2^53 as bigint, as the js executor does', async () => {
    const table = `${c.table}_ids`;
    await js.execute({ sql: `DROP TABLE IF EXISTS ${table}`, params: [] });
    await js.execute({ sql: `CREATE TABLE ${table} (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v INT)`, params: [] });
    try {
      const ids = [];
      for (const [start, executor] of [[2 ** 53 - 2, js], [2 ** 53 - 2, native], [2 ** 53 + 10, js], [2 ** 53 + 10, native], ['18446744073709551000', js], ['18446744073709551000', native]] as const) {
        await js.execute({ sql: `DELETE FROM ${table}`, params: [] });
        await js.execute({ sql: `ALTER TABLE ${table} AUTO_INCREMENT = ${start}`, params: [] });
        ids.push((await executor.execute({ sql: `INSERT INTO ${table} (v) VALUES (1)`, params: [] })).insertId);
      }
      expect(ids).toStrictEqual([2 ** 53 - 2, 2 ** 53 - 2, 2n ** 53n + 10n, 2n ** 53n + 10n, 18446744073709551000n, 18446744073709551000n]);
    } finally {
      await js.execute({ sql: `DROP TABLE IF EXISTS ${table}`, params: [] });
    }
  });

  it('returns the same values for expressions without a table', async () => {
    const exprs: Record<string, string> = {
      postgres:
        "SELECT 1, 1.5, 'x', NULL, true, 2147483648, now() - now(), '2024-01-01'::date, pg_sleep(0), " +
        "ARRAY[[1, 2], [3, 4]], '[0:1]={7,8}'::int[], ARRAY[1.5, NULL]::float8[], ARRAY[true, false], ARRAY['2024-01-01'::date], " +
        "ARRAY[1e-5, 1e300, 123456789012345678]::float8[], ARRAY['', 'null', 'a,b', ' sp']",
      mysql: "SELECT 1, 1.5, 'x', NULL, TRUE, 2147483648, CAST('2024-01-01' AS DATE), 1e0, CAST(1 AS UNSIGNED)",
      sqlite: "SELECT 1, 1.5, 'x', NULL, 2147483648, x'ff', 1e0",
    };
    const stmt = { sql: exprs[c.db.dialect]!, params: [] };
    expect((await native.query(stmt)).rows).toStrictEqual((await js.query(stmt)).rows);
  });
});
