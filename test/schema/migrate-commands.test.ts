/**
 * `oxen migrate up / down / status / baseline` as a user runs them (the built binary) on SQLite, in a
 * temp project with oxen.config.ts and migration files written by `writeMigrationFile`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeMigrationFile } from '../../src/core/schema/migrate/migration-writer.js';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';
import { project } from './migrate-commands-support.js';

const lines = (s: string) => s.trim().split('\n').filter((l) => l !== '');
/** stderr's progress lines without the plan lines indented under each migration. */
const progress = (s: string) => lines(s).filter((l) => !l.startsWith('    '));

describe('oxen migrate (built binary, SQLite)', () => {
  let dir: string;
  let migrations: string;
  const oxen = (...args: string[]) => runOxen(['migrate', ...args], { cwd: dir });
  const sqlite = (sql: string) => {
    const db = new Database(join(dir, 'app.sqlite'));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    assertBuilt();
    ({ dir, migrations } = await project('sqlite://./app.sqlite', '', 'mgcmd'));
  });

  it('status before anything ran: every file pending, --check exits 3, nothing created', () => {
    const run = oxen('status', '--check');
    expect(run.code).toBe(3);
    expect(lines(run.stdout)).toEqual(['0001_create_person  pending', '0002_add_age        pending', '0003_create_pet     pending', 'migrate status: 0 applied, 3 pending; no drift']);
  });

  it('up --dry-run prints the SQL and runs nothing', () => {
    const run = oxen('up', '--dry-run', '--to', '0002_add_age');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('-- 0001_create_person\nCREATE TABLE "person"');
    expect(run.stdout).toContain('-- 0002_add_age\nALTER TABLE "person" ADD COLUMN "age" INTEGER;');
    expect(run.stdout).not.toContain('pet');
    expect(oxen('status').stdout).toContain('0 applied, 3 pending');
  });

  it('up --to applies up to that migration: progress on stderr, a line per migration with its duration on stdout', () => {
    const run = oxen('up', '--to', '0002_add_age');
    expect(run.code).toBe(0);
    expect(progress(run.stderr)).toEqual(['applying 0001_create_person …', 'applying 0002_add_age …']);
    // Each migration's plan under its progress line, so a CI log says what it did.
    expect(lines(run.stderr).slice(-2)).toEqual(['applying 0002_add_age …', '    + column person.age int NULL']);
    const out = lines(run.stdout);
    expect(out[0]).toMatch(/^applied 0001_create_person … \d+ ms$/);
    expect(out[1]).toMatch(/^applied 0002_add_age … \d+ ms$/);
    expect(out[2]).toMatch(/^Applied 2 migrations in \d+ ms\.$/);
  });

  it('status lists applied and pending; --json has the entries', () => {
    const run = oxen('status');
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out[0]).toMatch(/^0001_create_person  applied \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+ ms\)$/);
    expect(out[2]).toBe('0003_create_pet     pending');
    expect(out[3]).toBe('migrate status: 2 applied, 1 pending; no drift');
    const json = JSON.parse(oxen('status', '--json').stdout) as { migrations: { name: string; state: string }[]; problems: number; drift: unknown[] };
    expect(json.migrations.map((m) => `${m.name} ${m.state}`)).toEqual(['0001_create_person applied', '0002_add_age applied', '0003_create_pet pending']);
    expect(json.problems).toBe(1);
    expect(json.drift).toEqual([]);
  });

  it('up --json applies the rest and returns the MigrateResult; then nothing is pending', () => {
    const run = oxen('up', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { dryRun: boolean; migrations: { name: string; statements: string[]; durationMs: number }[] };
    expect(result.dryRun).toBe(false);
    expect(result.migrations.map((m) => m.name)).toEqual(['0003_create_pet']);
    expect(result.migrations[0]!.statements[0]).toContain('CREATE TABLE "pet"');
    const again = oxen('up');
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('No migrations to apply.');
    expect(oxen('status', '--check').code).toBe(0);
  });

  it('a column added by hand is drift: status --check exits 3 naming the column', () => {
    sqlite('ALTER TABLE person ADD COLUMN nickname TEXT');
    const run = oxen('status', '--check');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('drift: person.nickname: column in the database but not in the migrations');
    expect(run.stdout).toContain('3 applied, 0 pending; 1 drift difference');
    sqlite('ALTER TABLE person DROP COLUMN nickname');
    expect(oxen('status', '--check').code).toBe(0);
  });

  it('a table created by hand is drift too; the history table is not', () => {
    sqlite('CREATE TABLE scratch (id INTEGER PRIMARY KEY)');
    const run = oxen('status', '--check');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('drift: scratch: table in the database but not in the migrations');
    expect(run.stdout).not.toContain('oxen_migrations');
    sqlite('DROP TABLE scratch');
  });

  it('an applied migration edited afterwards: status --check exits 3 naming the file; up refuses (exit 2)', () => {
    const path = join(migrations, '0002_add_age.ts');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, `${original}// an edit\n`);
    try {
      const run = oxen('status', '--check');
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/^0002_add_age {8}EDITED after it was applied .*: checksum [0-9a-f]{12} then, [0-9a-f]{12} now$/m);
      expect(run.stdout).toContain('1 edited');
      const up = oxen('up');
      expect(up.code).toBe(2);
      expect(progress(up.stderr)).toEqual([expect.stringContaining('migration 0002_add_age was edited after it was applied')]);
    } finally {
      writeFileSync(path, original);
    }
    expect(oxen('status', '--check').code).toBe(0);
  });

  it('down reverts one migration by default; --steps 1 another; --to keeps the named one', () => {
    const one = oxen('down');
    expect(one.code).toBe(0);
    expect(progress(one.stderr)).toEqual(['reverting 0003_create_pet …']);
    expect(lines(one.stdout)[0]).toMatch(/^reverted 0003_create_pet … \d+ ms$/);
    expect(lines(one.stdout)[1]).toMatch(/^Reverted 1 migration in \d+ ms\.$/);
    const steps = oxen('down', '--steps', '1');
    expect(steps.code).toBe(0);
    expect(lines(steps.stdout)[0]).toMatch(/^reverted 0002_add_age … /);
    expect(oxen('status').stdout).toContain('1 applied, 2 pending; no drift');
    expect(oxen('down', '--to', '0001_create_person').stdout.trim()).toBe('No migrations to revert.');
    expect(oxen('down', '--to', 'x', '--steps', '1').code).toBe(2);
    expect(oxen('up').code).toBe(0);
  });

  it('a failed migration: exit 1, one line naming it and its operation; nothing of it applied', async () => {
    await writeMigrationFile(migrations, 'bad', [{ op: 'runSql', sql: { sqlite: 'INSERT INTO no_such_table VALUES (1)' } }]);
    const run = oxen('up');
    expect(run.code).toBe(1);
    const err = progress(run.stderr);
    expect(err[0]).toBe('applying 0004_bad …');
    expect(err.slice(1)).toEqual([expect.stringMatching(/^Error: migration 0004_bad failed at operation 1: .*no such table: no_such_table.*rolled back: nothing of it was applied/)]);
    expect(oxen('status').stdout).toContain('0004_bad            pending');
  });
});

