/**
 * `oxen monitor start` and `oxen monitor check` as built binaries, against load the test makes with
 * the bare drivers (pg, mysql2): what the monitor reports must add up to what was done.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorSample, ServerUp } from '../../src/core/monitoring/monitor/monitor-sample.js';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';
import { mysqlPsUrl, optionalServer, postgresUrl } from '../support/databases.js';
import { startOxen } from './oxen-process.js';

const psUrl = optionalServer(mysqlPsUrl, 'MariaDB with performance_schema', 'OXEN_TEST_MYSQL_PS_URL');
let dir: string;

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'oxen-monitor-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const samplesOf = (stdout: string): MonitorSample[] =>
  stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as MonitorSample);
const up = (s: MonitorSample): ServerUp | undefined => (s.server?.status.state === 'up' ? s.server.status : undefined);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function sqliteFile(): string {
  const file = join(dir, `db-${randomBytes(4).toString('hex')}.sqlite`);
  const db = new Database(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  db.close();
  return file;
}

describe('monitor: flags and mistakes', () => {
  it('--once prints one plain line with rates, and exits 0', () => {
    const run = runOxen(['monitor', 'start', '--url', `sqlite://${sqliteFile()}`, '--interval', '0.3', '--once'], { cwd: dir });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d server up /);
  });

  it('--json --duration stops by itself with one JSON object per sample', () => {
    const run = runOxen(['monitor', 'start', '--url', `sqlite://${sqliteFile()}`, '--interval', '0.3', '--duration', '1', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const samples = samplesOf(run.stdout);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.length).toBeLessThanOrEqual(6);
    expect(samples.map((s) => s.seq)).toEqual(samples.map((_, i) => i + 1));
    expect(up(samples[0]!)!.hasRates).toBe(false);
    expect(up(samples.at(-1)!)!.hasRates).toBe(true);
    expect(samples.at(-1)!.metrics.db_size).toBeGreaterThan(0);
  });

  it.each([
    [['--alert', 'p95 is high'], /--alert 'p95 is high' is not a rule/],
    [['--alert', 'p95>5ms'], /reads the app exporter: add --app/],
    [['--interval', '0'], /--interval 0 is not a number of seconds/],
    [['--prometheus', 'here'], /--prometheus here is not an address/],
    [['--app', 'ftp://x'], /--app ftp: is not supported/],
  ])('refuses %j with one line and exit 2', (flags, message) => {
    const run = runOxen(['monitor', 'start', '--url', `sqlite://${sqliteFile()}`, ...flags], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('says there is nothing to monitor without --url or --app', () => {
    const run = runOxen(['monitor', 'start'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing to monitor: give --url/);
  });

  it('refuses a SQLite file that does not exist instead of creating it', () => {
    const run = runOxen(['monitor', 'start', '--url', `sqlite://${dir}/missing.db`], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no SQLite database at .*missing\.db/);
  });

  it('fails at once, with the password hidden, when the server cannot be reached', () => {
    const run = runOxen(['monitor', 'start', '--url', 'postgres://bob:s3cret-pw@127.0.0.1:1/db'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr + run.stdout).not.toContain('s3cret-pw');
  });

  it('says which port is taken for --prometheus', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const { port } = busy.address() as { port: number };
    try {
      const run = runOxen(['monitor', 'start', '--url', `sqlite://${sqliteFile()}`, '--prometheus', `127.0.0.1:${port}`, '--once'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`--prometheus 127.0.0.1:${port}: cannot listen \\(the port is in use\\)`));
    } finally {
      busy.close();
    }
  });

  it('shows an app exporter that is down as down, and goes on', () => {
    const run = runOxen(['monitor', 'start', '--app', 'http://127.0.0.1:1', '--interval', '0.3', '--duration', '0.7', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const samples = samplesOf(run.stdout);
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples.every((s) => s.app?.status.state === 'down' && s.server === null)).toBe(true);
    expect(samples[0]!.metrics['app.up']).toBe(0);
  });
});

describe('monitor check', () => {
  it('exits 0 when no alert fired, 3 when one did, 4 when a rule could not be checked', () => {
    const url = `sqlite://${sqliteFile()}`;
    const quiet = runOxen(['monitor', 'check', '--url', url, '--alert', 'db_size>1gb', '--samples', '2', '--interval', '0.2'], { cwd: dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/monitor check: no alert fired in 2 samples/);
    const fired = runOxen(['monitor', 'check', '--url', url, '--alert', 'db_size>1kb', '--samples', '2', '--interval', '0.2'], { cwd: dir });
    expect(fired.code).toBe(3);
    expect(fired.stdout).toMatch(/monitor check: db_size>1kb fired in 2 samples/);
    const unknown = runOxen(['monitor', 'check', '--url', url, '--alert', 'cache_hit<0.5', '--samples', '1', '--interval', '0.2'], { cwd: dir });
    expect(unknown.code).toBe(4);
    expect(unknown.stdout).toMatch(/cache_hit<0.5 had no value/);
  });

  it('needs a rule', () => {
    const run = runOxen(['monitor', 'check', '--url', `sqlite://${sqliteFile()}`], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs at least one --alert/);
  });
});

describe.skipIf(!postgresUrl)('monitor on PostgreSQL', () => {
  it('reports exactly the calls a load made, as top statements and rates', async () => {
    // pg_stat_statements tells shapes apart by what they read, not by aliases: a table of its own makes one.
    const marker = `oxen_mon_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`CREATE TABLE ${marker} (n int)`);
    const monitor = startOxen(['monitor', 'start', '--url', postgresUrl!, '--interval', '0.5', '--json'], { cwd: dir });
    try {
      await monitor.waitFor(/^\{/);
      const N = 300;
      for (let i = 0; i < N; i++) await client.query(`SELECT n FROM ${marker} WHERE n = $1`, [i]);
      // A connected backend reports its transactions to pg_stat_database up to seconds late; ask it now.
      await client.query('SELECT pg_stat_force_next_flush()');
      // Two more samples, so the last calls are inside a diffed interval.
      const seen = samplesOf(monitor.stdout()).length;
      while (samplesOf(monitor.stdout()).length < seen + 2) await sleep(100);
      const samples = samplesOf(monitor.stdout());
      const calls = samples.flatMap((s) => up(s)?.topStatements ?? []).filter((t) => t.text.includes(marker)).reduce((n, t) => n + t.calls, 0);
      expect(calls).toBe(N);
      const busiest = samples.filter((s) => up(s)?.topStatements?.some((t) => t.text.includes(marker)));
      expect(busiest.some((s) => (s.metrics.qps ?? 0) > 50 && (s.metrics.tps ?? 0) > 50)).toBe(true);
      // The monitor's own reads are not the server's work: not among the top statements.
      expect(samples.flatMap((s) => up(s)?.topStatements ?? []).filter((t) => t.text.includes('oxen monitor'))).toEqual([]);
    } finally {
      await client.query(`DROP TABLE ${marker}`);
      await client.end();
      expect(await monitor.stop()).toBe(0);
    }
  }, 60_000);

  it('shows a session blocked by another as a blocking chain, and check exits 3 on blocked>0', async () => {
    const table = `oxen_mon_lock_${randomBytes(3).toString('hex')}`;
    const holder = new pg.Client({ connectionString: postgresUrl });
    const waiter = new pg.Client({ connectionString: postgresUrl });
    await holder.connect();
    await waiter.connect();
    try {
      await holder.query(`CREATE TABLE ${table} (id int PRIMARY KEY, v int)`);
      await holder.query(`INSERT INTO ${table} VALUES (1, 0)`);
      const holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const waiterPid = (await waiter.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      await holder.query('BEGIN');
      await holder.query(`UPDATE ${table} SET v = 1 WHERE id = 1`);
      const blocked = waiter.query(`UPDATE ${table} SET v = 2 WHERE id = 1`);
      await sleep(300);
      const check = runOxen(['monitor', 'check', '--url', postgresUrl!, '--alert', 'blocked>0', '--samples', '1', '--interval', '0.3', '--json'], { cwd: dir });
      expect(check.code).toBe(3);
      const result = JSON.parse(check.stdout) as { verdict: string; fired: string[]; last: MonitorSample };
      expect(result).toMatchObject({ verdict: 'fired', fired: ['blocked>0'] });
      const chain = up(result.last)!.blocking.find((b) => b.pid === waiterPid);
      expect(chain?.blockedBy).toEqual([holderPid]);
      expect(result.last.metrics['sessions.waiting']).toBeGreaterThanOrEqual(1);
      await holder.query('COMMIT');
      await blocked;
    } finally {
      await holder.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
      await holder.end();
      await waiter.end();
    }
  }, 60_000);

  it('gives no negative rate when the statistics are reset under it', async () => {
    const monitor = startOxen(['monitor', 'start', '--url', postgresUrl!, '--interval', '0.4', '--json'], { cwd: dir });
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      while (samplesOf(monitor.stdout()).length < 2) await sleep(100);
      await client.query('SELECT pg_stat_reset()');
      const seen = samplesOf(monitor.stdout()).length;
      while (samplesOf(monitor.stdout()).length < seen + 2) await sleep(100);
      const samples = samplesOf(monitor.stdout());
      expect(samples.some((s) => up(s)?.countersReset)).toBe(true);
      for (const s of samples) {
        for (const name of ['tps', 'qps', 'deadlocks', 'temp_files']) expect(s.metrics[name] ?? 0).toBeGreaterThanOrEqual(0);
        const hit = s.metrics.cache_hit;
        if (hit !== null && hit !== undefined) expect(hit).toBeLessThanOrEqual(1);
      }
    } finally {
      await client.end();
      expect(await monitor.stop()).toBe(0);
    }
  }, 60_000);
});

describe.skipIf(!psUrl)('monitor on MariaDB with performance_schema', () => {
  it('reports the digests of statements another client ran, with their exact count', async () => {
    const marker = `oxen_mon_${randomBytes(4).toString('hex')}`;
    const monitor = startOxen(['monitor', 'start', '--url', psUrl!, '--interval', '0.5', '--json'], { cwd: dir });
    const conn = await mysql.createConnection(psUrl!);
    try {
      await monitor.waitFor(/^\{/);
      const N = 150;
      // The text protocol (query, not execute): MariaDB digests it; prepared statements are counted elsewhere.
      for (let i = 0; i < N; i++) await conn.query(`SELECT ? AS ${marker}`, [i]);
      const seen = samplesOf(monitor.stdout()).length;
      while (samplesOf(monitor.stdout()).length < seen + 2) await sleep(100);
      const samples = samplesOf(monitor.stdout());
      const calls = samples.flatMap((s) => up(s)?.topStatements ?? []).filter((t) => t.text.includes(marker)).reduce((n, t) => n + t.calls, 0);
      expect(calls).toBe(N);
      expect(samples.some((s) => (s.metrics.qps ?? 0) > 50)).toBe(true);
    } finally {
      await conn.end();
      expect(await monitor.stop()).toBe(0);
    }
  }, 60_000);
});
