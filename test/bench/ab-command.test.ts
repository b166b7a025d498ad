/**
 * `oxen benchmark ab` on real runs of the built binary: two builds of this commit (a copy made the way
 * the calibration script makes one), one of them slowed down by the calibration hook, on SQLite and
 * PostgreSQL. Thresholds here are wider than the template's 5% because this suite runs beside others
 * on two cores; scripts/bench-calibrate.mjs measures the gate at the template's settings.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { loadNative } from '../../src/core/executor/create-executor.js';
import { assertBuilt, runOxen, type OxenRun } from '../cli/run-oxen.js';
import { postgresUrl } from '../support/databases.js';
// @ts-expect-error -- a plain .mjs helper shared with the calibration script
import { makeBuildCopy } from '../../scripts/calibration/make-build-copy.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const copy = makeBuildCopy as (source: string, dest: string, options?: { slowdown?: number }) => string;
let work: string;
let same: string;
let slow: string;
let nativeBuilt = false;

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'oxen-ab-'));
  same = copy(root, join(work, 'same'));
  slow = copy(root, join(work, 'slow'), { slowdown: 1 });
  nativeBuilt = (await loadNative())?.isNativeAvailable() === true;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const QUICK = ['--workloads', 'simple_select,aggregation', '--concurrency', '1', '--duration', '0.3', '--warmup', '0.15', '--rounds', '10', '--scale', '0.1'];
/** QUICK's settings, except those the test gives itself; stdout with the notes' wrapped lines joined. */
function ab(args: string[], env?: Record<string, string>): OxenRun {
  const defaults: string[] = [];
  for (let i = 0; i < QUICK.length; i += 2) if (!args.includes(QUICK[i]!)) defaults.push(QUICK[i]!, QUICK[i + 1]!);
  const r = runOxen(['benchmark', 'ab', ...defaults, '--table-prefix', 'oxen_bench_ab_', '--force', ...args], { cwd: work, ...(env ? { env } : {}) });
  return { ...r, stdout: unwrap(r.stdout) };
}
const unwrap = (text: string): string => text.replace(/\n {4}(?!p50)/g, ' ');
const oneLineError = (r: OxenRun): void => {
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
  expect(errors, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
};
const executors = (): string => (nativeBuilt ? 'js,native' : 'js');

const targets: { label: string; url?: string }[] = [{ label: 'SQLite' }, ...(postgresUrl ? [{ label: 'PostgreSQL', url: postgresUrl }] : [])];

describe.each(targets)('oxen benchmark ab on $label', ({ url }) => {
  const at = url ? ['--url', url] : [];

  it('an A/A run (two builds of the same commit) never exits 3, and writes a report with both builds', () => {
    const r = ab(['--base', same, '--executor', executors(), '--threshold', '15%', '--output', 'aa.json', ...at]);
    expect([0, 4], r.stderr + r.stdout).toContain(r.code);
    expect(r.stdout).toMatch(/^Gate: throughput, threshold ±15%, 95% intervals of 20%-trimmed paired per-round ratios head\/base,/m);
    // What an A/A run must never do is convict: no cell reads "regression" and the exit code is not 3.
    // A cell may read "faster" when other suites load the server during one build's turn (seen in CI on
    // PostgreSQL: +62% [35, 94] while the monitor suites ran); the gate's exit code does not count it.
    expect(r.stdout).toMatch(/^simple_select\s+1\s+js\s+[\d,]+\/s\s+[\d,]+\/s\s+\S+ \[\S+, \S+\]\s+(no change|inconclusive|faster|not slower)$/m);
    expect(r.stdout).not.toMatch(/\sregression$/m);
    const report = JSON.parse(readFileSync(join(work, 'aa.json'), 'utf8'));
    expect(reportSchemaError(report)).toBeUndefined();
    expect(report.tool).toBe('oxen benchmark ab');
    expect(report.builds.base.root).toBe(same);
    expect(report.builds.head.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(report.results[0].variants.map((v: { variant: string }) => v.variant)).toEqual(executors().split(',').flatMap((k) => [`base:${k}`, `head:${k}`]));
    expect(JSON.stringify(report)).not.toMatch(/password|:secret@/);
  });

  it('a head with every ORM operation made twice as long exits 3 and names the cells', () => {
    const r = ab(['--base', same, '--head', slow, '--executor', 'js', '--markdown', 'slow.md', '--output', 'slow.json', ...at]);
    expect(r.code, r.stderr + r.stdout).toBe(3);
    // About -50% in every cell; the hook's busy-wait stretches further when the suite loads both cores
    // (-77% seen in CI). Under that load one cell's interval can be too wide to convict (simple_select
    // -38% [-66, 12] seen in CI): the gate must convict at least one, and read none as anything but slower.
    const rows = r.stdout.match(/^(simple_select|aggregation)\s+1\s+js\s+[\d,]+\/s\s+[\d,]+\/s\s+(\S+) \[.*\]\s+(\S+)$/gm) ?? [];
    expect(rows, r.stdout).toHaveLength(2);
    for (const row of rows) expect(row, r.stdout).toMatch(/\s-[3-9]\d% \[.*\]\s+(regression|inconclusive)$/);
    expect(r.stdout).toMatch(/^Regression: .*(simple_select|aggregation) c=1 js/m);
    oneLineError(r);
    expect(readFileSync(join(work, 'slow.md'), 'utf8')).toMatch(/^### Oxen benchmark: ❌ Regression/);
  });
});

describe('oxen benchmark ab: what fails the gate, and bad usage', () => {
  it('--isolation process runs each build in a worker process', () => {
    const r = ab(['--base', same, '--executor', 'js', '--isolation', 'process', '--threshold', '15%', '--json', '--output', 'iso.json']);
    expect([0, 4], r.stderr).toContain(r.code);
    const gate = JSON.parse(r.stdout);
    expect(gate.mode).toBe('ab');
    expect(gate.rows).toHaveLength(2);
    expect(gate.failures).toEqual([]);
  });

  it('--base this very build, in one process: both sides run (each its own databases), an A/A run', () => {
    // Both sides load the same modules; their ORM sessions once took the same registry names, and the
    // second closed the first's databases ("the sqlite connection is closed").
    const r = ab(['--base', root, '--executor', executors(), '--threshold', '15%', '--json', '--output', 'self.json']);
    expect([0, 4], r.stderr).toContain(r.code);
    const gate = JSON.parse(r.stdout);
    expect(gate.failures).toEqual([]);
    expect(gate.rows).toHaveLength(2 * executors().split(',').length);
    expect(gate.notes.join('\n')).toMatch(/same build: this is an A\/A run/);
  });

  it('--processes 3 splits each cell\'s rounds among three fresh pairs of worker processes, each pair one sample', () => {
    const r = ab(['--base', same, '--executor', 'js', '--isolation', 'process', '--processes', '3', '--rounds', '9', '--threshold', '15%', '--output', 'pairs.json']);
    expect([0, 4], r.stderr + r.stdout).toContain(r.code);
    expect(r.stdout).toMatch(/^Gate: throughput, threshold ±15%, 95% intervals over 3 worker-process pairs,/m);
    expect(r.stdout).not.toMatch(/\sregression$/m);
    const report = JSON.parse(readFileSync(join(work, 'pairs.json'), 'utf8'));
    expect(reportSchemaError(report)).toBeUndefined();
    for (const cell of report.results) {
      // Consecutive blocks of rounds, one per pair, every pair with two rounds at least.
      const groups: number[] = cell.roundGroups;
      expect(groups).toEqual([...groups].sort((a, b) => a - b));
      for (const g of [0, 1, 2]) expect(groups.filter((x) => x === g).length).toBeGreaterThanOrEqual(2);
      for (const v of cell.variants) expect(v.opsPerSecRounds.samples).toHaveLength(groups.length);
    }
    // Every pair is a fresh process for each build: three per cell, each of which wrote its own block of values.
    const json = ab(['--base', same, '--executor', 'js', '--isolation', 'process', '--processes', '3', '--rounds', '9', '--threshold', '15%', '--workloads', 'bulk_update', '--json', '--output', 'pairs-update.json']);
    expect([0, 4], json.stderr).toContain(json.code);
    const gate = JSON.parse(json.stdout);
    expect(gate.processPairs).toBe(3);
    expect(gate.notes.join('\n')).toMatch(/--processes 3 is odd: base's worker leads in one pair more than head's/);
    expect(gate.failures).toEqual([]);
    expect(gate.rows).toHaveLength(1);
  });

  it('--processes without --warmup warms every pair up for 3 s per variant, past V8\'s first compilations', () => {
    const args = ['benchmark', 'ab', '--base', same, '--executor', 'js', '--isolation', 'process', '--processes', '2', '--rounds', '10', '--duration', '0.2', '--scale', '0.1'];
    const r = runOxen([...args, '--workloads', 'simple_select', '--concurrency', '1', '--threshold', '15%', '--table-prefix', 'oxen_bench_ab_', '--force', '--output', 'warm.json'], { cwd: work });
    expect([0, 4], r.stderr + r.stdout).toContain(r.code);
    expect(JSON.parse(readFileSync(join(work, 'warm.json'), 'utf8')).settings.warmupSeconds).toBe(3);
  }, 60_000);

  it('--undecided reruns only the cells an earlier report left inconclusive, with this run\'s settings', () => {
    // The earlier run is the --processes test's report, edited so that the outcome is known: aggregation
    // reads exactly no change (head's rounds set to base's), simple_select cannot be decided (head's
    // rounds alternately halved and raised by half).
    const earlier = JSON.parse(readFileSync(join(work, 'pairs.json'), 'utf8'));
    for (const c of earlier.results) {
      const [base, head] = c.variants;
      head.opsPerSecRounds.samples = base.opsPerSecRounds.samples.map((x: number, i: number) => (c.workload === 'aggregation' ? x : x * (i % 2 === 0 ? 0.5 : 1.5)));
    }
    writeFileSync(join(work, 'earlier.json'), JSON.stringify(earlier));
    const args = ['benchmark', 'ab', '--base', same, '--isolation', 'process', '--processes', '3', '--rounds', '9', '--duration', '0.3', '--warmup', '0.15', '--scale', '0.1'];
    const more = [...args, '--threshold', '15%', '--table-prefix', 'oxen_bench_ab_', '--undecided', 'earlier.json', '--json', '--output', 'undecided.json'];
    const r = runOxen(more, { cwd: work });
    expect([0, 4], r.stderr + r.stdout).toContain(r.code);
    const gate = JSON.parse(r.stdout);
    expect(gate.failures).toEqual([]);
    expect(gate.rows.map((row: { workload: string; concurrency: number; variant: string }) => `${row.workload} ${row.concurrency} ${row.variant}`)).toEqual(['simple_select 1 js']);
    expect(gate.notes.join('\n')).toMatch(/reran the 1 undecided cell\(s\) of earlier\.json, which decided 1; it measured (the same builds|other builds or could not tell)/);
    const report = JSON.parse(readFileSync(join(work, 'undecided.json'), 'utf8'));
    expect(reportSchemaError(report)).toBeUndefined();
    expect(report.results.map((c: { workload: string }) => c.workload)).toEqual(['simple_select']);
    expect(new Set(report.results[0].roundGroups).size).toBe(3);

    // The flags that pick cells are refused beside it, and so is a report that convicted a cell.
    const picked = runOxen([...args, '--undecided', 'earlier.json', '--executor', 'js'], { cwd: work });
    expect(picked.code, picked.stderr).toBe(2);
    expect(picked.stderr).toMatch(/--undecided takes the cells from the earlier report: give it or --executor, not both/);
    oneLineError(picked);
    for (const c of earlier.results) c.variants[1].opsPerSecRounds.samples = c.variants[0].opsPerSecRounds.samples.map((x: number) => x / 2);
    writeFileSync(join(work, 'convicted.json'), JSON.stringify(earlier));
    const convicted = runOxen([...args, '--undecided', 'convicted.json', '--output', 'never.json'], { cwd: work });
    expect(convicted.code, convicted.stderr).toBe(2);
    expect(convicted.stderr).toMatch(/convicted\.json convicted 2 cell\(s\) \(simple_select c=1 js, aggregation c=1 js\) at ±5%: a rerun does not overturn a regression/);
    oneLineError(convicted);
    expect(() => readFileSync(join(work, 'never.json'))).toThrow();
  });

  it.runIf(process.env.OXEN_NATIVE_REQUIRED === '1' || process.env.OXEN_TEST_EXECUTORS?.includes('native'))(
    'a native executor that loads in base but not in head fails the gate',
    () => {
      const noNative = copy(root, join(work, 'no-native'));
      for (const f of ['oxen-native.linux-x64-gnu.node']) unlinkSync(join(noNative, 'native', f));
      const r = ab(['--base', same, '--head', noNative, '--executor', 'js,native', '--output', 'lost.json']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toMatch(/FAILED: executor native loaded in base but not in head/);
      expect(r.stdout).toMatch(/^Failed: 1 problem\(s\) kept cells from being compared/m);
    },
  );

  it('a wrong answer in head fails the gate; a bench file new in head is reported, not compared', () => {
    const project = (name: string, oxen: string, bench: string): string => {
      const dir = join(work, name);
      mkdirSync(join(dir, 'bench'), { recursive: true });
      mkdirSync(join(dir, 'node_modules'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module' }));
      symlinkSync(oxen, join(dir, 'node_modules', 'oxen-orm'));
      writeFileSync(join(dir, 'bench', 'users.bench.ts'), bench);
      return dir;
    };
    const template = readFileSync(join(root, 'templates', 'bench', 'users.bench.ts'), 'utf8').replace("tableName: 'bench_customers'", "tableName: 'oxen_ab_customers'");
    const base = project('app-base', same, template);
    const head = project('app-head', root, template.replace(/940/g, '941'));
    writeFileSync(join(head, 'bench', 'new.bench.ts'), template.replace("tableName: 'oxen_ab_customers'", "tableName: 'oxen_ab_new'"));
    const r: { -readonly [K in keyof OxenRun]: OxenRun[K] } = runOxen(
      ['benchmark', 'ab', '--base', base, 'bench/users.bench.ts', 'bench/new.bench.ts', '--executor', 'js', '--duration', '0.2', '--warmup', '0.1', '--rounds', '5', '--output', join(work, 'files.json'), '--force'],
      { cwd: head, env: { OXEN_DATABASE_URL: `sqlite://${join(work, 'files.sqlite')}` } },
    );
    expect(r.code, r.stderr + r.stdout).toBe(3);
    r.stdout = unwrap(r.stdout);
    expect(r.stdout).toMatch(/FAILED: users\.bench\.ts:count_adults c=4 js \(head\): \d+ operation\(s\) failed or timed out: wrong result: expected 941 customers aged 21 or more, got 940/);
    expect(r.stdout).toMatch(/workload new\.bench\.ts:active_page is new in head: not compared/);
    expect(r.stdout).toMatch(/^users\.bench\.ts:active_page\s+4\s+js\s/m);
  });

  it('bad input is one line and exit 2', () => {
    const notOxen = join(work, 'not-oxen');
    mkdirSync(notOxen, { recursive: true });
    writeFileSync(join(notOxen, 'package.json'), '{"name":"something"}');
    const unbuilt = join(work, 'unbuilt');
    cpSync(join(root, 'package.json'), join(unbuilt, 'package.json'), { recursive: true });
    const cases: [string[], RegExp][] = [
      [['--base', join(work, 'nope')], /--base .*nope is not a directory/],
      [['--base', notOxen], /has no node_modules\/oxen-orm: run `npm ci` there first/],
      [['--base', unbuilt], /bench-target\.js is missing: run `npm ci` there/],
      [['--base', same, '--threshold', '0'], /--threshold must be a percentage above 0/],
      [['--base', same, '--rounds', '3'], /Expected an integer greater than or equal to 5/],
      [['--base', same, 'x.bench.ts', '--workloads', 'simple_select'], /give it or bench files, not both/],
      [['--base', same, '--processes', '3'], /--processes starts worker processes: give it with --isolation process/],
      [['--base', same, '--isolation', 'process', '--processes', '6', '--rounds', '10'], /--processes 6 needs --rounds 12 or more/],
      [['--base', same, '--url', 'postgres://u:secret@127.0.0.1:1/db'], /./],
    ];
    for (const [args, message] of cases) {
      const r = ab([...args, '--output', 'bad.json']);
      if (args.includes('postgres://u:secret@127.0.0.1:1/db')) {
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).not.toContain('secret');
      } else {
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(message);
      }
      oneLineError(r);
    }
    // Without QUICK's --workloads, which both of these refuse first.
    const direct: [string[], RegExp][] = [
      [['--isolation', 'process', '--processes', '3', 'x.bench.ts'], /--processes applies to the built-in workloads/],
      [['--processes', '6', '--rounds', '10', '--http'], /--processes 6 needs --rounds 12 or more/],
    ];
    for (const [args, message] of direct) {
      const r = runOxen(['benchmark', 'ab', '--base', same, ...args], { cwd: work });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      oneLineError(r);
    }
  });
});
