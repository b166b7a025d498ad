#!/usr/bin/env node
/**
 * prefetch_related (50 posts and their authors) in a loop at a given concurrency through one build's
 * public API, on the tables instructions-loop.mjs seeds, with the collector's work and each thread's
 * CPU time per operation: the loop that showed one build's process marking without pause where the
 * other's did not (bench-results/relayering/README.md, "a GC regime"). Prints one JSON line.
 *
 *   node scripts/calibration/instructions-loop.mjs <build> <url> js seed     # once
 *   node scripts/calibration/gc-loop.mjs <build dir> <url> [--executor native] [--concurrency 16]
 *     [--seconds 3] [--raw] [--preload pg,mysql2] [--promoted]
 *
 * --raw: the same two statements through the executor, no ORM. --preload: modules the build's
 * node_modules loads first (a bigger start-up heap). --promoted: the allocation sites of what survived
 * into the old generation (V8's sampling heap profiler, objects freed by scavenges left out).
 */
import { readFileSync, readdirSync } from 'node:fs';
import inspector from 'node:inspector';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    executor: { type: 'string', default: 'native' },
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '3' },
    raw: { type: 'boolean', default: false },
    preload: { type: 'string' },
    promoted: { type: 'boolean', default: false },
  },
});
const [dir, url] = positionals;
if (!dir || !url) {
  console.error('usage: gc-loop.mjs <build dir> <url> [--executor native|js] [--concurrency N] [--seconds S] [--raw] [--preload a,b] [--promoted]');
  process.exit(2);
}
if (values.preload) {
  const load = createRequire(join(dir, 'package.json'));
  for (const name of values.preload.split(',')) load(name);
}
const o = await import(pathToFileURL(join(dir, 'dist', 'index.js')).href);
const User = o.model(
  'InstrUser',
  { id: o.AutoField(), name: o.CharField({ maxLength: 100 }), email: o.CharField({ maxLength: 255 }), age: o.IntField({ null: true }), isActive: o.BooleanField({ default: true }) },
  { tableName: 'oxen_instr_users' },
);
const Post = o.model(
  'InstrPost',
  { id: o.AutoField(), author: o.ForeignKey(() => User, { onDelete: 'CASCADE', relatedName: 'posts' }), title: o.CharField({ maxLength: 200 }), views: o.IntField({ default: 0 }) },
  { tableName: 'oxen_instr_posts' },
);

await o.connect({ databases: { default: url }, executor: values.executor });
const dialect = o.getDatabase('default').executor.dialect;
const q = (name) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);
const mark = (i) => (dialect === 'postgres' ? `$${i + 1}` : '?');
const executor = o.getDatabase('default').executor;
const operation = values.raw
  ? async () => {
      const posts = await executor.query({ sql: `SELECT ${q('id')}, ${q('author_id')}, ${q('title')}, ${q('views')} FROM ${q('oxen_instr_posts')} ORDER BY ${q('id')} LIMIT 50`, params: [] });
      const ids = [...new Set(posts.rows.map((r) => r[1]))];
      return executor.query({ sql: `SELECT ${q('id')}, ${q('name')}, ${q('email')}, ${q('age')}, ${q('is_active')} FROM ${q('oxen_instr_users')} WHERE ${q('id')} IN (${ids.map((_, i) => mark(i)).join(', ')})`, params: ids });
    }
  : () => Post.all().orderBy('id').prefetchRelated('author').limit(50).fetch();

const concurrency = Number(values.concurrency);
async function loop(ms) {
  let n = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await operation();
        n++;
      }
    }),
  );
  return n;
}

/** CPU time (ms) of each thread of this process, by thread name, from /proc. */
function threadCpu() {
  const out = {};
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const name = Number(tid) === process.pid ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return out;
}

await loop(1500);
const gc = { scavenges: 0, majors: 0, pauseMs: 0 };
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.scavenges++;
    else gc.majors++;
    gc.pauseMs += e.duration;
  }
});
observer.observe({ entryTypes: ['gc'] });
const session = new inspector.Session();
session.connect();
const post = (method, params = {}) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
if (values.promoted) await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
const before = threadCpu();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const ops = await loop(Number(values.seconds) * 1000);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const after = threadCpu();
observer.disconnect();
let promoted;
if (values.promoted) {
  const { profile } = await post('HeapProfiler.stopSampling');
  const bySite = new Map();
  const walk = (node, stack) => {
    const f = node.callFrame;
    const frames = [...stack, `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`];
    if (node.selfSize > 0) bySite.set(frames.slice(-3).reverse().join(' < '), (bySite.get(frames.slice(-3).reverse().join(' < ')) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, frames);
  };
  walk(profile.head, []);
  promoted = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([site, bytes]) => ({ site, kib: Math.round(bytes / 1024) }));
}
const threads = Object.fromEntries(Object.keys(after).filter((k) => after[k] - (before[k] ?? 0) > 0).map((k) => [k, +(((after[k] - (before[k] ?? 0)) * 1000) / ops).toFixed(1)]));
console.log(
  JSON.stringify({
    build: dir,
    executor: values.executor,
    raw: values.raw,
    preload: values.preload ?? null,
    opsPerSec: Math.round((ops * 1000) / wallMs),
    cpuUsPerOp: +((cpu.user + cpu.system) / ops).toFixed(1),
    threadCpuUsPerOp: threads,
    gc: { ...gc, pauseUsPerOp: +((gc.pauseMs * 1000) / ops).toFixed(1) },
    ...(promoted ? { promoted } : {}),
  }),
);
await o.disconnect();