describe('oxen migrate baseline (built binary, SQLite)', () => {
  let dir: string;
  const oxen = (...args: string[]) => runOxen(['migrate', ...args], { cwd: dir });

  beforeAll(async () => {
    assertBuilt();
    ({ dir } = await project('sqlite://./app.sqlite', '', 'mgcmd-base'));
    // A database made without migrations (createTables, another tool): the schema of 0001 and 0002.
    const db = new Database(join(dir, 'app.sqlite'));
    db.exec('CREATE TABLE person (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR(100) NOT NULL, age INTEGER)');
    db.exec("INSERT INTO person (name, age) VALUES ('kept', 40)");
    db.close();
  });

  it('records every migration up to NAME as applied without running it; status shows them applied, no drift', () => {
    const run = oxen('baseline', '0002_add_age');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      'baselined 0001_create_person (recorded as applied, not run)',
      'baselined 0002_add_age (recorded as applied, not run)',
      'Baselined 2 migrations up to 0002_add_age.',
    ]);
    const status = oxen('status');
    expect(status.stdout).toMatch(/^0001_create_person  applied .* \(0 ms\)$/m);
    expect(status.stdout).toContain('2 applied, 1 pending; no drift');
    const twice = oxen('baseline', '0002_add_age');
    expect(twice.code).toBe(0);
    expect(twice.stdout.trim()).toBe('Nothing to record: every migration up to 0002_add_age is applied already.');
  });

  it('up then applies only what comes after; the rows are kept', () => {
    const run = oxen('up');
    expect(run.code).toBe(0);
    expect(progress(run.stderr)).toEqual(['applying 0003_create_pet …']);
    const db = new Database(join(dir, 'app.sqlite'), { readonly: true });
    expect(db.prepare('SELECT name, age FROM person').all()).toEqual([{ name: 'kept', age: 40 }]);
    db.close();
    expect(oxen('status', '--check').code).toBe(0);
  });

  it('refuses when a later migration is applied, or the name is unknown (exit 2, nothing recorded)', () => {
    const below = oxen('baseline', '0001_create_person');
    expect(below.code).toBe(2);
    expect(below.stderr).toContain('cannot baseline at 0001_create_person: 0002_add_age, 0003_create_pet are applied already');
    const unknown = oxen('baseline', '0009_nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no migration named 0009_nope (the last is 0003_create_pet)');
  });
});
