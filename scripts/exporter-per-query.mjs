#!/usr/bin/env node
/**
 * The app exporter's cost per query, where `benchmark performance --exporter` is too noisy on a small
 * machine to resolve it: one point select on an in-memory SQLite database, run through Database.query
 * with no listener, with a listener that does nothing (the cost of query events themselves), and with
 * the exporter's collector listening. Modes alternate in 12 rounds of 20,000 queries; medians printed
 * and written to bench-results/monitor/exporter-per-query.json. Needs `npm run build`.
 *
 *   node scripts/exporter-per-query.mjs [--executor js,native]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { executor: { type: 'string', default: 'js,native' }, output: { type: 'string', default: 'bench-results/monitor/exporter-per-query.json' } } });
const { connect, disconnect, getDatabase, onQuery } = await import('../dist/index.js');
const { appCollector } = await import('../dist/core/monitoring/app-exporter/app-collector.js');
const ROUNDS = 12;
const PER_ROUND = 20_000;
const SQL = 'SELECT "t0"."id" AS "c0", "t0"."name" AS "c1", "t0"."age" AS "c2" FROM "t" AS "t0" WHERE "t0"."id" = ? LIMIT 1';

const results = {};
for (const executor of values.executor.split(',')) {
  await connect({ databases: { default: 'sqlite://:memory:' }, executor });
  const db = getDatabase();
  await db.execute({ sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, age INT)', params: [] });
  for (let i = 1; i <= 100; i++) await db.execute({ sql: 'INSERT INTO t (name, age) VALUES (?, ?)', params: [`n${i}`, i] });
  const run = async (n) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) await db.query({ sql: SQL, params: [(i % 100) + 1] });
    return ((performance.now() - started) * 1000) / n;
  };
  const modes = { 'no listener': () => () => {}, 'a listener doing nothing': () => onQuery(() => {}), 'the exporter': () => appCollector().hold() };
  const us = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, start] of Object.entries(modes)) {
      const release = start();
      await run(PER_ROUND / 10);
      us[name].push(await run(PER_ROUND));
      release();
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  results[executor] = Object.fromEntries(Object.entries(us).map(([m, xs]) => [m, Math.round(median(xs) * 1000) / 1000]));
  const r = results[executor];
  console.log(`${executor}: µs per query — ${Object.entries(r).map(([m, v]) => `${m} ${v}`).join(', ')}; the exporter over any listener ${(r['the exporter'] - r['a listener doing nothing']).toFixed(3)} µs`);
  await disconnect();
}
writeFileSync(values.output, `${JSON.stringify({ tool: 'scripts/exporter-per-query.mjs', date: new Date().toISOString(), node: process.version, rounds: ROUNDS, perRound: PER_ROUND, medianMicrosecondsPerQuery: results }, null, 2)}\n`);
