#!/usr/bin/env node
/**
 * Where a statement's time goes, per thread: one two-parameter SELECT (or, with --rows N, N generated
 * rows of six columns: ids, two strings, an integer, a boolean, a timestamp) through each executor's
 * `query()` (no ORM), at each concurrency, executors taking turns for --rounds rounds of --seconds.
 * Prints and writes (--out) the median of the rounds: operations per second, wall microseconds per
 * statement, and CPU microseconds per statement on Node's main thread, on the addon's runtime thread
 * (`oxen-native`) and on all other threads (GC), read from /proc/self/task (Linux only). The figures explain the
 * concurrency-1 gap in native/README.md ("Why the runtime thread stays"). Needs `npm run build`.
 *
 *   node native/thread-cost.mjs URL [--rows N] [--concurrency 1,16] [--rounds 5] [--seconds 2] [--executors js,native] [--out FILE]
 *
 * `--executors native` runs one executor alone, for a profile of it without the other's garbage:
 *   perf record -g node --perf-basic-prof native/thread-cost.mjs URL --rows 10000 --executors native --concurrency 1
 */
import { writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect, disconnect } from '../dist/index.js';
import { redactUrl } from '../dist/core/ground/redact.js';
import { takeTurns } from '../scripts/calibration/thread-cpu.mjs';

// A tool for people reading its numbers: a failure is one line (the errors redact credentials).
process.on('uncaughtException', (error) => {
  console.error(`thread-cost: ${error.message}`);
  process.exit(1);
});

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rows: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '1,16' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    executors: { type: 'string', default: 'js,native' },
    out: { type: 'string' },
  },
});
const url = positionals[0];
if (!url) {
  console.error('usage: node native/thread-cost.mjs URL [--rows N] [--concurrency 1,16] [--rounds 5] [--seconds 2] [--executors js,native] [--out FILE]');
  process.exit(2);
}
if (values.out && existsSync(values.out)) {
  console.error(`thread-cost: ${values.out} exists; choose another --out`);
  process.exit(2);
}
const concurrencies = values.concurrency.split(',').map(Number);
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const rowCount = Number(values.rows);
const executors = values.executors.split(',');
if (executors.length === 0 || executors.some((e) => e !== 'js' && e !== 'native')) {
  console.error('thread-cost: --executors takes js, native or both (js,native)');
  process.exit(2);
}
if (!(Number.isInteger(rowCount) && rowCount >= 1 && rowCount <= 1_000_000)) {
  console.error('thread-cost: --rows must be a whole number from 1 to 1000000');
  process.exit(2);
}

const databases = {};
for (const executor of executors) {
  const [db] = await connect({ databases: { [executor]: url }, executor });
  databases[executor] = db;
}
const pg = databases[executors[0]].executor.dialect === 'postgres';
const pointSelect = { sql: pg ? 'SELECT $1::int AS a, $2::text AS b' : 'SELECT ? AS a, ? AS b', params: [1, 'x'] };
// Rows made by the server (no table to seed), shaped like the benchmark's users. MariaDB's sequence
// engine names its range in the table name, so the limit is a parameter instead.
const generatedRows = pg
  ? {
      sql: `SELECT g AS id, 'User ' || g AS name, 'user' || g || '@example.com' AS email, g % 60 AS age, g % 4 <> 0 AS active,
              TIMESTAMP '2024-01-01' + g * INTERVAL '1 minute' AS created FROM generate_series(1, $1::int) AS g`,
      params: [rowCount],
    }
  : {
      sql: `SELECT seq AS id, CONCAT('User ', seq) AS name, CONCAT('user', seq, '@example.com') AS email, seq % 60 AS age,
              seq % 4 <> 0 AS active, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE AS created
            FROM seq_1_to_1000000 WHERE seq <= ?`,
      params: [rowCount],
    };
const stmt = rowCount === 1 ? pointSelect : generatedRows;

const clients = Object.fromEntries(
  executors.map((executor) => [
    executor,
    async () => {
      const result = await databases[executor].executor.query(stmt);
      if (result.rows.length !== rowCount) throw new Error(`expected ${rowCount} rows, got ${result.rows.length}`);
    },
  ]),
);
const results = await takeTurns(clients, { concurrencies, rounds, seconds, label: 'executor' });
await disconnect();
if (values.out) {
  const report = { kind: 'thread-cost', createdAt: new Date().toISOString(), url: redactUrl(url), node: process.version, rounds, seconds, rows: rowCount, statement: stmt.sql, results };
  writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
  console.log(`written to ${values.out}`);
}
