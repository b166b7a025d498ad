import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlUrl, postgresUrl } from '../support/databases.js';
import { assertBuilt, runOxen } from './run-oxen.js';

let cwd: string;
beforeAll(() => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'oxen-cli-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const oneLine = (text: string) => text.trimEnd().split('\n').length === 1;
const withPassword = (url: string, password: string) => {
  const u = new URL(url);
  u.password = password;
  return u.toString();
};

describe('oxen', () => {
  it('--help lists the commands, and not the shared base class', () => {
    const r = runOxen(['--help'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/USAGE\s+\$ oxen \[COMMAND\]/);
    expect(r.stdout).toMatch(/^\s+doctor\s+Check the installation/m);
    expect(r.stdout).not.toContain('base-command');
  });

  it('--version prints the package version; with --verbose also the executor', () => {
    const r = runOxen(['--version'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^oxen-orm\/\d+\.\d+\.\d+ \S+ node-v\d+/);
    const verbose = runOxen(['--version', '--verbose'], { cwd });
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toMatch(/^executor: (js|native) \(.+\)$/m);
  });

  it('doctor --help documents the flags', () => {
    const r = runOxen(['doctor', '--help'], { cwd });
    expect(r.code).toBe(0);
    for (const flag of ['--json', '--verbose', '--[no-]color', '--url', '--executor', '--config']) expect(r.stdout).toContain(flag);
  });

  it('doctor reports the embedded SQLite default without creating it', () => {
    const r = runOxen(['doctor'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^oxen \d+\.\d+\.\d+ +node v20/);
    expect(r.stdout).toMatch(/^executor: +(js|native) \(/m);
    expect(r.stdout).toContain(`default  sqlite://${cwd}/oxen.sqlite  ok  SQLite 3.`);
    expect(r.stdout).toContain('No problems found.');
    // Plain output under CI: no colour codes.
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('doctor --json prints one JSON document', () => {
    const r = runOxen(['doctor', '--json'], { cwd });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.nodeVersion).toBe(process.version);
    expect(report.databases).toHaveLength(1);
    expect(report.databases[0]).toMatchObject({ name: 'default', dialect: 'sqlite', reachable: true, source: 'default' });
    expect(report.databases[0].serverVersion).toMatch(/^SQLite 3\.\d+/);
  });

  it('doctor colours its output on an interactive renderer, and not with --no-color or NO_COLOR', () => {
    expect(runOxen(['doctor'], { cwd, env: { OXEN_RENDERER: 'ink' } }).stdout).toContain('\u001b[');
    expect(runOxen(['doctor', '--no-color'], { cwd, env: { OXEN_RENDERER: 'ink' } }).stdout).not.toContain('\u001b[');
    expect(runOxen(['doctor'], { cwd, env: { OXEN_RENDERER: 'ink', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('doctor checks every database of a config file and fails when one is unreachable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxen-cli-config-'));
    try {
      writeFileSync(
        join(dir, 'oxen.config.json'),
        JSON.stringify({ databases: { default: 'sqlite::memory:', broken: 'postgres://app:n0tshown@127.0.0.1:1/app' } }),
      );
      const r = runOxen(['doctor'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/default +sqlite::memory: +ok +SQLite/);
      expect(r.stdout).toMatch(/broken +postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app +unreachable: \S/);
      expect(r.stdout).toContain('[from oxen.config.json]');
      expect(r.stdout + r.stderr).not.toContain('n0tshown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an invalid config file exits 2 with one line naming the file and the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxen-cli-config-'));
    try {
      writeFileSync(join(dir, 'oxen.config.json'), JSON.stringify({ performance: { connectionPoolSize: 'ten' } }));
      const r = runOxen(['doctor'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('Error: oxen.config.json: performance.connectionPoolSize must be a whole number ≥ 1 (got "ten")\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown flag exits 2 with one line', () => {
    const r = runOxen(['doctor', '--bogus'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: Nonexistent flag: --bogus. Run `oxen doctor --help` for usage.\n');
  });

  it('an unknown command exits 2 with one line', () => {
    const r = runOxen(['frobnicate'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Error: "frobnicate" is not an oxen command. Run `oxen --help` for the list of commands.\n');
    const flag = runOxen(['--bogus'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('Error: unknown flag --bogus. Run `oxen --help` for usage.\n');
  });

  it('an invalid flag value exits 2 with one line', () => {
    const r = runOxen(['doctor', '--executor', 'turbo'], { cwd });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/^Error: Expected --executor=turbo to be one of: js, native\./);
  });

  it('a malformed URL exits 2 with one line, no stack trace and no password', () => {
    const r = runOxen(['doctor', '--url=postgres://app:hunter2@'], { cwd });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/^Error: --url: invalid database URL postgres:\/\/app:\*\*\*@/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    const fromEnv = runOxen(['doctor'], { cwd, env: { OXEN_DATABASE_URL: 'mysql//nope' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/^Error: OXEN_DATABASE_URL: invalid database URL mysql\/\/nope/);
  });

  it('--verbose adds the stack trace to a failure', () => {
    const r = runOxen(['doctor', '--url', 'postgres://app:hunter2@', '--verbose'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').length).toBeGreaterThan(3);
    expect(r.stderr).toMatch(/\bat .*\.js:\d+/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('with --json a failure also prints a JSON error document', () => {
    const r = runOxen(['doctor', '--json', '--url', 'nope'], { cwd });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'URL_INVALID', exitCode: 2 } });
  });

  it('an unknown OXEN_RENDERER exits 2', () => {
    const r = runOxen(['doctor'], { cwd, env: { OXEN_RENDERER: 'fancy' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Error: OXEN_RENDERER=fancy is not a renderer: use one of ink, plain, json\n');
  });
});

describe.runIf(postgresUrl)('oxen doctor on PostgreSQL', () => {
  it('shows the server version and never the password', () => {
    const r = runOxen(['doctor', '--url', withPassword(postgresUrl!, 'pg-s3cret')], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/default +postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/test +ok +PostgreSQL \d+/);
    expect(r.stdout).toContain('[from --url]');
    expect(r.stdout + r.stderr).not.toContain('pg-s3cret');
  });

  it('exits 1 when the server is unreachable, still without the password', () => {
    const url = new URL(withPassword(postgresUrl!, 'pg-s3cret'));
    url.port = '1';
    const r = runOxen(['doctor', '--json'], { cwd, env: { OXEN_DATABASE_URL: url.toString() } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.databases[0]).toMatchObject({ reachable: false, source: 'OXEN_DATABASE_URL', error: { code: 'CONNECTION_FAILED' } });
    expect(r.stdout + r.stderr).not.toContain('pg-s3cret');
  });
});

describe.runIf(mysqlUrl)('oxen doctor on MariaDB/MySQL', () => {
  it('shows the server version', () => {
    const r = runOxen(['doctor', '--json'], { cwd, env: { OXEN_DATABASE_URL: mysqlUrl! } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).databases[0]).toMatchObject({ dialect: 'mysql', reachable: true });
    expect(JSON.parse(r.stdout).databases[0].serverVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});
