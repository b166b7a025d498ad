/**
 * What the SQLite migration DDL suites share: a file with the schema models' tables (prefix `mgs_`),
 * an executor on it, running compiled statements as the runner will (foreign keys off around a
 * rebuild's transaction), and the rows of every table, to show they survive.
 */
import { expect } from 'vitest';
import { connect, createTables, disconnect } from '../../src/index.js';
import { dialects } from '../../src/core/dialect/dialects.js';
import type { DdlCompiler } from '../../src/core/dialect/ddl-compiler.js';
import type { TableOperation } from '../../src/core/dialect/migration-operation.js';
import { findTable, type SchemaState } from '../../src/core/dialect/schema-state.js';
import { createExecutor } from '../../src/core/executor/create-executor.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import type { ExecutorKind } from '../../src/core/ground/values.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import { applyOperation } from '../../src/core/schema/migrate/apply-operation.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { inspectWith } from '../../src/core/schema/inspect/inspect-url.js';

const POOL = { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false };

export interface MigratedFile {
  readonly db: Executor;
  readonly ddl: DdlCompiler;
}

/** A file holding the models' tables, created by createTables, and an executor of its own on it. */
export async function openFile(file: string, executor: ExecutorKind, models: readonly AnyModel[]): Promise<MigratedFile> {
  await connect({ databases: { default: `sqlite://${file}` }, executor });
  try {
    await createTables([...models]);
  } finally {
    await disconnect();
  }
  const db = await createExecutor(parseDatabaseUrl(`sqlite://${file}`), POOL, executor);
  const module = dialects.sqlite;
  return { db, ddl: module.ddl(await module.dialect({ serverVersion: () => db.serverVersion() })) };
}

/** The statements of one operation on the state, as SqliteDdl compiles them. */
export function compile(ddl: DdlCompiler, state: SchemaState, op: TableOperation): { statements: string[]; next: SchemaState } {
  const next = applyOperation(state, op);
  const before = findTable(state, op.table)!;
  const after = findTable(next, op.table)!;
  return { statements: ddl.alterTable!(op, before, after), next };
}

/**
 * As the runner will: foreign keys off before the transaction where the table is rebuilt (SQLite
 * ignores the pragma inside one), the statements in one transaction, rolled back on failure.
 */
export async function runStatements(db: Executor, statements: readonly string[], foreignKeysOff: boolean): Promise<void> {
  const conn = await db.acquire();
  const run = (sql: string) => conn.execute({ sql, params: [] });
  try {
    if (foreignKeysOff) await run('PRAGMA foreign_keys = OFF');
    await run('BEGIN');
    try {
      for (const sql of statements) await run(sql);
      await run('COMMIT');
    } catch (error) {
      await run('ROLLBACK');
      throw error;
    }
  } finally {
    // Both pragmas are per connection and outside the transaction: a failed rebuild must not leave them changed.
    await run('PRAGMA legacy_alter_table = OFF');
    if (foreignKeysOff) await run('PRAGMA foreign_keys = ON');
    conn.release();
  }
}

/** The database read back equals the state the operations describe, as far as SQLite holds it. */
export async function expectDatabaseIs(db: Executor, state: SchemaState): Promise<void> {
  const inspection = await inspectWith(db, 'sqlite');
  expect(comparableState(inspection.state, 'sqlite')).toEqual(comparableState(state, 'sqlite'));
}

export type Rows = Record<string, Record<string, unknown>[]>;

/** Every row of the given tables, as objects, in rowid order. */
export async function readRows(db: Executor, tables: readonly string[]): Promise<Rows> {
  const out: Rows = {};
  for (const table of tables) {
    const result = await db.query({ sql: `SELECT * FROM "${table}" ORDER BY rowid`, params: [] });
    out[table] = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]])));
  }
  return out;
}

/** Rows violating a foreign key anywhere in the file. */
export async function foreignKeyViolations(db: Executor): Promise<unknown[]> {
  return (await db.query({ sql: 'PRAGMA foreign_key_check', params: [] })).rows as unknown[];
}

/**
 * The same rows, each keeping the values of the columns `kept` says survive unchanged (`renamed`
 * maps a column's old name to its new one).
 */
export function expectRowsKept(before: Rows, after: Rows, kept: (table: string, column: string) => string | undefined): void {
  for (const [table, rows] of Object.entries(before)) {
    const now = after[table]!;
    expect(now.length, `${table}: rows`).toBe(rows.length);
    rows.forEach((row, i) => {
      for (const [column, value] of Object.entries(row)) {
        const to = kept(table, column);
        if (to !== undefined) expect(now[i]![to], `${table}[${i}].${column}`).toEqual(value);
      }
    });
  }
}
