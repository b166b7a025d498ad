#!/usr/bin/env node
/**
 * Soak test (not run in CI: it takes minutes per database): on one database,
 *  1. a million simple selects at concurrency 16 through the native executor, memory sampled every
 *     100,000;
 *  2. a thousand runs of QuerySet.iterator() over a 100,000-row table (chunks of 2,000, instances
 *     hydrated), memory sampled every 50 runs.
 * The JS heap is sampled after a forced GC (run node with --expose-gc). A phase passes when neither
 * the resident size nor the heap grows past 10% of its level after warm-up (the first fifth of the
 * run's samples). The samples and the verdicts are written as JSON (--out), so the committed report is the
 * run's own output. Needs `npm run build` and the addon.
 *
 *   node --expose-gc native/soak.mjs URL [--selects N] [--iterations N] [--rows N] [--executor native|js] [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { AutoField, CharField, FloatField, IntField, connect, createTables, disconnect, dropTables, getDatabase, model } from '../dist/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    selects: { type: 'string', default: '1000000' },
    iterations: { type: 'string', default: '1000' },
    rows: { type: 'string', default: '100000' },
    executor: { type: 'string', default: 'native' },
    out: { type: 'string' },
  },
});
const url = positionals[0] ?? 'sqlite://:memory:';
const selects = Number(values.selects);
const iterations = Number(values.iterations);
const rowCount = Number(values.rows);
if (!globalThis.gc) console.error('soak: run with node --expose-gc, or heap samples include garbage');

const Item = model('SoakItem', { id: AutoField(), name: CharField({ maxLength: 50 }), score: FloatField(), rank: IntField() }, { tableName: 'oxen_soak_item' });
const [db] = await connect({ databases: { default: url }, executor: values.executor });
const dialect = db.executor.dialect;
await dropTables([Item], { ifExists: true });
await createTables([Item]);
for (let from = 0; from < rowCount; from += 5000) {
  const n = Math.min(5000, rowCount - from);
  await Item.bulkCreate(Array.from({ length: n }, (_, i) => ({ name: `item ${from + i}`, score: (from + i) / 3, rank: from + i })));
}

const MB = 1048576;
function sample(at) {
  globalThis.gc?.();
  const m = process.memoryUsage();
  // heapTotalMb: what V8 holds for its heap; a swing of the resident size that it follows is V8 growing or shrinking its spaces.
  return { at, rssMb: +(m.rss / MB).toFixed(1), heapMb: +(m.heapUsed / MB).toFixed(1), heapTotalMb: +(m.heapTotal / MB).toFixed(1), externalMb: +(m.external / MB).toFixed(1) };
}

/**
 * Flat: the samples after warm-up (the first fifth of those taken during the run, not counting the one
 * before it started) never exceed the warm-up level by more than 10%.
 */
function verdict(samples) {
  const during = samples.slice(1);
  const warm = during.slice(0, Math.max(1, Math.ceil(during.length / 5)));
  const after = during.slice(warm.length);
  const level = (key) => Math.max(...warm.map((s) => s[key]));
  const peak = (key) => Math.max(...after.map((s) => s[key]), level(key));
  const growth = (key) => +((peak(key) / level(key) - 1) * 100).toFixed(1);
  const rssGrowthPct = growth('rssMb');
  const heapGrowthPct = growth('heapMb');
  return { rssWarmMb: level('rssMb'), rssPeakMb: peak('rssMb'), rssGrowthPct, heapWarmMb: level('heapMb'), heapPeakMb: peak('heapMb'), heapGrowthPct, flat: rssGrowthPct <= 10 && heapGrowthPct <= 10 };
}

function log(phase, s) {
  console.log(`${phase} ${String(s.at).padStart(9)}  rss ${s.rssMb.toFixed(1).padStart(7)} MB  heap ${s.heapMb.toFixed(1).padStart(6)} of ${s.heapTotalMb.toFixed(1).padStart(6)} MB  external ${s.externalMb.toFixed(1).padStart(6)} MB`);
}

// 1. Simple selects, as the ORM's point lookups send them.
const executor = getDatabase().executor;
const pointSql = `SELECT id, name, score FROM oxen_soak_item WHERE id = ${dialect === 'postgres' ? '$1' : '?'}`;
const selectSamples = [sample(0)];
log('selects', selectSamples[0]);
let done = 0;
let started = performance.now();
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (done < selects) {
      const n = ++done;
      const id = 1 + (n % Math.min(rowCount, 1000));
      const result = await executor.query({ sql: pointSql, params: [id] });
      if (result.rows.length !== 1) throw new Error(`row ${id} missing`);
      if (n % 100_000 === 0) {
        selectSamples.push(sample(n));
        log('selects', selectSamples.at(-1));
      }
    }
  }),
);
const selectSeconds = (performance.now() - started) / 1000;

// 2. iterator() over the whole table, again and again.
const iterSamples = [sample(0)];
log('iterator', iterSamples[0]);
started = performance.now();
for (let run = 1; run <= iterations; run++) {
  let rows = 0;
  let rankSum = 0;
  for await (const item of Item.all().iterator({ chunkSize: 2000 })) {
    rows++;
    rankSum += item.rank;
  }
  if (rows !== rowCount || rankSum !== (rowCount * (rowCount - 1)) / 2) throw new Error(`run ${run}: ${rows} rows, rank sum ${rankSum}`);
  if (run % 50 === 0 || run === iterations) {
    iterSamples.push(sample(run));
    log('iterator', iterSamples.at(-1));
  }
}
const iterSeconds = (performance.now() - started) / 1000;
await dropTables([Item], { ifExists: true });
await disconnect();

const report = {
  kind: 'oxen-soak',
  version: 1,
  date: new Date().toISOString(),
  database: db.redactedUrl,
  dialect,
  executor: values.executor,
  node: process.version,
  selects: { count: selects, concurrency: 16, seconds: +selectSeconds.toFixed(1), samples: selectSamples, ...verdict(selectSamples) },
  iterator: { runs: iterations, rowsPerRun: rowCount, chunkSize: 2000, seconds: +iterSeconds.toFixed(1), samples: iterSamples, ...verdict(iterSamples) },
};
for (const phase of ['selects', 'iterator']) {
  const r = report[phase];
  console.log(`${phase}: ${r.seconds} s; rss ${r.rssWarmMb} → ${r.rssPeakMb} MB (${r.rssGrowthPct}%), heap ${r.heapWarmMb} → ${r.heapPeakMb} MB (${r.heapGrowthPct}%): ${r.flat ? 'flat' : 'GROWS'}`);
}
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
}
process.exitCode = report.selects.flat && report.iterator.flat ? 0 : 1;
