/**
 * `oxen benchmark ab --http`: two builds' benchmark servers loaded side by side. An A/A run never
 * exits 3; a head whose ORM calls are slowed (the calibration copy) is convicted on the executors'
 * endpoints and not on the bare driver's; bad input is one line.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { assertBuilt, runOxen, type OxenRun } from '../cli/run-oxen.js';
import { postgresUrl } from '../support/databases.js';
// @ts-expect-error -- a plain .mjs helper shared with the calibration script
import { makeBuildCopy } from '../../scripts/calibration/make-build-copy.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const copy = makeBuildCopy as (source: string, dest: string, options?: { slowdown?: number }) => string;
let work: string;
let same: string;
let slow: string;

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'oxen-ab-http-'));
  same = copy(root, join(work, 'same'));
  slow = copy(root, join(work, 'slow'), { slowdown: 1 });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const QUICK = ['--http', '--endpoints', 'db', '--concurrency', '1', '--duration', '0.3', '--warmup', '0.15', '--rounds', '10', '--scale', '0.1', '--executor', 'js'];
function abHttp(args: string[]): OxenRun {
  return runOxen(['benchmark', 'ab', ...QUICK, '--table-prefix', 'oxen_bench_abh_', '--force', ...args], { cwd: work });
}
const oneLineError = (r: OxenRun): void => {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^Error: /);
};

describe.each([
  ['sqlite', undefined],
  ['postgres', postgresUrl],
] as const)('oxen benchmark ab --http on %s', (dialect, url) => {
  const where = url ? ['--url', url] : [];
  // Without --processes each variant's rounds all run in one server process per build, and such a
  // process can run 15–20% fast or slow for all of a three-second run (seen on CI: head:js −20% beside
  // head:raw +30%), which the rounds' interval does not cover: the reason --processes exists (below).
  // Here, a second and third try make a false alarm from that rare; a real bias between the two
  // builds' servers fails all three.
  it.runIf(dialect === 'sqlite' || url !== undefined)('an A/A run never exits 3 and reports both builds\' servers', { retry: 2, timeout: 120_000 }, () => {
    const r = abHttp(['--base', same, '--output', `aa-${dialect}.json`, ...where]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect([0, 4], r.stderr).toContain(r.code);
    const report = JSON.parse(readFileSync(join(work, `aa-${dialect}.json`), 'utf8'));
    expect(reportSchemaError(report)).toBeUndefined();
    expect(report.tool).toBe('oxen benchmark ab');
    expect(report.http.loadGenerator).toMatch(/^autocannon /);
    expect(report.builds.base.root).toBe(same);
    expect(report.results.map((c: { workload: string }) => c.workload)).toEqual(['db']);
    const variants = report.results[0].variants as { variant: string; ops: number; errors: number; serverCpuUsPerOp: number }[];
    expect(variants.map((v) => v.variant)).toEqual(['base:raw', 'head:raw', 'base:js', 'head:js']);
    for (const v of variants) {
      expect([v.ops > 0, v.errors], v.variant).toEqual([true, 0]);
      expect(v.serverCpuUsPerOp).toBeGreaterThan(0);
    }
  });

  // The same process-wide bias can widen the slowed cell's interval past −15% or put the bare
  // driver's below it (CI once failed here on the exit code); a gate that misses the slowdown fails
  // all three tries.
  it.runIf(dialect === 'sqlite' || url !== undefined)('a head whose ORM calls are slower is convicted on the ORM endpoints only', { retry: 2, timeout: 120_000 }, () => {
    const r = abHttp(['--base', same, '--head', slow, '--threshold', '15%', '--output', `slow-${dialect}.json`, ...where]);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toMatch(/^db\s+1\s+js\s.*regression$/m);
    expect(r.stdout).not.toMatch(/^db\s+1\s+raw\s.*regression$/m);
  });
});

describe('oxen benchmark ab --http --processes', () => {
  it('splits each cell\'s rounds among fresh pairs of server sets serving the seeded tables, each pair one sample', () => {
    const r = abHttp(['--base', same, '--processes', '3', '--threshold', '15%', '--output', 'pairs-http.json']);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect([0, 4], r.stderr + r.stdout).toContain(r.code);
    expect(r.stdout).toMatch(/^Gate: throughput, threshold ±15%, 95% intervals over 3 worker-process pairs,/m);
    // Every pair is fresh servers for each build and variant, serving the tables the first servers seeded.
    for (const side of ['head', 'base']) {
      for (const kind of ['raw', 'js']) {
        expect(r.stderr).toContain(`Starting ${side}'s benchmark server for ${kind} (/`);
        for (const pair of [1, 2, 3]) expect(r.stderr).toContain(`Starting ${side}'s benchmark server for ${kind} (pair ${pair})`);
      }
    }
    const report = JSON.parse(readFileSync(join(work, 'pairs-http.json'), 'utf8'));
    expect(reportSchemaError(report)).toBeUndefined();
    const [cell] = report.results;
    const groups: number[] = cell.roundGroups;
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    for (const g of [0, 1, 2]) expect(groups.filter((x) => x === g).length).toBeGreaterThanOrEqual(2);
    for (const v of cell.variants as { variant: string; ops: number; errors: number; opsPerSecRounds: { samples: number[] } }[]) {
      expect([v.variant, v.ops > 0, v.errors]).toEqual([v.variant, true, 0]);
      expect(v.opsPerSecRounds.samples).toHaveLength(groups.length);
    }
  }, 180_000);
});

describe('oxen benchmark ab --http: bad input', () => {
  it('is one line and exit 2', () => {
    oneLineError(runOxen(['benchmark', 'ab', '--base', same, '--endpoints', 'db'], { cwd: work }));
    oneLineError(runOxen(['benchmark', 'ab', '--base', same, '--pipelining', '2'], { cwd: work }));
    oneLineError(runOxen(['benchmark', 'ab', '--base', same, '--http', '--workloads', 'simple_select'], { cwd: work }));
    oneLineError(runOxen(['benchmark', 'ab', '--base', same, '--http', '--isolation', 'process'], { cwd: work }));
    oneLineError(runOxen(['benchmark', 'ab', '--base', same, '--http', 'bench/x.bench.ts'], { cwd: work }));
    oneLineError(runOxen(['benchmark', 'ab', '--base', same, '--http', '--endpoints', 'db,plaintext'], { cwd: work }));
    const old = copy(root, join(work, 'old'));
    unlinkSync(join(old, 'dist/core/bench/http/server/bench-server-main.js'));
    const r = runOxen(['benchmark', 'ab', '--base', old, '--http', '--output', 'never.json'], { cwd: work });
    oneLineError(r);
    expect(r.stderr).toMatch(/has no benchmark http server .*cannot be measured with --http$/m);
  }, 60_000);
});
