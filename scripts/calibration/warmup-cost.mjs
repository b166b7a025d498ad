/**
 * How much client CPU two builds spend per ORM operation while a fresh process warms up, and after.
 * Fresh processes of each build take turns (the leading build alternating from pair to pair); each
 * runs one workload's query sets (the benchmark's count_exists or complex_join) in blocks of
 * operations and reports every block's CPU (process-wide: main thread, the addon's runtime thread and
 * V8's helpers) and wall time per operation. Why: `ab` with --processes measures each pair right
 * after its warm-up, so a build whose code takes longer to reach V8's optimized tiers reads slower
 * there than it runs later.
 *
 *   node scripts/calibration/warmup-cost.mjs --base DIR --head DIR --url URL [--executor native]
 *     [--pairs 8] [--blocks 16] [--per 250] [--output FILE]
 *
 * Both builds must be built (`npm ci`). The tables (oxen_warmup_*) are created and seeded by head's
 * build and dropped afterwards.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const PREFIX = 'oxen_warmup_';
const USERS = 2000;
const WORKLOADS = {
  count_exists: async (User, Post, db, i) => [
    await User.using(db).filter({ isActive: true }).count(),
    await User.using(db).filter({ email: emailOf(1 + ((i * 6007) % USERS)) }).exists(),
  ],
  complex_join: (User, Post, db) => Post.using(db).filter({ author__isActive: true, views__gte: 10 }).selectRelated('author').orderBy('-views').limit(20).fetch(),
};
const emailOf = (n) => `user${n}@warmup.example`;

async function models(root) {
  const api = await import(`${root}/dist/index.js`);
  const { defineBenchModels } = await import(`${root}/dist/core/bench/dataset/bench-models.js`);
  return { api, ...defineBenchModels(PREFIX) };
}

/** In a child: one build and one workload, fresh, measured block by block; prints one JSON line. */
async function child({ root, url, executor, workload, blocks, per }) {
  const { api, User, Post } = await models(root);
  await api.connect({ databases: { default: url }, executor });
  const run = WORKLOADS[workload];
  const cpu = [];
  const wall = [];
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < per; k++) await run(User, Post, 'default', i++);
    const c = process.cpuUsage(c0);
    wall.push(((performance.now() - t0) * 1000) / per);
    cpu.push((c.user + c.system) / per);
  }
  await api.disconnect();
  process.stdout.write(JSON.stringify({ cpu, wall }) + '\n');
}

async function seed(head, url) {
  const { api, User, Post } = await models(head);
  await api.connect({ databases: { default: url } });
  await api.dropTables([Post, User], { ifExists: true });
  await api.createTables([User, Post]);
  const users = [];
  for (let n = 1; n <= USERS; n++) users.push({ name: `user ${n}`, email: emailOf(n), age: n % 90, isActive: n % 3 !== 0, createdAt: new Date(Date.UTC(2024, 0, 1) + n * 60_000) });
  const made = await User.bulkCreate(users);
  const posts = [];
  for (let n = 0; n < 2 * USERS; n++) posts.push({ author: made[n % USERS], title: `post ${n}`, views: (n * 37) % 1000, createdAt: new Date(Date.UTC(2024, 0, 1) + n * 30_000) });
  await Post.bulkCreate(posts);
  await api.disconnect();
}

async function drop(head, url) {
  const { api, User, Post } = await models(head);
  await api.connect({ databases: { default: url } });
  await api.dropTables([Post, User]);
  await api.disconnect();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' }, head: { type: 'string' }, url: { type: 'string' }, executor: { type: 'string', default: 'native' },
      pairs: { type: 'string', default: '8' }, blocks: { type: 'string', default: '16' }, per: { type: 'string', default: '250' },
      output: { type: 'string' }, child: { type: 'string' }, workload: { type: 'string' },
    },
  });
  const blocks = Number(values.blocks);
  const per = Number(values.per);
  if (values.child) return child({ root: values.child, url: values.url, executor: values.executor, workload: values.workload, blocks, per });
  if (!values.base || !values.head || !values.url) throw new Error('give --base DIR --head DIR --url URL');
  const builds = { base: resolve(values.base), head: resolve(values.head) };
  await seed(builds.head, values.url);
  const runs = Object.fromEntries(Object.keys(WORKLOADS).map((name) => [name, { base: [], head: [] }]));
  try {
    for (let p = 0; p < Number(values.pairs); p++) {
      for (const workload of Object.keys(WORKLOADS)) {
        for (const label of p % 2 === 0 ? ['head', 'base'] : ['base', 'head']) {
          const args = [fileURLToPath(import.meta.url), '--child', builds[label], '--workload', workload, '--url', values.url, '--executor', values.executor, '--blocks', String(blocks), '--per', String(per)];
          const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`${label}'s process failed: ${r.stderr.trim().split('\n').at(-1)}`);
          runs[workload][label].push(JSON.parse(r.stdout));
        }
      }
    }
  } finally {
    await drop(builds.head, values.url);
  }
  const summary = {};
  for (const name of Object.keys(WORKLOADS)) {
    const byBlock = (label, key) => Array.from({ length: blocks }, (_, b) => median(runs[name][label].map((r) => r[key][b])));
    const cpu = { base: byBlock('base', 'cpu'), head: byBlock('head', 'cpu') };
    const wall = { base: byBlock('base', 'wall'), head: byBlock('head', 'wall') };
    const late = Math.floor((3 * blocks) / 4);
    const sum = (xs, from, to) => xs.slice(from, to).reduce((a, b) => a + b, 0);
    summary[name] = {
      cpuUsPerOp: cpu,
      wallUsPerOp: wall,
      // What head spends beyond base, in ms, over the blocks before the last quarter (the warm-up).
      extraCpuMsBeforeLastQuarter: ((sum(cpu.head, 0, late) - sum(cpu.base, 0, late)) * per) / 1000,
      lastQuarterCpuRatio: sum(cpu.head, late, blocks) / sum(cpu.base, late, blocks),
    };
    console.log(`${name} (median of ${values.pairs} fresh processes per build; µs of CPU per operation, blocks of ${per})`);
    console.log('  block ' + cpu.base.map((_, b) => String(b + 1).padStart(5)).join(''));
    console.log('  base  ' + cpu.base.map((x) => x.toFixed(0).padStart(5)).join(''));
    console.log('  head  ' + cpu.head.map((x) => x.toFixed(0).padStart(5)).join(''));
    console.log(`  head's extra CPU over the first ${late * per} operations: ${summary[name].extraCpuMsBeforeLastQuarter.toFixed(1)} ms; last quarter head/base CPU: ${summary[name].lastQuarterCpuRatio.toFixed(3)}`);
  }
  if (values.output) {
    const redacted = values.url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
    writeFileSync(values.output, JSON.stringify({ tool: 'scripts/calibration/warmup-cost.mjs', url: redacted, executor: values.executor, pairs: Number(values.pairs), blocks, per, builds, node: process.version, summary, runs }, null, 2) + '\n');
  }
}

await main();
