/** Failed statements become QueryErrors carrying the SQL and the database's own code, on every database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryError, UsageError } from '../../src/core/ground/errors.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { testDatabases } from '../support/databases.js';
import { openExecutor, placeholders } from './open-executor.js';
import { rejection } from '../support/rejection.js';

const TABLE = 'exec_errors';

const CHILD = 'exec_errors_child';

const CODES = {
  postgres: { unique: '23505', foreignKey: '23503', syntax: '42601', missingTable: '42P01' },
  mysql: { unique: '1062', foreignKey: '1452', syntax: '1064', missingTable: '1146' },
  sqlite: { unique: 'SQLITE_CONSTRAINT_UNIQUE', foreignKey: 'SQLITE_CONSTRAINT_FOREIGNKEY', syntax: 'SQLITE_ERROR', missingTable: 'SQLITE_ERROR' },
};

const queryError = (pending: Promise<unknown>): Promise<QueryError> => rejection(pending, QueryError);

describe.each(testDatabases())('query errors on $dialect', (db) => {
  let executor: Executor;
  const codes = CODES[db.dialect];

  beforeAll(async () => {
    executor = await openExecutor(db);
    await executor.execute({ sql: `DROP TABLE IF EXISTS ${CHILD}`, params: [] });
    await executor.execute({ sql: `DROP TABLE IF EXISTS ${TABLE}`, params: [] });
    await executor.execute({ sql: `CREATE TABLE ${TABLE} (id integer PRIMARY KEY, email varchar(100) UNIQUE)`, params: [] });
    const child = `CREATE TABLE ${CHILD} (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES ${TABLE} (id))`;
    await executor.execute({ sql: child, params: [] });
  });

  afterAll(async () => {
    await executor?.execute({ sql: `DROP TABLE IF EXISTS ${CHILD}`, params: [] });
    await executor?.execute({ sql: `DROP TABLE IF EXISTS ${TABLE}`, params: [] });
    await executor?.close();
  });

  it('a unique violation carries the SQL, the database code and the driver error', async () => {
    const sql = `INSERT INTO ${TABLE} (id, email) VALUES (${placeholders(db, 2)})`;
    await executor.execute({ sql, params: [1, 'a@example.com'] });
    const error = await queryError(executor.execute({ sql, params: [2, 'a@example.com'] }));
    expect(error.code).toBe('QUERY_FAILED');
    expect(error.dbCode).toBe(codes.unique);
    expect(error.sql).toBe(sql);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/unique|duplicate/i);
  });

  it('enforces foreign keys (on SQLite too)', async () => {
    const sql = `INSERT INTO ${CHILD} (id, parent_id) VALUES (${placeholders(db, 2)})`;
    const error = await queryError(executor.execute({ sql, params: [1, 999] }));
    expect(error.dbCode).toBe(codes.foreignKey);
  });

  it('a syntax error and a missing table have their own codes', async () => {
    expect((await queryError(executor.query({ sql: 'SELEKT 1', params: [] }))).dbCode).toBe(codes.syntax);
    const missing = await queryError(executor.query({ sql: 'SELECT * FROM exec_errors_missing', params: [] }));
    expect(missing.dbCode).toBe(codes.missingTable);
    expect(missing.message).toContain('exec_errors_missing');
  });

  it('an invalid Date is refused before it reaches the database', async () => {
    const sql = `SELECT ${placeholders(db, 1)}`;
    const error = await executor.query({ sql, params: [new Date('not a date')] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ code: 'VALUE_INVALID', message: 'parameter 1 is an invalid Date: bind a valid Date or null' });
  });

  it('sees a column added after a statement was prepared and cached', async () => {
    const select = { sql: `SELECT * FROM ${TABLE} ORDER BY id`, params: [] };
    expect((await executor.query(select)).columns).toEqual(['id', 'email']);
    await executor.query(select);
    await executor.execute({ sql: `ALTER TABLE ${TABLE} ADD COLUMN note varchar(20)`, params: [] });
    const after = await executor.query(select);
    expect(after.columns).toEqual(['id', 'email', 'note']);
    expect(after.rows).toEqual([[1, 'a@example.com', null]]);
    await executor.execute({ sql: `ALTER TABLE ${TABLE} RENAME COLUMN note TO remark`, params: [] });
    expect((await executor.query(select)).columns).toEqual(['id', 'email', 'remark']);
  });

  it('accepts exactly maxParams bound parameters', async () => {
    const n = executor.maxParams;
    expect(n).toBe({ postgres: 65535, mysql: 65535, sqlite: 32766 }[db.dialect]);
    const sql = `SELECT COUNT(*) FROM ${TABLE} WHERE id IN (${placeholders(db, n)})`;
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    expect(Number((await executor.query({ sql, params: ids })).rows[0]![0])).toBe(1);
    const over = `SELECT COUNT(*) FROM ${TABLE} WHERE id IN (${placeholders(db, n + 1)})`;
    await expect(executor.query({ sql: over, params: [...ids, n + 1] })).rejects.toBeInstanceOf(QueryError);
    expect((await executor.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]]);
  });
});
