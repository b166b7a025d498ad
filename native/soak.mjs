#!/usr/bin/env node
/**
 * Soak test for the native executor (not run in CI): a million simple selects, memory sampled every
 * 100,000, to show that neither the JS heap nor the process grows. Needs `npm run build` and the addon.
 *
 *   node native/soak.mjs [url] [count]      e.g. node native/soak.mjs postgres://postgres@127.0.0.1:5432/test
 */
import { parseDatabaseUrl } from '../dist/core/ground/parse-url.js';
import { DEFAULT_POOL_SETTINGS } from '../dist/core/executor/executor.js';
import { createNativeExecutor } from '../dist/core/executor/native/create-native-executor.js';

const url = parseDatabaseUrl(process.argv[2] ?? 'sqlite::memory:');
const total = Number(process.argv[3] ?? 1_000_000);
const concurrency = 16;
const ex = await createNativeExecutor(url, DEFAULT_POOL_SETTINGS);
const p = url.dialect === 'postgres' ? '$1' : '?';
await ex.execute({ sql: 'DROP TABLE IF EXISTS oxen_soak', params: [] });
await ex.execute({ sql: 'CREATE TABLE oxen_soak (id INTEGER PRIMARY KEY, name VARCHAR(50), score DOUBLE PRECISION)'.replace('DOUBLE PRECISION', url.dialect === 'mysql' ? 'DOUBLE' : 'DOUBLE PRECISION'), params: [] });
const insert = `INSERT INTO oxen_soak VALUES (${url.dialect === 'postgres' ? '$1, $2, $3' : '?, ?, ?'})`;
for (let i = 1; i <= 1000; i++) await ex.execute({ sql: insert, params: [i, `name ${i}`, i / 3] });

const mb = (n) => (n / 1048576).toFixed(1).padStart(8);
const samples = [];
const sample = (done) => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  samples.push(m.rss);
  console.log(`${String(done).padStart(9)} selects  rss ${mb(m.rss)} MB  heap ${mb(m.heapUsed)} MB  external ${mb(m.external)} MB`);
};
const sql = `SELECT id, name, score FROM oxen_soak WHERE id = ${p}`;
let done = 0;
const started = Date.now();
sample(0);
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (done < total) {
      const n = ++done;
      const result = await ex.query({ sql, params: [1 + (n % 1000)] });
      if (result.rows.length !== 1) throw new Error(`row ${1 + (n % 1000)} missing`);
      if (n % 100_000 === 0) sample(n);
    }
  }),
);
await ex.execute({ sql: 'DROP TABLE oxen_soak', params: [] });
await ex.close();
const warm = samples[Math.min(2, samples.length - 1)];
const growth = samples[samples.length - 1] - warm;
console.log(`${total} selects in ${((Date.now() - started) / 1000).toFixed(1)} s; rss change after warm-up: ${(growth / 1048576).toFixed(1)} MB`);
process.exitCode = growth > 64 * 1048576 ? 1 : 0;
