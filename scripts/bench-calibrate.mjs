#!/usr/bin/env node
/**
 * Calibrates `oxen benchmark ab` at the CI template's default settings (npm run bench:calibrate;
 * not part of CI: it takes about an hour). Needs a built checkout (npm run build) and the servers
 * the URLs name.
 *   A/A:       base and head are two builds of this commit; no run may exit 3, and at most 1% of the
 *              cells may be judged "regression".
 *   detection: head is that build with every ORM operation made 10% longer
 *              (scripts/calibration/slow-calibration-hook.js); every run must exit 3.
 * Writes bench-results/calibration/<date>.json (every run's verdicts) and <date>.md (the summary).
 *
 *   node scripts/bench-calibrate.mjs [--aa 8] [--detect 6] [--slowdown 0.1] [--dialects sqlite,postgres]
 *     [--postgres-url postgres://postgres@127.0.0.1:5432/test] [--mysql-url mysql://root@127.0.0.1:3306/test]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeBuildCopy } from './calibration/make-build-copy.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({
  options: {
    aa: { type: 'string', default: '8' },
    detect: { type: 'string', default: '6' },
    slowdown: { type: 'string', default: '0.1' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    'mysql-url': { type: 'string', default: 'mysql://root@127.0.0.1:3306/test' },
    out: { type: 'string', default: join(ROOT, 'bench-results', 'calibration') },
  },
});

// The template's settings: everything else is ab's default (all workloads, concurrency 1,16,
// 1 s per variant in 20 rounds, 0.5 s warm-up, threshold 5%, in-process).
const TEMPLATE_ARGS = ['--executor', 'js,native', '--duration', '1', '--threshold', '5%'];
const URLS = { sqlite: null, postgres: opts['postgres-url'], mysql: opts['mysql-url'] };

const work = mkdtempSync(join(tmpdir(), 'oxen-calibrate-'));
const base = makeBuildCopy(ROOT, join(work, 'base'));
const slow = makeBuildCopy(ROOT, join(work, 'slow'), { slowdown: Number(opts.slowdown) });
const commit = spawnSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();

function ab(dialect, head) {
  const url = URLS[dialect];
  const args = [join(ROOT, 'bin', 'oxen.js'), 'benchmark', 'ab', '--base', base, ...(head ? ['--head', head] : []), ...(url ? ['--url', url] : []), ...TEMPLATE_ARGS];
  const started = Date.now();
  const r = spawnSync(process.execPath, [...args, '--json', '--output', join(work, 'report.json'), '--force'], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, OXEN_NATIVE_REQUIRED: '1', CI: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  let gate = null;
  try {
    gate = JSON.parse(r.stdout);
  } catch {
    // A run that could not start prints no verdict; its stderr says why.
  }
  const command = `oxen benchmark ab --base <copy of ${commit.slice(0, 10)}>${head ? ' --head <copy, slowed>' : ''}${url ? ` --url ${url}` : ''} ${TEMPLATE_ARGS.join(' ')}`;
  return { exit: r.status, seconds, gate, stderr: r.status === 0 || gate ? undefined : r.stderr.trim().split('\n').at(-1), command };
}

function summarise(kind, dialect, runs) {
  const cells = runs.flatMap((r) => r.gate?.rows ?? []);
  const count = (v) => cells.filter((c) => c.judgement.verdict === v).length;
  const exits = Object.fromEntries([0, 1, 2, 3, 4].map((code) => [code, runs.filter((r) => r.exit === code).length]));
  const missed = kind === 'detection' ? cells.filter((c) => c.judgement.verdict !== 'regression').map((c) => `${c.workload} c=${c.concurrency} ${c.variant} (${c.judgement.verdict}, ${(c.judgement.change * 100).toFixed(1)}%)`) : [];
  return {
    kind,
    dialect,
    runs: runs.length,
    exits,
    cells: cells.length,
    verdicts: { 'no change': count('no change'), faster: count('faster'), regression: count('regression'), inconclusive: count('inconclusive') },
    regressionShare: cells.length ? count('regression') / cells.length : null,
    secondsPerRun: { min: Math.min(...runs.map((r) => r.seconds)), max: Math.max(...runs.map((r) => r.seconds)) },
    missedCells: missed,
  };
}

const results = [];
try {
  for (const dialect of opts.dialects.split(',')) {
    for (const [kind, n, head] of [['A/A', Number(opts.aa), undefined], ['detection', Number(opts.detect), slow]]) {
      const runs = [];
      for (let i = 1; i <= n; i++) {
        const run = ab(dialect, head);
        runs.push(run);
        process.stderr.write(`${dialect} ${kind} ${i}/${n}: exit ${run.exit} in ${run.seconds.toFixed(0)} s${run.stderr ? ` (${run.stderr})` : ''}\n`);
      }
      results.push({ ...summarise(kind, dialect, runs), command: runs[0]?.command, perRun: runs.map((r) => ({ exit: r.exit, seconds: r.seconds, outcome: r.gate?.outcome ?? null, rows: r.gate?.rows.map((c) => ({ cell: `${c.workload} c=${c.concurrency} ${c.variant}`, verdict: c.judgement.verdict, change: c.judgement.change, low: c.judgement.low, high: c.judgement.high })) ?? [] })) });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const day = new Date().toISOString().slice(0, 10);
mkdirSync(opts.out, { recursive: true });
const doc = { createdAt: new Date().toISOString(), commit, slowdown: Number(opts.slowdown), machine: machine(), results };
writeFileSync(join(opts.out, `${day}.json`), `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(join(opts.out, `${day}.md`), markdown(doc));
process.stdout.write(markdown(doc));

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown';
  return `${cpu} × ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()}, Node ${process.version}`;
}

function markdown(d) {
  const pct = (x) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  const lines = [
    `Calibration of \`oxen benchmark ab\` at the CI template's settings, commit ${d.commit.slice(0, 10)}, ${d.machine}, ${d.createdAt.slice(0, 10)}.`,
    '',
    '| Runs | Database | n | exit 0 | exit 3 | exit 4 | other | Cells | regression | inconclusive | no change | faster | Seconds per run |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...d.results.map((r) => {
      const other = r.runs - r.exits[0] - r.exits[3] - r.exits[4];
      return `| ${r.kind} | ${r.dialect} | ${r.runs} | ${r.exits[0]} | ${r.exits[3]} | ${r.exits[4]} | ${other} | ${r.cells} | ${r.verdicts.regression} (${pct(r.regressionShare)}) | ${r.verdicts.inconclusive} | ${r.verdicts['no change']} | ${r.verdicts.faster} | ${r.secondsPerRun.min.toFixed(0)}–${r.secondsPerRun.max.toFixed(0)} |`;
    }),
    '',
    `Detection runs inject a ${(d.slowdown * 100).toFixed(0)}% slowdown into every ORM operation of head. Cells they did not convict:`,
    '',
    ...d.results.filter((r) => r.kind === 'detection').map((r) => `- ${r.dialect}: ${r.missedCells.length ? `${r.missedCells.length} of ${r.cells}: ${summariseMissed(r.missedCells)}` : 'none'}`),
    '',
    'Commands: ' + [...new Set(d.results.map((r) => `\`${r.command}\``))].join('; '),
    '',
  ];
  return lines.join('\n');
}

function summariseMissed(cells) {
  const byCell = new Map();
  for (const c of cells) {
    const key = c.replace(/ \(.*$/, '');
    byCell.set(key, (byCell.get(key) ?? 0) + 1);
  }
  return [...byCell].map(([k, n]) => `${k} ×${n}`).join(', ');
}
