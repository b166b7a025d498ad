/**
 * The process-level safety acceptance, through the built binary as child processes, on SQLite,
 * PostgreSQL and MariaDB with each executor under test, each test in a database of its own (tables
 * `mproc_*`, the default history table):
 *  - `kill -9` of `migrate up` in the middle of a migration (paused in a runJs after a createTable and
 *    an addColumn): on PostgreSQL and SQLite nothing of it stays and the lock is free again, so the next
 *    `up` applies it whole; on MariaDB, whose DDL commits at once, `status` names the partial operation
 *    and `up` resumes from it;
 *  - two `migrate up` started together: each migration applied once, its side effect once, one of
 *    them waited for the other.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertBuilt } from '../cli/run-oxen.js';
import { testExecutors } from '../support/orm.js';
import {
  addColumn,
  createTable,
  pauseOnce,
  runOxen,
  runSql,
  servers,
  startOxen,
  tableOf,
  tempProject,
  until,
  writeMigration,
  type OxenChild,
  type Target,
} from './migrate-processes-support.js';

const TIMEOUT = 300_000;
const lines = (s: string) => s.trim().split('\n').filter((l) => l !== '');
/** The migrations a run started, from its progress lines on stderr (the plan's lines under each left out). */
const started = (stderr: string) => lines(stderr).filter((l) => l.startsWith('applying '));
const WAITING = 'waiting for another oxen migrate run to finish';

const cases = servers.filter((s) => s.url !== undefined).flatMap((server) => testExecutors().map((executor) => ({ server, executor, label: `${server.name}/${executor}` })));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Newest first: a child still running (a failed test) is killed before its database is dropped.
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function history(target: Target): Promise<[string, number | null][]> {
  const rows = await target.query('SELECT name, operations_done FROM oxen_migrations ORDER BY name');
  return rows.map((r) => [String(r[0]), r[1] === null ? null : Number(r[1])]);
}

/** Fails with both processes' output when `child` ends before `what` happened. */
async function untilAlive(child: OxenChild, what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  let ended = false;
  void child.exit.then(() => (ended = true));
  await until(what, async () => {
    if (ended) throw new Error(`oxen ended before ${what}:\n${child.stdout}\n${child.stderr}`);
    return check();
  }, 120_000);
}

