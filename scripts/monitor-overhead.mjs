#!/usr/bin/env node
/**
 * What `oxen monitor` costs the database server (npm run bench:monitor-overhead; not part of CI).
 * Samples each server once a second for --seconds, as `oxen monitor start --interval 1` does, and
 * measures the server CPU that sampling used:
 *   PostgreSQL: the CPU time of the one backend serving the monitor's connection (/proc/<pid>/stat),
 *               found by the tag every monitor statement starts with (MONITOR_TAG).
 *   MariaDB:    the whole mysqld process's CPU time while sampling, minus the same span idle just
 *               before (a server thread cannot be told apart without performance_schema).
 * Needs a built checkout and servers on this machine (it reads their /proc entries).
 * Writes bench-results/monitor/server-overhead.json and prints one line per server.
 *
 *   node scripts/monitor-overhead.mjs [--seconds 60] [--executor js|native] [--postgres-url …] [--mysql-url …] [--mysql-ps-url …]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    'mysql-url': { type: 'string', default: 'mysql://root@127.0.0.1:3306/test' },
    'mysql-ps-url': { type: 'string', default: 'mysql://root@127.0.0.1:3307/test' },
    executor: { type: 'string' },
    output: { type: 'string', default: 'bench-results/monitor/server-overhead.json' },
  },
});
const seconds = Number(opts.seconds);
const { ServerSource } = await import('../dist/core/monitoring/monitor/server-source.js');
const { parseDatabaseUrl } = await import('../dist/core/ground/parse-url.js');
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const CORES = cpus().length;

/** utime + stime of a process (or a thread, under /proc/<pid>/task/<tid>), in seconds. */
function cpuSeconds(statPath) {
  const fields = readFileSync(statPath, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function sampleFor(source, spanS) {
  const started = Date.now();
  let samples = 0;
  while (Date.now() - started < spanS * 1000) {
    const due = started + (samples + 1) * 1000;
    const view = await source.sample();
    if (view.status.state !== 'up') throw new Error(`the server went down: ${view.status.error}`);
    samples++;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  }
  return { samples, wallS: (Date.now() - started) / 1000 };
}

function result(server, url, cpuS, wallS, samples, method) {
  const shareOfCore = cpuS / wallS;
  return {
    server,
    url: parseDatabaseUrl(url).redacted,
    method,
    samples,
    wallSeconds: Math.round(wallS * 10) / 10,
    serverCpuSeconds: Math.round(cpuS * 1000) / 1000,
    cpuMsPerSample: Math.round((cpuS / samples) * 1000 * 100) / 100,
    percentOfOneCore: Math.round(shareOfCore * 10000) / 100,
    percentOfServerCpu: Math.round((shareOfCore / CORES) * 10000) / 100,
  };
}

async function postgres(url) {
  const source = new ServerSource(parseDatabaseUrl(url), { longRunningS: 5, ...(opts.executor ? { executor: opts.executor } : {}) });
  await source.open();
  await source.sample();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query("SELECT pid FROM pg_stat_activity WHERE query LIKE '/* oxen monitor */%' AND pid <> pg_backend_pid()");
    if (rows.length !== 1) throw new Error(`expected one monitor backend, found ${rows.length}`);
    const stat = `/proc/${rows[0].pid}/stat`;
    const before = cpuSeconds(stat);
    const { samples, wallS } = await sampleFor(source, seconds);
    return result('PostgreSQL', url, cpuSeconds(stat) - before, wallS, samples, 'the monitor backend\'s own CPU time');
  } finally {
    await admin.end();
    await source.close();
  }
}

async function mariadb(url) {
  const port = new URL(url).port || '3306';
  const pid = execFileSync('sh', ['-c', `ss -ltnpH 'sport = :${port}' | sed -n 's/.*pid=\\([0-9]*\\).*/\\1/p' | head -1`], { encoding: 'utf8' }).trim();
  if (!pid) throw new Error(`no process listens on port ${port}`);
  const stat = `/proc/${pid}/stat`;
  const source = new ServerSource(parseDatabaseUrl(url), { longRunningS: 5, ...(opts.executor ? { executor: opts.executor } : {}) });
  await source.open();
  await source.sample();
  try {
    const idleStart = cpuSeconds(stat);
    const idleAt = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const idle = (cpuSeconds(stat) - idleStart) / ((Date.now() - idleAt) / 1000);
    const before = cpuSeconds(stat);
    const { samples, wallS } = await sampleFor(source, seconds);
    const busy = cpuSeconds(stat) - before;
    return result(`MariaDB (port ${port})`, url, Math.max(0, busy - idle * wallS), wallS, samples, 'mysqld CPU while sampling minus the same span idle');
  } finally {
    await source.close();
  }
}

const results = [];
for (const [run, url] of [[postgres, opts['postgres-url']], [mariadb, opts['mysql-url']], [mariadb, opts['mysql-ps-url']]]) {
  try {
    const r = await run(url);
    results.push(r);
    console.log(`${r.server}: ${r.cpuMsPerSample} ms of server CPU per sample, ${r.percentOfOneCore}% of one core (${r.percentOfServerCpu}% of the server's ${CORES} cores) at one sample a second, ${r.samples} samples`);
  } catch (error) {
    console.log(`${url}: not measured (${error.message})`);
  }
}
writeFileSync(opts.output, `${JSON.stringify({ tool: 'scripts/monitor-overhead.mjs', date: new Date().toISOString(), cores: CORES, intervalSeconds: 1, results }, null, 2)}\n`);
console.log(`written to ${opts.output}`);
