/**
 * Where the native executor's PostgreSQL and MySQL work runs (native/src/runtime.rs): on the main
 * thread's own event loop by default, on the `oxen-native` runtime thread for clients on worker
 * threads or under OXEN_NATIVE_LOOP=thread. Each place must answer correctly, keep many statements
 * moving at once, fire its timers, and let an idle process exit. Child processes and workers load the
 * built `dist/` (`npm test` builds it first).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { mysqlUrl, postgresUrl, type TestDatabase } from '../support/databases.js';
import { NUMBERS_TO_100K } from '../support/numbers-sql.js';
import { nativeBuilt, openNative, ph } from './open-native.js';

const servers: TestDatabase[] = [];
if (postgresUrl) servers.push({ dialect: 'postgres', url: postgresUrl });
if (mysqlUrl) servers.push({ dialect: 'mysql', url: mysqlUrl });

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = pathToFileURL(join(root, 'dist', 'index.js')).href;

/** The names of this process's threads (Linux). */
function threadNames(): string[] {
  return readdirSync('/proc/self/task').map((task) => readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim());
}

/** Runs `body` (ESM, with `connect` and the URL in scope) in a fresh Node process and returns its stdout. */
function inChild(body: string, url: string, env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null; ms: number } {
  const script = `import { connect, disconnect } from ${JSON.stringify(dist)};\nconst url = ${JSON.stringify(url)};\n${body}`;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status, ms: Date.now() - started };
}

/** The child's own thread names, as an expression for a script that imported node:fs as `fs`. */
const threadsOf = `fs.readdirSync('/proc/self/task').map((t) => fs.readFileSync('/proc/self/task/' + t + '/comm', 'utf8').trim())`;

/** 20,000 rows of (n, 40 x's), n from 1 in order. */
function twentyThousand(dialect: string): string {
  if (dialect === 'postgres') return `SELECT g AS n, repeat('x', 40) AS t FROM generate_series(1, 20000) AS g ORDER BY g`;
  return `SELECT n, REPEAT('x', 40) AS t FROM (${NUMBERS_TO_100K}) s WHERE n <= 20000 ORDER BY n`;
}