describe.each(cases)('migrate up as a process ($label)', ({ server, executor, label }) => {
  async function setup(kind: string) {
    assertBuilt();
    const target = await server.create(`${kind}${executor}`);
    cleanup.push(() => target.drop());
    const project = tempProject(target.url, `${kind}-${label.replace('/', '-')}`);
    const oxen = (...args: string[]) => runOxen(['migrate', ...args, '--executor', executor], project.dir);
    return { target, ...project, oxen };
  }

  it('kill -9 during a migration', { timeout: TIMEOUT }, async () => {
    const { target, dir, migrations, oxen } = await setup('kill');
    const marker = join(dir, 'paused');
    writeMigration(migrations, '0001_base', [createTable(tableOf('mproc_base'))]);
    writeMigration(migrations, '0002_killed', [
      createTable(tableOf('mproc_k_a')),
      addColumn('mproc_k_a', 'extra'),
      pauseOnce('MPROC_MARKER', 180_000),
      createTable(tableOf('mproc_k_b')),
    ]);

    const run = startOxen(['migrate', 'up', '--lock-timeout', '5', '--executor', executor], dir, { MPROC_MARKER: marker });
    cleanup.push(async () => void run.child.kill('SIGKILL'));
    await untilAlive(run, 'the migration to reach its runJs', () => existsSync(marker));
    // Inside 0002_killed, its first two operations done: the lock is held right now.
    expect(await target.lockHeld()).toBe(true);
    run.child.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');
    expect(started(run.stderr)).toEqual(['applying 0001_base …', 'applying 0002_killed …']);

    // The lock goes with the process (PostgreSQL notices the closed connection; MariaDB drops its session).
    await until('the migration lock to be released', async () => !(await target.lockHeld()), 60_000);

    if (server.dialect === 'mysql') {
      // DDL committed as it ran: the first two operations are there, and the history row says so.
      expect(await target.tables()).toEqual(['mproc_base', 'mproc_k_a', 'oxen_migrations']);
      expect(await target.columns('mproc_k_a')).toEqual(['id', 'extra']);
      expect(await history(target)).toEqual([['0001_base', null], ['0002_killed', 2]]);
      const status = await oxen('status', '--check');
      expect(status.code).toBe(3);
      expect(status.stdout).toContain('0002_killed  PARTIAL: 2 of 4 operations applied; up resumes at operation 3 (runJs)');
      expect(status.stdout).toContain('1 applied, 0 pending, 1 partial; no drift');
      const json = JSON.parse((await oxen('status', '--json')).stdout) as { migrations: { name: string; state: string; operationsDone?: number; nextOperation?: unknown }[] };
      expect(json.migrations.find((m) => m.name === '0002_killed')).toMatchObject({ state: 'partial', operationsDone: 2, operations: 4, nextOperation: { index: 3, op: 'runJs' } });

      // Resumed at operation 3: operations 1 and 2 (a CREATE TABLE that would now fail) are not run again.
      const up = await oxen('up', '--lock-timeout', '5', '--json');
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      const result = JSON.parse(up.stdout) as { migrations: { name: string; resumedAt: number; statements: string[] }[] };
      expect(result.migrations.map((m) => [m.name, m.resumedAt])).toEqual([['0002_killed', 2]]);
      expect(result.migrations[0]!.statements.join('\n')).not.toContain('mproc_k_a');
      expect(result.migrations[0]!.statements.join('\n')).toContain('mproc_k_b');
    } else {
      // One transaction per migration: 0001 committed, nothing of 0002 (neither table, nor the column, nor its row).
      expect(await target.tables()).toEqual(['mproc_base', 'oxen_migrations']);
      expect(await history(target)).toEqual([['0001_base', null]]);
      if (server.dialect === 'sqlite') expect(await target.query('PRAGMA integrity_check')).toEqual([['ok']]);
      const status = await oxen('status');
      expect(status.stdout).toContain('0002_killed  pending');

      // The lock is free: a new run does not wait, and applies 0002 whole.
      const up = await oxen('up', '--lock-timeout', '5');
      expect(up.code).toBe(0);
      expect(started(up.stderr)).toEqual(['applying 0002_killed …']);
      expect(lines(up.stdout).at(-1)).toMatch(/^Applied 1 migration in /);
    }

    expect(await target.tables()).toEqual(['mproc_base', 'mproc_k_a', 'mproc_k_b', 'oxen_migrations']);
    expect(await target.columns('mproc_k_a')).toEqual(['id', 'extra']);
    expect(await history(target)).toEqual([['0001_base', null], ['0002_killed', null]]);
    const check = await oxen('status', '--check');
    expect(check.stdout).toContain('2 applied, 0 pending; no drift');
    expect(check.code).toBe(0);
    expect(await target.lockHeld()).toBe(false);
  });

  it('two up processes at once: each migration applied once', { timeout: TIMEOUT }, async () => {
    const { target, dir, migrations, oxen } = await setup('twice');
    const marker = join(dir, 'paused');
    const gate = join(dir, 'go');
    // 0001 pauses, holding the lock, until the test has seen the other run wait.
    writeMigration(migrations, '0001_runs', [
      createTable(tableOf('mproc_c_runs', [{ name: 'name', type: { kind: 'char', maxLength: 20 }, nullable: false }])),
      runSql("INSERT INTO mproc_c_runs (name) VALUES ('0001_runs')"),
      pauseOnce('MPROC_MARKER', 120_000, 'MPROC_GATE'),
    ]);
    writeMigration(migrations, '0002_column', [runSql("INSERT INTO mproc_c_runs (name) VALUES ('0002_column')"), addColumn('mproc_c_runs', 'extra')]);
    writeMigration(migrations, '0003_more', [createTable(tableOf('mproc_c_more')), runSql("INSERT INTO mproc_c_runs (name) VALUES ('0003_more')")]);

    const env = { MPROC_MARKER: marker, MPROC_GATE: gate };
    const runs = [0, 1].map(() => startOxen(['migrate', 'up', '--executor', executor], dir, env));
    for (const r of runs) cleanup.push(async () => void r.child.kill('SIGKILL'));
    try {
      await until('one run to reach the pause in 0001_runs', () => existsSync(marker), 90_000);
      await until('the other run to wait for the lock', () => runs.some((r) => r.stderr.includes(WAITING)), 90_000);
    } finally {
      writeFileSync(gate, '');
    }
    const exits = await Promise.all(runs.map((r) => r.exit));
    const output = runs.map((r) => `${r.stdout}\n${r.stderr}`).join('\n---\n');
    expect(exits.map((e) => e.code), output).toEqual([0, 0]);

    // Together the two runs applied each migration once.
    const applied = runs.flatMap((r) => lines(r.stdout).flatMap((l) => /^applied (\S+) …/.exec(l)?.[1] ?? []));
    expect(applied.sort(), output).toEqual(['0001_runs', '0002_column', '0003_more']);
    expect(await history(target)).toEqual([['0001_runs', null], ['0002_column', null], ['0003_more', null]]);
    const counts = await target.query('SELECT name, COUNT(*) FROM mproc_c_runs GROUP BY name ORDER BY name');
    expect(counts.map(([n, c]) => [n, Number(c)])).toEqual([['0001_runs', 1], ['0002_column', 1], ['0003_more', 1]]);
    expect(await target.columns('mproc_c_runs')).toEqual(['id', 'name', 'extra']);

    const waited = runs.filter((r) => r.stderr.includes(WAITING));
    expect(waited.length, output).toBeGreaterThanOrEqual(1);
    if (server.dialect !== 'sqlite') {
      // A session lock for the whole run: the one that waited got it once everything was applied.
      expect(waited).toHaveLength(1);
      expect(lines(waited[0]!.stdout), output).toEqual(['No migrations to apply.']);
    }
    expect((await oxen('status', '--check')).code).toBe(0);
  });
});
