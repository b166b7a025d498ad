/**
 * Bad input to `oxen inspect` on SQLite, with each executor: each is one clear line, and the file is
 * only ever read (the URL opens read-only, which both executors honour).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/core/executor/create-executor.js';
import { OxenError, QueryError, UsageError } from '../../src/core/ground/errors.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { testExecutors } from '../support/orm.js';
import { execSql, inspectFile, tempDir } from './inspect-sqlite-support.js';

const temp = tempDir('inspect-sqlite-errors');
afterAll(() => temp.remove());
const POOL = { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false };

describe.each(testExecutors())('SQLite inspect errors, %s executor', (executor) => {
  const file = temp.file(`db-${executor}.sqlite`);
  execSql(file, 'CREATE TABLE "Album" (id INTEGER PRIMARY KEY AUTOINCREMENT); CREATE VIEW "recent" AS SELECT id FROM "Album";');

  it('says a file that is not a database is not one, in one line naming it', async () => {
    const text = temp.file(`notes-${executor}.txt`);
    writeFileSync(text, 'These are notes, not a database: SQLite reads a header of 100 bytes and finds none here.\n');
    const error = await inspectFile(text, executor).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OxenError);
    expect((error as Error).message).toContain(text);
    expect((error as Error).message).toMatch(/not a (SQLite )?database/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('says a missing file is missing, without creating it', async () => {
    const missing = temp.file(`missing-${executor}.sqlite`);
    await expect(inspectFile(missing, executor)).rejects.toThrow(new UsageError('USAGE', `sqlite://${missing}: no SQLite database at ${missing}; check the path`));
  });

  it('names the unknown tables given in tables or exclude', async () => {
    await expect(inspectFile(file, executor, { tables: ['album', 'Nope', 'gone'] })).rejects.toThrow(UsageError);
    await expect(inspectFile(file, executor, { tables: ['album', 'Nope', 'gone'] })).rejects.toThrow(/^no table or view "Nope", "gone" in this SQLite database \(--tables\)/);
    await expect(inspectFile(file, executor, { exclude: ['sqlite_sequence'] })).rejects.toThrow(/^no table or view "sqlite_sequence" .*\(--exclude\)/);
    expect((await inspectFile(file, executor, { tables: ['album', 'RECENT'] })).state.views.map((v) => v.name)).toEqual(['recent']);
  });

  it('knows one schema, main', async () => {
    await expect(inspectFile(file, executor, { schema: 'public' })).rejects.toThrow(new UsageError('USAGE', 'unknown schema "public": a SQLite database file has one schema, main'));
    expect((await inspectFile(file, executor, { schema: 'main' })).schema).toBe('main');
  });

  it('opens the file read-only', async () => {
    const db = await createExecutor(parseDatabaseUrl(`sqlite://${file}?mode=ro`), POOL, executor);
    try {
      const error = await db.execute({ sql: 'CREATE TABLE t (a)', params: [] }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as QueryError).dbCode).toBe('SQLITE_READONLY');
    } finally {
      await db.close();
    }
  });

  it('reads a view whose table is gone, and says so', async () => {
    const broken = temp.file(`broken-${executor}.sqlite`);
    execSql(broken, 'CREATE TABLE a (x INT); CREATE VIEW gone AS SELECT x FROM a; CREATE VIEW fine AS SELECT 1 AS one; DROP TABLE a;');
    const { state, warnings } = await inspectFile(broken, executor);
    expect(state.views.map((v) => [v.name, v.columns.map((c) => c.name)])).toEqual([['fine', ['one']], ['gone', []]]);
    expect(warnings).toEqual([{ object: 'view gone', message: 'SQLite cannot read this view (no such table: main.a): the state has it without columns' }]);
  });
});
