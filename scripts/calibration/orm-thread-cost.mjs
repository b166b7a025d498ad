#!/usr/bin/env node
/**
 * CPU per ORM operation on each thread (main, the addon's runtime thread, all others), js and native
 * taking turns, for one benchmark workload's ORM calls, on tables of its own (prefix oxen_otc_) seeded
 * like the benchmark's and dropped afterwards. Where native/thread-cost.mjs times one bare statement,
 * this times what `oxen benchmark performance` times, so a cell where native costs more than js can
 * be split by thread. Linux only (/proc).
 *
 *   node scripts/calibration/orm-thread-cost.mjs URL --workload count_exists|simple_select|filter_limit|complex_join|aggregation|large_select
 *        [--executors js,native] [--concurrency 16] [--rounds 5] [--seconds 2] [--out FILE]
 *
 * `--executors native` runs one executor alone, so that a profiler sees only its work.
 */
import { writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect, disconnect } from '../../dist/index.js';
import { redactUrl } from '../../dist/core/ground/redact.js';
import { defineBenchModels } from '../../dist/core/bench/dataset/bench-models.js';
import { seedDataset, dropDataset } from '../../dist/core/bench/dataset/seed-dataset.js';
import { userRow, datasetFacts, AGGREGATION_AUTHORS } from '../../dist/core/bench/dataset/dataset.js';
import { Avg, Count } from '../../dist/index.js';
import { takeTurns } from './thread-cpu.mjs';

process.on('uncaughtException', (error) => {
  console.error(`orm-thread-cost: ${error.message}`);
  process.exit(1);
});

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workload: { type: 'string', default: 'count_exists' },
    executors: { type: 'string', default: 'js,native' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    out: { type: 'string' },
  },
});
const url = positionals[0];
if (!url) {
  console.error('usage: node scripts/calibration/orm-thread-cost.mjs URL [--workload W] [--executors js,native] [--concurrency 16] [--rounds 5] [--seconds 2] [--out FILE]');
  process.exit(2);
}
if (values.out && existsSync(values.out)) {
  console.error(`orm-thread-cost: ${values.out} exists; choose another --out`);
  process.exit(2);
}

const executors = values.executors.split(',');
if (executors.some((e) => e !== 'js' && e !== 'native')) {
  console.error('orm-thread-cost: --executors takes js, native or both');
  process.exit(2);
}
const models = defineBenchModels('oxen_otc_');
const { User, Post } = models;
const facts = datasetFacts(1);
const emailFor = (seq) => userRow(1 + ((seq * 6007) % facts.users)).email;
const workloads = {
  simple_select: (db, seq) => User.using(db).get({ id: 1 + (seq % facts.users) }),
  count_exists: async (db, seq) => [await User.using(db).filter({ isActive: true }).count(), await User.using(db).filter({ email: emailFor(seq) }).exists()],
  complex_join: (db) => Post.using(db).filter({ author__isActive: true, views__gte: 10 }).selectRelated('author').orderBy('-views').limit(20).all(),
  filter_limit: (db) => User.using(db).filter({ isActive: true }).orderBy('-createdAt').limit(10).all(),
  large_select: (db) => User.using(db).orderBy('id').limit(facts.largeSelectRows).fetch(),
  aggregation: (db) => Post.using(db).filter({ authorId__lte: AGGREGATION_AUTHORS }).values('authorId').annotate({ n: Count('id'), avgViews: Avg('views') }).all(),
};
const op = workloads[values.workload];
if (!op) {
  console.error(`orm-thread-cost: --workload must be one of ${Object.keys(workloads).join(', ')}`);
  process.exit(2);
}

const concurrencies = values.concurrency.split(',').map(Number);
for (const executor of executors) {
  await connect({ databases: { [executor]: url }, executor, performance: { connectionPoolSize: Math.max(...concurrencies), maxOverflow: 0 } });
}
await dropDataset(models, executors[0]).catch(() => {});
await seedDataset(models, 1, executors[0]);

const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
let results;
try {
  const clients = Object.fromEntries(executors.map((executor) => [executor, (_worker, seq) => op(executor, seq)]));
  results = await takeTurns(clients, { concurrencies, rounds, seconds, label: 'executor', prefix: `${values.workload} ` });
} finally {
  await dropDataset(models, executors[0]).catch(() => {});
  await disconnect();
}
if (values.out) {
  const report = { kind: 'orm-thread-cost', createdAt: new Date().toISOString(), url: redactUrl(url), node: process.version, nodeFlags: process.execArgv, workload: values.workload, rounds, seconds, results };
  writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
  console.log(`written to ${values.out}`);
}
