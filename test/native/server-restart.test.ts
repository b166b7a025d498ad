/**
 * A server restart during a run, on both executors: statements fail while the server is down, then the
 * pool recovers by itself. This stops and starts the real servers, so it runs only when asked
 * (OXEN_TEST_SERVER_RESTART=1) and alone (other suites would fail meanwhile), as CI's last step:
 * `OXEN_TEST_SERVER_RESTART=1 npx vitest run test/native/server-restart.test.ts`.
 * It always leaves both servers running.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/core/ground/errors.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { mysqlUrl, postgresUrl, type TestDatabase } from '../support/databases.js';
import type { ExecutorKind } from '../../src/core/ground/values.js';
import { nativeBuilt, openJs, openNative } from './open-native.js';

const enabled = process.env.OXEN_TEST_SERVER_RESTART === '1';

function postgresCluster(action: 'stop' | 'start'): void {
  for (const version of readdirSync('/etc/postgresql')) {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], { stdio: 'ignore' });
  }
}

/**
 * The server on the test URL's port, told apart by its pid file: CI runs a second mariadbd (port 3307)
 * from the same binary, which `--exec` alone would mistake for this one and `--oknodo` would not restart.
 */
const mariadbPidFile = enabled && mysqlUrl ? execFileSync('mysql', ['-h127.0.0.1', '-uroot', '-Nse', 'SELECT @@pid_file'], { encoding: 'utf8' }).trim() : '';
const mariadbd = ['--pidfile', mariadbPidFile, '--exec', '/usr/sbin/mariadbd'];

function mariadbRunning(): boolean {
  try {
    execFileSync('start-stop-daemon', ['--status', ...mariadbd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function mariadb(action: 'stop' | 'start'): void {
  if (action === 'start') {
    execFileSync('start-stop-daemon', ['--start', '--oknodo', '--background', ...mariadbd], { stdio: 'ignore' });
    return;
  }
  execFileSync('mysqladmin', ['-h127.0.0.1', '-uroot', 'shutdown'], { stdio: 'ignore' });
  // mysqladmin returns before the server has exited; starting it before then would do nothing (--oknodo).
  for (let i = 0; i < 300 && mariadbRunning(); i++) execFileSync('sleep', ['0.1']);
}

/** Runs `SELECT 1` until it succeeds (bounded), returning how many attempts failed first. */
async function untilAnswered(ex: Executor, attempts = 120): Promise<number> {
  for (let failed = 0; failed < attempts; failed++) {
    try {
      await ex.query({ sql: 'SELECT 1', params: [] });
      return failed;
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectionError);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error('the pool did not recover within 30 s of the server restart');
}

const servers: { db: TestDatabase; server: (action: 'stop' | 'start') => void }[] = [];
if (postgresUrl) servers.push({ db: { dialect: 'postgres', url: postgresUrl }, server: postgresCluster });
if (mysqlUrl) servers.push({ db: { dialect: 'mysql', url: mysqlUrl }, server: mariadb });
const kinds: ExecutorKind[] = nativeBuilt ? ['js', 'native'] : ['js'];
const targets = servers.flatMap((s) => kinds.map((kind) => ({ ...s, kind, label: `${s.db.dialect}/${kind}` })));

describe.runIf(enabled).each(targets)('server restart on $label', ({ db, server, kind }) => {
  it('fails statements while the server is down, then recovers without reopening the executor', async () => {
    const pool = { connectionPoolSize: 4, maxOverflow: 0, poolTimeout: 2 };
    const ex = await (kind === 'native' ? openNative(db, pool) : openJs(db, pool));
    try {
      await Promise.all(Array.from({ length: 8 }, () => ex.query({ sql: 'SELECT 1', params: [] })));
      server('stop');
      try {
        const down = await ex.query({ sql: 'SELECT 1', params: [] }).catch((e: unknown) => e);
        expect(down).toBeInstanceOf(ConnectionError);
      } finally {
        server('start');
      }
      await untilAnswered(ex);
      const after = await Promise.all(Array.from({ length: 8 }, (_, i) => ex.query({ sql: `SELECT ${i}`, params: [] })));
      expect(after.map((r) => r.rows[0]![0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await ex.close();
    }
  });
});
