import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { loadNative } from '../../src/core/executor/create-executor.js';
import { assertBuilt, bin, runOxen, type OxenRun } from '../cli/run-oxen.js';
import { mysqlUrl, postgresUrl } from '../support/databases.js';
import { cell, normalSamples, report, variant } from './fixtures.js';

let cwd: string;
beforeAll(() => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'oxen-bench-cli-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const SMALL = ['--workloads', 'simple_select,count_exists', '--iterations', '16', '--rounds', '4', '--concurrency', '1,2', '--scale', '0.1'];
/** SMALL's settings, except those the test gives itself. */
function bench(args: string[], env?: Record<string, string>): OxenRun {
  const defaults: string[] = [];
  for (let i = 0; i < SMALL.length; i += 2) if (!args.includes(SMALL[i]!)) defaults.push(SMALL[i]!, SMALL[i + 1]!);
  return runOxen(['benchmark', 'performance', ...defaults, '--table-prefix', 'oxen_bench_cmd_', ...args], { cwd, env });
}
/** The error is one line, the last; progress lines (plain mode) may precede it, a stack trace never. */
const oneLineError = (r: OxenRun, progress = false): void => {
  const lines = r.stderr.trimEnd().split('\n');
  if (!progress) expect(lines).toHaveLength(1);
  expect(lines.filter((l) => l.startsWith('Error: '))).toEqual([lines.at(-1)]);
  expect(r.stderr).not.toMatch(/^\s+at /m);
};
const readJson = (name: string): unknown => JSON.parse(readFileSync(join(cwd, name), 'utf8'));

describe('oxen benchmark performance', () => {
  it('runs on a temporary SQLite database by default, prints the table and writes a valid report', () => {
    const r = bench([]);
    expect(r.stderr).toMatch(/Report written to bench-results\/\d{4}-\d\d-\d\d-sqlite\.json/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ simple_select\s+│\s+1 │ raw/);
    expect(r.stdout).toMatch(/│ count_exists\s+│\s+2 │ js .*%/);
    const [file] = readdirSync(join(cwd, 'bench-results'));
    const written = readJson(`bench-results/${file}`) as { environment: { database: { url: string } } };
    expect(reportSchemaError(written)).toBeUndefined();
    expect(written.environment.database.url).toMatch(/^sqlite:\/\/.*oxen-bench-.*\/bench\.sqlite$/);
    expect(existsSync(written.environment.database.url.slice('sqlite://'.length))).toBe(false);
    expect(existsSync(join(cwd, 'oxen.sqlite'))).toBe(false);
  });

  it('--json prints the report, the same one it writes', () => {
    const r = bench(['--json', '--output', 'json.json']);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(reportSchemaError(printed)).toBeUndefined();
    expect(printed).toEqual(readJson('json.json'));
  });

  it('bad input: one line, exit 2, nothing written', () => {
    writeFileSync(join(cwd, 'existing.json'), 'keep me');
    const cases: [string[], RegExp][] = [
      [['--url', 'notaurl'], /invalid database URL notaurl/],
      [['--workloads', 'simple_select,nope'], /unknown workload "nope": choose from simple_select, filter_limit/],
      [['--iterations', '0'], /--iterations/],
      [['--output', 'existing.json'], /existing\.json already exists: pass --force/],
      [['--output', 'existing.json/report.json'], /cannot write existing\.json\/report\.json: .* is not a directory/],
    ];
    for (const [args, message] of cases) {
      const r = bench(args.includes('--output') ? args : [...args, '--output', 'never.json']);
      expect(r.code, args.join(' ')).toBe(2);
      oneLineError(r);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(join(cwd, 'existing.json'), 'utf8')).toBe('keep me');
    expect(existsSync(join(cwd, 'never.json'))).toBe(false);
  });

  it('an unreachable server: one line without the password, exit 1, no report', () => {
    const r = bench(['--url', 'postgres://bench:sekrit@127.0.0.1:1/x', '--output', 'unreachable.json']);
    expect(r.code).toBe(1);
    oneLineError(r, true);
    expect(r.stderr + r.stdout).not.toContain('sekrit');
    expect(existsSync(join(cwd, 'unreachable.json'))).toBe(false);
  });

  it('--executor native runs where the addon is built, and otherwise says it is not', async () => {
    const native = await loadNative();
    const r = bench(['--executor', 'js,native', '--output', 'native.json']);
    if (native?.isNativeAvailable()) {
      expect(r.code).toBe(0);
      expect((readJson('native.json') as { settings: { variants: string[] } }).settings.variants).toEqual(['raw', 'raw_array', 'js', 'native']);
    } else {
      expect(r.code).toBe(2);
      oneLineError(r, true);
      expect(r.stderr).toMatch(/native/);
    }
  });

  it('Ctrl+C stops the run, drops the tables and writes no report', async () => {
    const child = spawn(process.execPath, [bin, 'benchmark', 'performance', '--duration', '30', '--scale', '0.1', '--output', 'interrupted.json'], {
      cwd,
      env: { ...process.env, CI: 'true', OXEN_RENDERER: 'plain' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('Creating and seeding') && !child.killed) setTimeout(() => child.kill('SIGINT'), 1500);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/Interrupted: the benchmark tables were dropped and no report was written/);
    expect(existsSync(join(cwd, 'interrupted.json'))).toBe(false);
  });

  it.runIf(postgresUrl)('runs on PostgreSQL; a password in the URL appears nowhere', () => {
    const u = new URL(postgresUrl!);
    u.password = 'sekrit';
    const r = bench(['--url', u.toString(), '--output', 'pg.json']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(cwd, 'pg.json'), 'utf8');
    for (const out of [r.stdout, r.stderr, text]) expect(out).not.toContain('sekrit');
    expect(text).toContain(':***@');
    expect(reportSchemaError(JSON.parse(text))).toBeUndefined();
    expect(JSON.parse(text).environment.database.serverVersion).toMatch(/^PostgreSQL 1\d/);
  });

  it.runIf(mysqlUrl)('runs on MariaDB / MySQL', () => {
    const r = bench(['--url', mysqlUrl!, '--output', 'mysql.json']);
    expect(r.code).toBe(0);
    const written = readJson('mysql.json') as { environment: { database: { dialect: string } } };
    expect(reportSchemaError(written)).toBeUndefined();
    expect(written.environment.database.dialect).toBe('mysql');
  });
});

describe('oxen benchmark compare and table', () => {
  const write = (name: string, value: unknown): string => (writeFileSync(join(cwd, name), typeof value === 'string' ? value : JSON.stringify(value)), name);
  const base = report([cell('simple_select', 1, [variant('raw', normalSamples(10, 5000, 100, 1)), variant('js', normalSamples(10, 4000, 100, 2))])]);
  const slower = report([cell('simple_select', 1, [variant('raw', normalSamples(10, 5000, 100, 3)), variant('js', normalSamples(10, 3000, 100, 4))])]);
  const noisy = report([cell('simple_select', 1, [variant('raw', [5000, 5000, 5000, 5000, 5000]), variant('js', [1000, 5000, 1500, 5500, 3000])])]);

  it('a report against itself exits 0; a regression of the share of raw exits 3; an undecidable one exits 4', () => {
    write('base.json', base);
    write('slower.json', slower);
    write('noisy.json', noisy);
    const same = runOxen(['benchmark', 'compare', 'base.json', 'base.json'], { cwd });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^No change: every cell's 95% interval lies within ±5%$/m);
    const regression = runOxen(['benchmark', 'compare', 'base.json', 'slower.json'], { cwd });
    expect(regression.code).toBe(3);
    expect(regression.stdout).toMatch(/^simple_select\s+1\s+js ÷raw\s+80%\s+\d+%\s+-2\d% \[.*\]\s+regression$/m);
    oneLineError(regression);
    const inconclusive = runOxen(['benchmark', 'compare', 'base.json', 'noisy.json'], { cwd });
    expect(inconclusive.code).toBe(4);
    oneLineError(inconclusive);
  });

  it('on real runs: a cell missing in head fails the gate; reports made with different settings exit 2', () => {
    const runs = [
      bench(['--workloads', 'simple_select,count_exists', '--concurrency', '1', '--output', 'real-a.json']),
      bench(['--workloads', 'simple_select,count_exists', '--concurrency', '1', '--output', 'real-b.json']),
      bench(['--workloads', 'simple_select,count_exists', '--concurrency', '1', '--rounds', '5', '--output', 'real-c.json']),
    ];
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const a = readJson('real-a.json') as { results: { workload: string }[] };
    const b = readJson('real-b.json') as { results: { workload: string }[] };
    expect([0, 3, 4]).toContain(runOxen(['benchmark', 'compare', 'real-a.json', 'real-b.json'], { cwd }).code);
    write('real-b-missing.json', { ...b, results: b.results.filter((c) => c.workload !== 'count_exists') });
    const missing = runOxen(['benchmark', 'compare', 'real-a.json', 'real-b-missing.json'], { cwd });
    expect(missing.code).toBe(3);
    expect(missing.stdout).toMatch(/FAILED: count_exists c=1: in base, missing in head/);
    oneLineError(missing);
    expect(a.results.map((c) => c.workload)).toEqual(['simple_select', 'count_exists']);
    const different = runOxen(['benchmark', 'compare', 'real-a.json', 'real-c.json'], { cwd });
    expect(different.code).toBe(2);
    expect(different.stderr).toMatch(/different settings \(rounds: 4 in base, 5 in head\): rerun with the same settings, or pass --allow-different-settings/);
    oneLineError(different);
    const allowed = runOxen(['benchmark', 'compare', 'real-a.json', 'real-c.json', '--allow-different-settings'], { cwd });
    expect([0, 3, 4]).toContain(allowed.code);
    expect(allowed.stdout).toMatch(/settings differ: rounds: 4 in base, 5 in head/);
  });

  it('--markdown writes the PR summary and appends it to $GITHUB_STEP_SUMMARY; --format github-action-benchmark prints that JSON', () => {
    write('summary-log.md', '# earlier\n');
    const r = runOxen(['benchmark', 'compare', 'base.json', 'slower.json', '--markdown', 'pr.md', '--format', 'github-action-benchmark'], {
      cwd,
      env: { GITHUB_STEP_SUMMARY: join(cwd, 'summary-log.md') },
    });
    expect(r.code).toBe(3);
    const md = readFileSync(join(cwd, 'pr.md'), 'utf8');
    expect(md).toMatch(/^### Oxen benchmark: ❌ Regression/);
    expect(readFileSync(join(cwd, 'summary-log.md'), 'utf8')).toBe(`# earlier\n${md}`);
    const entries = JSON.parse(r.stdout) as { name: string; unit: string; value: number }[];
    expect(entries.map((e) => e.name)).toEqual(['postgres simple_select c=1 [raw]', 'postgres simple_select c=1 [js]']);
  });

  it('a corrupt, foreign or wrong-version report is a one-line error with exit 2', () => {
    write('corrupt.json', '{"schemaVersion":');
    write('v2.json', { ...base, schemaVersion: 2 });
    for (const file of ['corrupt.json', 'v2.json']) {
      const r = runOxen(['benchmark', 'compare', 'base.json', file], { cwd });
      expect(r.code, file).toBe(2);
      oneLineError(r);
    }
  });

  it('table renders the README table from reports', () => {
    const r = runOxen(['benchmark', 'table', 'base.json', 'slower.json'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\| Workload \| Conc \| PostgreSQL 15\.19 · js \| PostgreSQL 15\.19 · raw \| PostgreSQL 15\.19 · js \|/);
    expect(r.stdout).toMatch(/\| simple_select \| 1 \| [\d,]+ \(\d+%\) \| [\d,]+ \|/);
  });
});