describe.runIf(nativeBuilt && process.platform === 'linux').each(servers)('native runtime place on $dialect', (db) => {
  const select = (n: number) => ({ sql: `SELECT ${ph(db, 1)} AS n`, params: [n] });
  const asNumber = (value: unknown) => Number(value);

  it('keeps 500 statements in flight on a pool of 4 and answers each with its own value', async () => {
    const ex = await openNative(db, { connectionPoolSize: 4, maxOverflow: 0 });
    try {
      const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => ex.query(select(i))));
      expect(answers.map((a) => asNumber(a.rows[0]![0]))).toEqual(Array.from({ length: 500 }, (_, i) => i));
    } finally {
      await ex.close();
    }
  });

  it('fires its timers with no other traffic: a pool wait times out while the loop is otherwise idle', async () => {
    const ex = await openNative(db, { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 0.2 });
    try {
      const pinned = await ex.acquire();
      const started = Date.now();
      await expect(ex.query(select(1))).rejects.toMatchObject({ code: 'POOL_TIMEOUT' });
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(190);
      expect(waited).toBeLessThan(1000);
      pinned.release();
      expect((await ex.query(select(2))).rows.map((r) => asNumber(r[0]))).toEqual([2]);
    } finally {
      await ex.close();
    }
  });

  it('runs on the main thread by default (no runtime thread is started) and lets an idle process exit unclosed', () => {
    const child = inChild(
      `const fs = await import('node:fs');
       const [db] = await connect({ databases: { d: url }, executor: 'native' });
       const { rows } = await db.executor.query({ sql: ${JSON.stringify(select(3).sql)}, params: [3] });
       console.log(JSON.stringify({ answer: Number(rows[0][0]), threads: ${threadsOf} }));`,
      db.url,
    );
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as { answer: number; threads: string[] };
    expect(out.answer).toBe(3);
    expect(out.threads).not.toContain('oxen-native');
    expect(child.status).toBe(0);
    expect(child.ms).toBeLessThan(10_000);
  });

  it('runs on the runtime thread under OXEN_NATIVE_LOOP=thread, with the same answers', () => {
    const child = inChild(
      `const fs = await import('node:fs');
       const [db] = await connect({ databases: { d: url }, executor: 'native' });
       const answers = await Promise.all([1, 2, 3].map((n) => db.executor.query({ sql: ${JSON.stringify(select(0).sql)}, params: [n] })));
       console.log(JSON.stringify({ answers: answers.map((a) => Number(a.rows[0][0])), threads: ${threadsOf} }));
       await disconnect();`,
      db.url,
      { OXEN_NATIVE_LOOP: 'thread' },
    );
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as { answers: number[]; threads: string[] };
    expect(out.answers).toEqual([1, 2, 3]);
    expect(out.threads).toContain('oxen-native');
  });

  it("gives a client made with performance.nativeRuntime 'thread' the runtime thread, beside a default client on the main loop", () => {
    const child = inChild(
      `const fs = await import('node:fs');
       const sql = ${JSON.stringify(select(0).sql)};
       const [onLoop] = await connect({ databases: { loop: url }, executor: 'native' });
       await onLoop.executor.query({ sql, params: [1] });
       const before = ${threadsOf};
       const [onThread] = await connect({ databases: { own: url }, executor: 'native', performance: { nativeRuntime: 'thread' } });
       const answers = await Promise.all([
         ...[2, 3].map((n) => onThread.executor.query({ sql, params: [n] })),
         ...[4, 5].map((n) => onLoop.executor.query({ sql, params: [n] })),
       ]);
       // 20,000 rows: on MySQL they cross in parts, pushed from the runtime thread while JS decodes.
       const large = await Promise.all([onThread, onLoop].map((db) => db.executor.query({ sql: ${JSON.stringify(twentyThousand(db.dialect))}, params: [] })));
       const misplaced = large.map((r) => r.rows.length === 20000 ? r.rows.findIndex((row, k) => Number(row[0]) !== k + 1 || row[1] !== 'x'.repeat(40)) : -2);
       console.log(JSON.stringify({ answers: answers.map((a) => Number(a.rows[0][0])), misplaced, before, after: ${threadsOf} }));
       await disconnect();`,
      db.url,
    );
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as { answers: number[]; misplaced: number[]; before: string[]; after: string[] };
    expect(out.answers).toEqual([2, 3, 4, 5]);
    expect(out.misplaced).toEqual([-1, -1]);
    expect(out.before).not.toContain('oxen-native');
    expect(out.after).toContain('oxen-native');
  });

  it('refuses a nativeRuntime it does not know, naming the two it takes', () => {
    const child = inChild(
      `try { await connect({ databases: { d: url }, executor: 'native', performance: { nativeRuntime: 'loop' } }); console.log('connected'); }
       catch (error) { console.log(error.code + ': ' + error.message); }`,
      db.url,
    );
    expect(child.stdout.trim()).toBe(`CONFIG_INVALID: performance.nativeRuntime must be 'main' or 'thread', got "loop"`);
  });

  it('serves a client on a worker thread from the runtime thread, beside the main thread\'s client', async () => {
    const main = await openNative(db);
    try {
      const worker = new Worker(
        `const { parentPort, workerData } = require('node:worker_threads');
         import(workerData.dist).then(async ({ connect, disconnect }) => {
           const [db] = await connect({ databases: { w: workerData.url }, executor: 'native' });
           const answers = await Promise.all([4, 5, 6].map((n) => db.executor.query({ sql: workerData.sql, params: [n] })));
           await disconnect();
           parentPort.postMessage(answers.map((a) => Number(a.rows[0][0])));
         }, (error) => parentPort.postMessage(String(error)));`,
        { eval: true, workerData: { dist, url: db.url, sql: select(0).sql } },
      );
      const fromWorker = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      expect(fromWorker).toEqual([4, 5, 6]);
      expect(threadNames()).toContain('oxen-native');
      expect((await main.query(select(8))).rows.map((r) => asNumber(r[0]))).toEqual([8]);
    } finally {
      await main.close();
    }
  });
});
