/**
 * A server that stops and starts again under a running monitor: shown as down with the time and the
 * error, then reconnected, and the monitor goes on. The server is a throwaway MariaDB of the test's own
 * (its data directory and port), so stopping it disturbs no other suite.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorSample } from '../../src/core/monitoring/monitor/monitor-sample.js';
import { assertBuilt } from '../cli/run-oxen.js';
import { requireServers } from '../support/databases.js';
import { freePort, startOxen } from './oxen-process.js';

const MARIADBD = '/usr/sbin/mariadbd';
const hasMariadb = spawnSync(MARIADBD, ['--version']).status === 0 && spawnSync('sh', ['-c', 'command -v mariadb-install-db']).status === 0;
if (!hasMariadb) {
  if (requireServers) throw new Error('OXEN_TEST_REQUIRE_SERVERS=1 but mariadbd / mariadb-install-db are not installed');
  process.stderr.write('\n*** mariadbd is not installed — SKIPPING the monitor reconnect test ***\n');
}
const asRoot = process.getuid?.() === 0;

const samplesOf = (stdout: string): MonitorSample[] =>
  stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as MonitorSample);

describe.skipIf(!hasMariadb)('monitor across a server restart', () => {
  let dir: string;
  let port: number;
  let server: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    server = spawn(MARIADBD, [
      '--no-defaults', ...(asRoot ? ['--user=mysql'] : []), `--datadir=${join(dir, 'data')}`, `--port=${port}`, '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'mysqld.sock')}`, `--pid-file=${join(dir, 'mysqld.pid')}`, '--skip-log-bin', '--innodb-buffer-pool-size=16M',
    ], { stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while (spawnSync('mysqladmin', ['-h127.0.0.1', `-P${port}`, '-uroot', 'ping']).status !== 0) {
      if (Date.now() > deadline) throw new Error('the throwaway MariaDB did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGTERM');
    await exited;
  };

  beforeAll(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'oxen-restart-'));
    if (asRoot) spawnSync('chown', ['mysql:mysql', dir]);
    port = await freePort();
    const installed = spawnSync('mariadb-install-db', ['--no-defaults', ...(asRoot ? ['--user=mysql'] : []), `--datadir=${join(dir, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`mariadb-install-db failed: ${installed.stderr}`);
    await start();
  }, 60_000);

  afterAll(async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the server down, reconnects when it is back, and goes on', async () => {
    const monitor = startOxen(['monitor', 'start', '--url', `mysql://root@127.0.0.1:${port}/mysql`, '--interval', '0.3', '--json'], { cwd: dir });
    const waitForSample = async (what: string, test: (s: MonitorSample) => boolean, from = 0): Promise<MonitorSample> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const found = samplesOf(monitor.stdout()).slice(from).find(test);
        if (found) return found;
        if (Date.now() > deadline || monitor.child.exitCode !== null) throw new Error(`no sample ${what}; stderr: ${monitor.stderr()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      const before = await waitForSample('with rates', (s) => s.server?.status.state === 'up' && s.server.status.hasRates);
      await stop();
      const down = await waitForSample('down', (s) => s.server?.status.state === 'down', before.seq);
      expect(down.server!.status).toMatchObject({ state: 'down' });
      if (down.server!.status.state === 'down') {
        expect(Date.parse(down.server!.status.since)).toBeGreaterThan(Date.parse(before.at) - 1);
        expect(down.server!.status.error.length).toBeGreaterThan(0);
      }
      expect(down.metrics['server.up']).toBe(0);
      await start();
      const back = await waitForSample('up again', (s) => s.server?.status.state === 'up', down.seq);
      if (back.server!.status.state === 'up') {
        // A new server run: its first reading is a baseline, not an interval over the outage.
        expect(back.server!.status.hasRates).toBe(false);
      }
      await waitForSample('with rates after the restart', (s) => s.server?.status.state === 'up' && s.server.status.hasRates, back.seq);
    } finally {
      expect(await monitor.stop()).toBe(0);
    }
    expect(monitor.stderr()).not.toMatch(/\n\s+at /);
  }, 90_000);
});
