/**
 * SQLite's `serverStats` on real files, read through a read-only connection as the monitor opens it:
 * sizes that match the file system and PRAGMA, a WAL that grows with writes, and another connection's
 * exclusive lock costing a few counted retries, never a hang.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dialects } from '../../src/core/dialect/dialects.js';
import type { ServerSnapshot } from '../../src/core/dialect/server-stats.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { sqliteUrl } from '../support/databases.js';
import { openExecutor } from '../executor/open-executor.js';
import { nativeBuilt, openNative } from '../native/open-native.js';

const stats = dialects.sqlite.serverStats;
const kinds = nativeBuilt ? (['js', 'native'] as const) : (['js'] as const);
const NO_STATEMENTS = "SQLite keeps no statement statistics: the application's exporter (serveMetrics) has them";

/**
 * Another process holding `BEGIN EXCLUSIVE` until told to commit. A process of its own, as in real
 * use: POSIX locks belong to a process, so a second SQLite library in this one (the native addon's)
 * would not see a lock taken through better-sqlite3 here.
 */
async function holdExclusiveLock(path: string): Promise<{ release(): Promise<void> }> {
  const script = `const db = new (require('better-sqlite3'))(process.env.DB);
    db.exec('BEGIN EXCLUSIVE'); process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, DB: path }, stdio: ['pipe', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  expect(chunk.toString()).toBe('locked\n');
  return {
    async release() {
      child.stdin.write('commit\n');
      await once(child, 'exit');
    },
  };
}

describe.each(kinds)('SQLite stats read over the %s executor', (kind) => {
  const files: string[] = [];
  const opened: Executor[] = [];
  const newFile = () => {
    const url = sqliteUrl();
    const path = url.slice('sqlite://'.length);
    files.push(path);
    return { url, path };
  };
  const openReadOnly = async (url: string) => {
    const at = { dialect: 'sqlite' as const, url: `${url}?mode=ro` };
    const executor = kind === 'js' ? await openExecutor(at) : await openNative(at);
    opened.push(executor);
    return executor;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((e) => e.close()));
    for (const path of files.splice(0)) for (const end of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${end}`, { force: true });
  });

  it('reports file, WAL and page sizes as the file system and PRAGMA see them', async () => {
    const { url, path } = newFile();
    const writer = await openExecutor({ dialect: 'sqlite', url });
    opened.push(writer);
    await writer.execute({ sql: 'CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT)', params: [] });
    for (let i = 0; i < 300; i++) await writer.execute({ sql: 'INSERT INTO items (body) VALUES (?)', params: ['x'.repeat(500)] });
    await writer.execute({ sql: 'DELETE FROM items WHERE id > ?', params: [100] });
    const pragma = async (name: string) => Number((await writer.query({ sql: `PRAGMA ${name}`, params: [] })).rows[0]![0]);

    const monitor = await openReadOnly(url);
    const now = await stats.read(monitor, { database: path, longRunningS: 5 });

    const walBytes = statSync(`${path}-wal`).size;
    expect(walBytes).toBeGreaterThan(0);
    expect(now.gauges).toEqual({
      page_size: await pragma('page_size'),
      page_count: await pragma('page_count'),
      freelist_count: await pragma('freelist_count'),
      file_bytes: statSync(path).size,
      wal_bytes: walBytes,
      database_size_bytes: statSync(path).size + walBytes,
    });
    expect(now.gauges.page_size! * now.gauges.page_count!).toBeGreaterThan(300 * 500 - 200 * 500);
    expect(now.gauges.freelist_count).toBeGreaterThan(0);
    expect(now).toMatchObject({ startedAt: null, sessions: {}, statements: null, blocking: [], longRunning: [], replicas: [], tables: [] });
    expect(now.counters).toEqual({ busy_retries: 0 });
    expect(now.notes).toEqual([NO_STATEMENTS]);
    expect(now.version).toMatch(/^SQLite \d+\.\d+\.\d+$/);

    expect(stats.headline({ busy_retries: 0 }, now)).toEqual({
      tps: null,
      qps: null,
      cacheHit: null,
      deadlocksPerS: null,
      tempFilesPerS: null,
      slowQueriesPerS: null,
      rowLockWaitsPerS: null,
      databaseSizeBytes: now.gauges.database_size_bytes,
      connections: null,
      maxConnections: null,
    });
    const series = stats.prometheus(now, { database: path, longRunningS: 5 });
    expect(series.find((s) => s.name === 'oxen_sqlite_page_count')).toMatchObject({ type: 'gauge', value: now.gauges.page_count, labels: { database: path } });
    expect(series.find((s) => s.name === 'oxen_sqlite_busy_retries_total')).toMatchObject({ type: 'counter', value: 0 });
    expect(series.every((s) => s.name.startsWith('oxen_sqlite_'))).toBe(true);
  });

  it('retries briefly while another process holds an exclusive lock, counts the retries, and never hangs', async () => {
    const { path, url } = newFile();
    const setup = new Database(path);
    // A rollback journal: there an exclusive lock keeps readers out (WAL would let them read).
    setup.pragma('journal_mode = DELETE');
    setup.exec('CREATE TABLE items (id INTEGER PRIMARY KEY)');
    setup.close();
    const monitor = await openReadOnly(url);
    const busyTimeout = async () => Number((await monitor.query({ sql: 'PRAGMA busy_timeout', params: [] })).rows[0]![0]);
    const timeoutBefore = await busyTimeout();
    expect(timeoutBefore).toBeGreaterThan(1000);

    const lock = await holdExclusiveLock(path);
    let locked: ServerSnapshot;
    const started = Date.now();
    try {
      locked = await stats.read(monitor, { database: path, longRunningS: 5 });
    } finally {
      await lock.release();
    }
    expect(Date.now() - started).toBeLessThan(2000);
    expect(locked.counters.busy_retries).toBe(5);
    expect(locked.notes).toContain('another connection kept the database locked through 5 retries: page counts skipped this sample');
    expect(locked.gauges).toEqual({ file_bytes: statSync(path).size, wal_bytes: 0, database_size_bytes: statSync(path).size });
    expect(await busyTimeout()).toBe(timeoutBefore);

    const released = await stats.read(monitor, { database: path, longRunningS: 5 });
    expect(released.counters.busy_retries).toBe(5);
    expect(released.gauges.page_count).toBeGreaterThan(0);
    expect(released.notes).toEqual([NO_STATEMENTS]);
  });
});
