/**
 * `oxen migrate lint` as a user runs it (the built binary): on SQLite in a temp project, and on
 * PostgreSQL in a database of its own (mlint_<pid>, dropped after) with a table that has rows.
 * Tables carry the prefix `mlint_`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMigrationFile } from '../../src/core/schema/migrate/migration-writer.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';
import { optionalServer, postgresUrl } from '../support/databases.js';
import { pgQuery as pgRun } from '../support/plain-sql.js';
import { col, id, table } from './migrate-support.js';

const lines = (s: string) => s.trim().split('\n').filter((l) => l !== '');
const name = { name: 'name', type: { kind: 'char' as const, maxLength: 100 }, nullable: false };
const CREATE: Operation[] = [{ op: 'createTable', table: table('mlint_person', { columns: [id, name] }) }];
const ADD_NULLABLE: Operation[] = [{ op: 'addColumn', table: 'mlint_person', column: col('nickname', 'text', { nullable: true }) }];
const ADD_NOT_NULL: Operation[] = [{ op: 'addColumn', table: 'mlint_person', column: col('age') }];
const ADD_INDEX: Operation[] = [{ op: 'addIndex', table: 'mlint_person', index: { name: 'mlint_person_name', columns: ['name'], unique: false } }];

/** A temp project whose config names `url`, with migrations 0001_create_person and 0002_add_nickname. */
async function project(url: string): Promise<{ dir: string; migrations: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'oxen-mlint-'));
  writeFileSync(join(dir, 'oxen.config.ts'), `export default { databases: { default: ${JSON.stringify(url)} }, migrations: './migrations' };\n`);
  const migrations = join(dir, 'migrations');
  await writeMigrationFile(migrations, 'create_person', CREATE);
  await writeMigrationFile(migrations, 'add_nickname', ADD_NULLABLE);
  return { dir, migrations };
}

describe('oxen migrate lint (built binary, SQLite)', () => {
  let dir: string;
  let migrations: string;
  const oxen = (...args: string[]) => runOxen(['migrate', 'lint', ...args], { cwd: dir });

  beforeAll(async () => {
    assertBuilt();
    ({ dir, migrations } = await project('sqlite://./app.sqlite'));
  });

  it('no database yet: every file linted without table sizes, said on stderr; clean migrations exit 0 under --check', () => {
    const run = oxen('--check');
    expect(run.stderr).toBe('no SQLite database at sqlite://./app.sqlite yet: linting every migration, table sizes unknown\n');
    expect(lines(run.stdout)).toEqual(['migrate lint: no findings in 2 migrations (on sqlite; table sizes unknown: no database)']);
    expect(run.code).toBe(0);
  });

  it('a NOT NULL column added to a table with rows: --check exits 3 naming it; only the pending migration is linted', async () => {
    expect(runOxen(['migrate', 'up'], { cwd: dir }).code).toBe(0);
    const db = new Database(join(dir, 'app.sqlite'));
    db.exec("INSERT INTO mlint_person (name) VALUES ('ann'), ('bob')");
    db.close();
    await writeMigrationFile(migrations, 'add_age', ADD_NOT_NULL);
    const run = oxen('--check');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('');
    expect(lines(run.stdout)).toEqual([
      'warning 0003_add_age operation 1 (addColumn) not-null-without-default: adds NOT NULL column mlint_person.age without a default: mlint_person has rows (~2 rows), so the migration fails',
      '    suggestion: give it a default, or add it nullable, fill it (runSql / runJs), and make it NOT NULL in a later migration',
      'migrate lint: 1 finding in 1 pending migration (on sqlite; table sizes from the database)',
    ]);
    // Without --check the finding is a warning: exit 0.
    expect(oxen().code).toBe(0);
  });

  it('--json: the findings as data', () => {
    const run = oxen('--json', '--check');
    expect(run.code).toBe(3);
    const doc = JSON.parse(run.stdout);
    expect(doc).toEqual({
      database: 'sqlite://./app.sqlite',
      dialect: 'sqlite',
      sizesKnown: true,
      selection: 'pending',
      migrations: ['0003_add_age'],
      largeRows: 1_000_000,
      allowed: [],
      findings: [
        {
          rule: 'not-null-without-default',
          table: 'mlint_person',
          migration: '0003_add_age',
          operation: 1,
          op: 'addColumn',
          message: 'adds NOT NULL column mlint_person.age without a default: mlint_person has rows (~2 rows), so the migration fails',
          suggestion: 'give it a default, or add it nullable, fill it (runSql / runJs), and make it NOT NULL in a later migration',
        },
      ],
    });
  });

  it('NAME lints that one (clean: exit 0); --all lints every file; --dialect postgres lints offline, with PostgreSQL\'s index rule', async () => {
    const named = oxen('0002', '--check');
    expect(named.code).toBe(0);
    expect(lines(named.stdout)).toEqual(['migrate lint: no findings in 1 migration (on sqlite; table sizes from the database)']);
    expect(lines(oxen('--all').stdout).at(-1)).toBe('migrate lint: 1 finding in 3 migrations (on sqlite; table sizes from the database)');
    await writeMigrationFile(migrations, 'index_name', ADD_INDEX);
    expect(oxen('0004', '--check').code).toBe(0);
    const pgOffline = oxen('0004', '--dialect', 'postgres', '--check');
    expect(pgOffline.code).toBe(3);
    expect(lines(pgOffline.stdout)[0]).toBe(
      'warning 0004_index_name operation 1 (addIndex) index-lock: builds index mlint_person_name on mlint_person (table sizes unknown: no database) without CONCURRENTLY: writes to mlint_person wait until it is built',
    );
  });

  it('bad input: an unknown NAME, or NAME with --all, is one line and exit 2', () => {
    const unknown = oxen('nope');
    expect(unknown.code).toBe(2);
    expect(lines(unknown.stderr)).toEqual([expect.stringContaining('no migration named nope: the migrations are 0001_create_person, 0002_add_nickname, 0003_add_age, 0004_index_name')]);
    const both = oxen('0002', '--all');
    expect(both.code).toBe(2);
    expect(lines(both.stderr)).toEqual([expect.stringContaining('give NAME or --all, not both')]);
  });
});

