/**
 * `oxen migrate up / status / down / baseline` on PostgreSQL and MariaDB (built binary, --url), each
 * in a database of its own (mgcmd_<pid>, dropped after) so the default history table `oxen_migrations`
 * is nobody else's. Tables carry the prefix `mgcmd_`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';
import { mysqlUrl, optionalServer, postgresUrl } from '../support/databases.js';
import { myQuery as myRun, pgQuery as pgRun } from '../support/plain-sql.js';
import { writeMigrationFile } from '../../src/core/schema/migrate/migration-writer.js';
import { project } from './migrate-commands-support.js';

const DB = `mgcmd_${process.pid}`;
const lines = (s: string) => s.trim().split('\n').filter((l) => l !== '');
/** stderr's progress lines without the plan lines indented under each migration. */
const progress = (s: string) => lines(s).filter((l) => !l.startsWith('    '));

interface Server {
  readonly name: string;
  readonly url: string | undefined;
  /** Runs SQL on the server's admin database (create / drop the test database). */
  admin(url: string, sql: string): Promise<unknown>;
  /** Runs SQL in the test database. */
  exec(url: string, sql: string): Promise<unknown>;
  readonly addColumn: string;
}

const withDb = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

const servers: Server[] = [
  {
    name: 'PostgreSQL',
    url: optionalServer(postgresUrl, 'PostgreSQL', 'OXEN_TEST_POSTGRES_URL'),
    admin: pgRun,
    exec: (url, sql) => pgRun(withDb(url, DB), sql),
    addColumn: 'ALTER TABLE mgcmd_person ADD COLUMN nickname text',
  },
  {
    name: 'MariaDB',
    url: optionalServer(mysqlUrl, 'MySQL/MariaDB', 'OXEN_TEST_MYSQL_URL'),
    admin: myRun,
    exec: (url, sql) => myRun(withDb(url, DB), sql),
    addColumn: 'ALTER TABLE mgcmd_person ADD COLUMN nickname text',
  },
];

describe.each(servers.filter((s) => s.url !== undefined))('oxen migrate (built binary, $name)', (server) => {
  const base = server.url!;
  const url = withDb(base, DB);
  let dir: string;
  let migrations: string;
  const oxen = (...args: string[]) => runOxen(['migrate', ...args, '--url', url], { cwd: dir });

  beforeAll(async () => {
    assertBuilt();
    await server.admin(base, `DROP DATABASE IF EXISTS ${DB}`);
    await server.admin(base, `CREATE DATABASE ${DB}`);
    ({ dir, migrations } = await project('sqlite://./unused.sqlite', 'mgcmd_', `mgcmd-${server.name}`));
  });

  afterAll(async () => {
    await server.admin(base, `DROP DATABASE IF EXISTS ${DB}`);
  });

  it('up applies each migration with its duration; status shows them applied, no drift', () => {
    const up = oxen('up');
    expect(up.code).toBe(0);
    expect(progress(up.stderr)).toEqual(['applying 0001_create_person …', 'applying 0002_add_age …', 'applying 0003_create_pet …']);
    expect(lines(up.stdout)[3]).toMatch(/^Applied 3 migrations in \d+(\.\d+)? m?s\.$/);
    const status = oxen('status', '--check');
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(/^0003_create_pet     applied \d{4}-\d\d-\d\d .* UTC \(\d+ ms\)$/m);
    expect(status.stdout).toContain('3 applied, 0 pending; no drift');
    expect(status.code).toBe(0);
    expect(oxen('up').stdout.trim()).toBe('No migrations to apply.');
  });

  it('a column added by hand: status --check exits 3 naming it', async () => {
    await server.exec(base, server.addColumn);
    const run = oxen('status', '--check');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('drift: mgcmd_person.nickname: column in the database but not in the migrations');
    await server.exec(base, 'ALTER TABLE mgcmd_person DROP COLUMN nickname');
  });

  it('down --steps 1, then the dry run shows what up would do, then up again', () => {
    const down = oxen('down', '--steps', '1');
    expect(down.code).toBe(0);
    expect(lines(down.stdout)[0]).toMatch(/^reverted 0003_create_pet … /);
    expect(oxen('status').stdout).toContain('2 applied, 1 pending; no drift');
    const dry = oxen('up', '--dry-run');
    expect(dry.stdout).toMatch(/^-- 0003_create_pet\nCREATE TABLE [`"]mgcmd_pet[`"]/);
    expect(oxen('up').code).toBe(0);
    expect(oxen('status', '--check').code).toBe(0);
  });

  it('baseline on a database whose history was lost: status shows the migrations applied again', async () => {
    await server.exec(base, 'DROP TABLE oxen_migrations');
    expect(oxen('status').stdout).toContain('0 applied, 3 pending');
    const run = oxen('baseline', '0003_create_pet');
    expect(run.code).toBe(0);
    expect(lines(run.stdout).at(-1)).toBe('Baselined 3 migrations up to 0003_create_pet.');
    expect(oxen('status', '--check').code).toBe(0);
  });

  it('a migration failing half-way: exit 1 in one line; on MariaDB status names the partial operation, on PostgreSQL nothing of it stays', async () => {
    const bad = { postgres: 'INSERT INTO mgcmd_nope VALUES (1)', mysql: 'INSERT INTO mgcmd_nope VALUES (1)' };
    await writeMigrationFile(migrations, 'half', [
      { op: 'addColumn', table: 'mgcmd_pet', column: { name: 'legs', type: { kind: 'int' }, nullable: true } },
      { op: 'runSql', sql: bad },
    ]);
    const run = oxen('up');
    expect(run.code).toBe(1);
    const err = progress(run.stderr);
    expect(err[0]).toBe('applying 0004_half …');
    expect(err).toHaveLength(2);
    expect(err[1]).toMatch(/^Error: migration 0004_half failed at operation 2: /);
    const status = oxen('status', '--check');
    expect(status.code).toBe(3);
    if (server.name === 'MariaDB') {
      expect(err[1]).toContain('its first 1 operation(s) are applied and recorded');
      expect(status.stdout).toContain('0004_half           PARTIAL: 1 of 2 operations applied; up resumes at operation 2 (runSql)');
      expect(status.stdout).toContain('1 partial; no drift');
    } else {
      expect(err[1]).toContain('rolled back: nothing of it was applied');
      expect(status.stdout).toContain('0004_half           pending');
      expect(status.stdout).toContain('3 applied, 1 pending; no drift');
    }
  });
});
