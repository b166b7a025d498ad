#!/usr/bin/env node
/**
 * Whether a build's worker processes settle into a garbage-collection regime of their own. Runs one
 * workload in fresh processes of each build, the builds taking turns, as `ab --isolation process`
 * workers do, and prints each process's throughput, client CPU per operation and collector work.
 *
 * Why: in `ab --processes` runs on PostgreSQL at concurrency 16 some worker processes ran 20–30%
 * slower for their whole life, more of them in one build than the other, and such a process spent its
 * life in back-to-back major collections (bench-results/relayering/README.md, "a GC regime").
 * Needs this checkout built (`npm run build`); each build a checkout with `npm ci` run in it.
 *
 *   node scripts/calibration/gc-regime.mjs --url postgres://… [--workload prefetch_related] \
 *     [--concurrency 16] [--seconds 4] [--processes 6] [--executor native] [--out file.json] <build dir> …
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const WORKER = fileURLToPath(new URL('gc-regime-worker.mjs', import.meta.url));

const { values, positionals: builds } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'sqlite:///tmp/oxen-gc-regime.db' },
    workload: { type: 'string', default: 'prefetch_related' },
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '4' },
    processes: { type: 'string', default: '6' },
    executor: { type: 'string', default: 'native' },
    out: { type: 'string' },
  },
});
if (builds.length === 0) {
  console.error('usage: gc-regime.mjs --url URL [--workload W] [--concurrency N] [--seconds S] [--processes P] [--executor native|js] [--out FILE] <build dir> …');
  process.exit(2);
}

const options = JSON.stringify({ url: values.url, poolSize: Number(values.concurrency), scale: 1, tablePrefix: 'oxen_gcregime_', counterStart: 300_000_000 });
function run(build, ...args) {
  const r = spawnSync(process.execPath, [WORKER, build, options, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${build} ${args.join(' ')}: ${r.stderr.trim().split('\n').at(-1)}`);
  return r.stdout.trim();
}

run(builds[0], 'setup');
const rows = [];
try {
  for (let p = 0; p < Number(values.processes); p++) {
    // The build that goes first alternates, as `ab`'s process pairs do.
    const order = p % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      const line = JSON.parse(run(build, values.workload, values.concurrency, values.seconds, values.executor));
      rows.push({ build, process: p, ...line });
      console.log(`${build.padEnd(30)} process ${p}: ${String(line.opsPerSec).padStart(6)} ops/s  ${String(line.cpuUsPerOp).padStart(6)} µs CPU/op  ${String(line.markCompacts).padStart(3)} major GCs  ${String(line.scavenges).padStart(4)} scavenges  ${String(line.gcPauseUsPerOp).padStart(5)} µs GC pause/op`);
    }
  }
} finally {
  run(builds[0], 'teardown');
}
if (values.out) {
  const settings = { url: values.url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@'), workload: values.workload, concurrency: Number(values.concurrency), seconds: Number(values.seconds), executor: values.executor, node: process.version };
  writeFileSync(values.out, `${JSON.stringify({ tool: 'scripts/calibration/gc-regime.mjs', createdAt: new Date().toISOString(), settings, rows }, null, 2)}\n`);
}
