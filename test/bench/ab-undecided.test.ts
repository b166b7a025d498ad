/** `ab --undecided`: which cells of an earlier report are rerun, and which reports are refused. */
import { describe, expect, it } from 'vitest';
import { earlierRunNote, undecidedCells } from '../../src/core/bench/ab/undecided-cells.js';
import { abGate } from '../../src/core/bench/gate/ab-gate.js';
import { outcomeLine } from '../../src/ui/bench/gate-rows.js';
import type { BenchmarkReport, BuildSummary, CellResult } from '../../src/core/bench/report.js';
import { cell, normalSamples, report, variant } from './fixtures.js';

const judge = { metric: 'ops' as const, threshold: 0.05 };
const steady = normalSamples(20, 1000, 10, 3);
/** Head's rounds so spread that the cell cannot be decided at ±5%. */
const noisy = normalSamples(20, 1000, 300, 11);
const slower = steady.map((x) => x * 0.7);
const build = (commit: string | null, dirty: boolean | null): BuildSummary => ({ root: '/b', oxenVersion: '0.1.0', commit, dirty, executors: ['js', 'native'] });
const COMMIT_A = 'a'.repeat(40);
const COMMIT_B = 'b'.repeat(40);

function abReport(results: CellResult[], extra: Partial<BenchmarkReport> = {}): BenchmarkReport {
  return { ...report(results), tool: 'oxen benchmark ab', builds: { base: build(COMMIT_A, false), head: build(COMMIT_B, false) }, ...extra };
}
const pair = (kind: string, head: number[]) => [variant(`base:${kind}`, steady), variant(`head:${kind}`, head)];

describe('ab --undecided: the cells to rerun', () => {
  it('takes the inconclusive rows only, grouped by cell with their executors, in the report\'s order', () => {
    const earlier = abReport([
      cell('simple_select', 1, [...pair('js', steady), ...pair('native', noisy)]),
      cell('simple_select', 16, [...pair('js', noisy), ...pair('native', noisy)]),
      cell('aggregation', 1, [...pair('js', steady), ...pair('native', steady)]),
    ]);
    const plan = undecidedCells('earlier.json', earlier, judge, 'postgres', false);
    expect(plan.cells).toEqual([
      { workload: 'simple_select', concurrency: 1, executors: ['native'] },
      { workload: 'simple_select', concurrency: 16, executors: ['js', 'native'] },
    ]);
    expect(plan.earlier).toMatchObject({ path: 'earlier.json', decided: 3, undecided: 3 });
  });

  it('judges the earlier rows at the threshold given now', () => {
    // Head exactly 3% slower in every round: no change at ±5%, a regression at ±2%.
    const lean = steady.map((x) => x * 0.97);
    const earlier = abReport([cell('filter_limit', 1, [...pair('js', lean), ...pair('native', noisy)])]);
    expect(undecidedCells('e.json', earlier, judge, 'postgres', false).cells).toEqual([{ workload: 'filter_limit', concurrency: 1, executors: ['native'] }]);
    expect(() => undecidedCells('e.json', earlier, { ...judge, threshold: 0.02 }, 'postgres', false)).toThrow(/convicted 1 cell\(s\) \(filter_limit c=1 js\) at ±2%/);
  });

  it('refuses a report that convicted a cell, decided every cell, or is not an ab report over the built-in workloads', () => {
    const convicted = abReport([cell('simple_select', 1, [...pair('js', slower), ...pair('native', noisy)])]);
    expect(() => undecidedCells('c.json', convicted, judge, 'postgres', false)).toThrow(/^c\.json convicted 1 cell\(s\) \(simple_select c=1 js\) at ±5%: a rerun does not overturn a regression$/);
    const decided = abReport([cell('simple_select', 1, pair('js', steady))]);
    expect(() => undecidedCells('d.json', decided, judge, 'postgres', false)).toThrow(/^d\.json decided every cell at ±5%: nothing to rerun$/);
    const performance = report([cell('simple_select', 1, [variant('js', steady)])]);
    expect(() => undecidedCells('p.json', performance, judge, 'postgres', false)).toThrow(/p\.json is not a report of oxen benchmark ab over workloads or bench files/);
    const http = abReport([cell('simple_select', 1, pair('js', noisy))], { http: { target: 'http://x', pipelining: 1, loadGenerator: 'autocannon' } });
    expect(() => undecidedCells('h.json', http, judge, 'postgres', false)).toThrow(/is not a report of oxen benchmark ab over workloads or bench files/);
  });

  it('reruns a bench file\'s benchmarks only when bench files are given again, and the built-in workloads only without', () => {
    const benchFile = abReport([cell('users by email', 1, pair('js', noisy))]);
    expect(undecidedCells('b.json', benchFile, judge, 'postgres', true).cells).toEqual([{ workload: 'users by email', concurrency: 1, executors: ['js'] }]);
    expect(() => undecidedCells('b.json', benchFile, judge, 'postgres', false)).toThrow(/^b\.json gated bench files \(users by email\): give the same bench files with --undecided$/);
    const builtIn = abReport([cell('simple_select', 1, pair('js', noisy))]);
    expect(() => undecidedCells('w.json', builtIn, judge, 'postgres', true)).toThrow(/^w\.json gated the built-in workloads: give --undecided without bench files$/);
  });

  it('refuses a report measured on another database', () => {
    const earlier = abReport([cell('simple_select', 1, pair('js', noisy))]);
    expect(() => undecidedCells('e.json', earlier, judge, 'mysql', false)).toThrow(/^e\.json was measured on postgres, this run is on mysql: give the --url it ran on$/);
  });
});

describe('ab --undecided: the note on the earlier run', () => {
  const earlier = { path: 'e.json', builds: { base: build(COMMIT_A, false), head: build(COMMIT_B, false) }, decided: 30, undecided: 6 };

  it('says the builds were the same only for the same commits with no uncommitted changes on either side', () => {
    expect(earlierRunNote(earlier, { base: build(COMMIT_A, false), head: build(COMMIT_B, false) })).toBe(
      'reran the 6 undecided cell(s) of e.json, which decided 30; it measured the same builds (commits, no uncommitted changes)',
    );
    expect(earlierRunNote(earlier, { base: build(COMMIT_A, false), head: build(COMMIT_B, true) })).toBe(
      `reran the 6 undecided cell(s) of e.json, which decided 30; it measured other builds or could not tell (head bbbbbbb then, bbbbbbb with uncommitted changes now): its decided cells speak for those`,
    );
    const unknown = { ...earlier, builds: { base: build(null, null), head: build(COMMIT_B, false) } };
    expect(earlierRunNote(unknown, { base: build(null, null), head: build(COMMIT_A, false) })).toMatch(
      /other builds or could not tell \(base an unknown commit then, an unknown commit now; head bbbbbbb then, aaaaaaa now\)/,
    );
  });
});

describe('ab --undecided: the way out of exit 4', () => {
  it('an inconclusive ab verdict points at --undecided; compare\'s still at a longer run', () => {
    const side = (label: string) => ({ label, commit: null, dirty: null });
    const gate = abGate([cell('simple_select', 1, pair('js', noisy))], { ...judge, base: side('base'), head: side('head'), failures: [], notes: [] });
    expect(gate.outcome).toBe('inconclusive');
    expect(outcomeLine(gate)).toMatch(/; rerun just those cells with --undecided <this report> and more --processes or a longer --duration$/);
    expect(outcomeLine({ ...gate, mode: 'compare' })).toMatch(/; rerun with a longer --duration$/);
  });
});