const pgBase = optionalServer(postgresUrl, 'PostgreSQL', 'OXEN_TEST_POSTGRES_URL');
const DB = `mlint_${process.pid}`;

describe.skipIf(pgBase === undefined)('oxen migrate lint (built binary, PostgreSQL)', () => {
  const url = (() => {
    const u = new URL(pgBase ?? 'postgres://x/x');
    u.pathname = `/${DB}`;
    return u.toString();
  })();
  let dir: string;
  let migrations: string;
  const oxen = (...args: string[]) => runOxen(['migrate', ...args], { cwd: dir });

  beforeAll(async () => {
    assertBuilt();
    await pgRun(pgBase!, `DROP DATABASE IF EXISTS ${DB}`);
    await pgRun(pgBase!, `CREATE DATABASE ${DB}`);
    ({ dir, migrations } = await project(url));
  });

  afterAll(async () => {
    await pgRun(pgBase!, `DROP DATABASE IF EXISTS ${DB}`);
  });

  it('clean pending migrations exit 0 under --check', () => {
    const run = oxen('lint', '--check');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual(['migrate lint: no findings in 2 pending migrations (on postgres; table sizes from the database)']);
  });

  it('a table with rows: the index lock and the NOT NULL column are named, --check exits 3; emptied, neither fires', async () => {
    expect(oxen('up').code).toBe(0);
    await pgRun(url, "INSERT INTO mlint_person (name) VALUES ('ann'), ('bob')");
    await writeMigrationFile(migrations, 'index_and_age', [...ADD_INDEX, ...ADD_NOT_NULL]);
    const run = oxen('lint', '--check');
    expect(run.code).toBe(3);
    const out = lines(run.stdout);
    expect(out[0]).toBe('warning 0003_index_and_age operation 1 (addIndex) index-lock: builds index mlint_person_name on mlint_person (has rows) without CONCURRENTLY: writes to mlint_person wait until it is built');
    expect(out[2]).toBe('warning 0003_index_and_age operation 2 (addColumn) not-null-without-default: adds NOT NULL column mlint_person.age without a default: mlint_person has rows, so the migration fails');
    expect(out.at(-1)).toBe('migrate lint: 2 findings in 1 pending migration (on postgres; table sizes from the database)');
    const json = JSON.parse(oxen('lint', '--json').stdout);
    expect(json.database).toBe(url.replace(/^postgres:\/\/([^:@]+):[^@]*@/, 'postgres://$1:***@'));
    expect(json.findings.map((f: { rule: string; operation: number }) => [f.rule, f.operation])).toEqual([['index-lock', 1], ['not-null-without-default', 2]]);

    await pgRun(url, 'DELETE FROM mlint_person');
    const empty = oxen('lint', '--check');
    expect(lines(empty.stdout)).toEqual(['migrate lint: no findings in 1 pending migration (on postgres; table sizes from the database)']);
    expect(empty.code).toBe(0);
  });
});
