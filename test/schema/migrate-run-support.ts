/**
 * What the runner suites share: an executor of their own per database (a second one for concurrency),
 * the test migrations (tables `mgr_*`, history table `mgr_history`), and reading the database back.
 */
import { expect } from 'vitest';
import { ddlFor, dialects } from '../../src/core/dialect/dialects.js';
import type { Dialect } from '../../src/core/dialect/dialect.js';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { createExecutor } from '../../src/core/executor/create-executor.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import type { ExecutorKind, SqlValue } from '../../src/core/ground/values.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { inspectWith } from '../../src/core/schema/inspect/inspect-url.js';
import type { MigrationFile } from '../../src/core/schema/migrate/migration.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { statesBefore } from '../../src/core/schema/migrate/run-plan.js';
import { col, id, inColumnOrderOf, state, table } from './migrate-support.js';

export const HISTORY = 'mgr_history';
export const TABLES = ['mgr_book', 'mgr_author'];
const POOL = { connectionPoolSize: 2, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false };

export async function open(url: string, kind: ExecutorKind): Promise<{ executor: Executor; dialect: Dialect }> {
  const executor = await createExecutor(parseDatabaseUrl(url), POOL, kind);
  const module = dialects[executor.dialect];
  return { executor, dialect: await module.dialect({ serverVersion: () => executor.serverVersion() }) };
}

export function file(name: string, operations: Operation[]): MigrationFile {
  return { name, path: '', checksum: `${name.length.toString(16).padStart(2, '0')}`.padEnd(64, 'a'), operations };
}

const char = (name: string, maxLength = 100, nullable = false) => ({ name, type: { kind: 'char' as const, maxLength }, nullable });

/**
 * Four migrations: two tables (one referencing the other); a column and an index; a rename and a
 * change of type (a table rebuild on SQLite, with foreign keys off); a row written by SQL and one by JS.
 */
export function migrations(): MigrationFile[] {
  const author = table('mgr_author', { columns: [id, char('name')] });
  const book = table('mgr_book', {
    columns: [id, col('author_id'), char('title', 200)],
    foreignKeys: [{ name: 'mgr_book_author_fk', columns: ['author_id'], referencedTable: 'mgr_author', referencedColumns: ['id'], onDelete: 'CASCADE' }],
  });
  return [
    file('0001_create', [
      { op: 'createTable', table: author },
      { op: 'createTable', table: book },
    ]),
    file('0002_age', [
      { op: 'addColumn', table: 'mgr_author', column: col('age', 'int', { nullable: true }) },
      { op: 'addIndex', table: 'mgr_book', index: { name: 'mgr_book_title_idx', columns: ['title'], unique: false } },
    ]),
    file('0003_rename', [
      { op: 'renameColumn', table: 'mgr_author', from: 'name', to: 'full_name' },
      { op: 'alterColumn', table: 'mgr_author', column: col('age', 'bigint', { nullable: true }) },
    ]),
    file('0004_data', [
      { op: 'runSql', sql: sqlAll("INSERT INTO mgr_author (full_name) VALUES ('by sql')"), down: sqlAll("DELETE FROM mgr_author WHERE full_name = 'by sql'") },
      {
        op: 'runJs',
        up: async function addBook({ db }) {
          const authors = await db.query({ sql: "SELECT id FROM mgr_author WHERE full_name = 'by sql'", params: [] });
          await db.execute({ sql: `INSERT INTO mgr_book (author_id, title) VALUES (${Number(authors.rows[0]![0])}, 'by js')`, params: [] });
        },
        down: async function removeBook({ db }) {
          await db.execute({ sql: "DELETE FROM mgr_book WHERE title = 'by js'", params: [] });
        },
      },
    ]),
  ];
}

export function sqlAll(sql: string) {
  return { postgres: sql, mysql: sql, sqlite: sql };
}

/** The mgr_ tables there are, read back: equal to the state the first `count` files replay to. */
export async function expectState(executor: Executor, files: readonly MigrationFile[], count: number): Promise<void> {
  const d = executor.dialect;
  const present = await tableNames(executor);
  const tables = [];
  for (const t of TABLES.filter((x) => present.includes(x))) tables.push(...(await inspectWith(executor, d, { tables: [t] })).state.tables);
  const expected: SchemaState = statesBefore(files.slice(0, count))[count]!;
  expect(comparableState(inColumnOrderOf(state(...tables), expected), d)).toEqual(comparableState(expected, d));
}

export async function tableNames(executor: Executor): Promise<string[]> {
  const ddl = ddlFor(await dialects[executor.dialect].dialect({ serverVersion: () => executor.serverVersion() }));
  return (await executor.query(ddl.existingTables)).rows.map((r) => String(r[0]));
}

export async function rows(executor: Executor, sql: string, params: SqlValue[] = []): Promise<unknown[][]> {
  return (await executor.query({ sql, params })).rows.map((r) => r.map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)));
}

export async function dropAll(executor: Executor, dialect: Dialect): Promise<void> {
  for (const t of [...TABLES, HISTORY]) await executor.execute({ sql: `DROP TABLE IF EXISTS ${dialect.quoteIdent(t)}`, params: [] });
}
