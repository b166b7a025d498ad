/** `compare` of two runs on chosen samples: share of raw gates, absolute changes only past the noise floor. */
import { describe, expect, it } from 'vitest';
import { compareReports, type CompareOptions } from '../../src/core/bench/compare-reports.js';
import { settingsDifferences } from '../../src/core/bench/gate/settings-differences.js';
import type { BenchmarkReport } from '../../src/core/bench/report.js';
import { cell, normalSamples, report, variant } from './fixtures.js';

const options: CompareOptions = { threshold: 0.05, noiseFloor: 0.25, metric: 'ops' };

/** A run whose machine runs at `speed` and whose ORM (js) gets `share` of raw, with round-to-round drift shared by both. */
function run(seed: number, speed: number, share: number, extra: { jsErrors?: number } = {}): BenchmarkReport {
  const drift = normalSamples(12, 1, 0.04, seed);
  const raw = drift.map((d, i) => 5000 * speed * d * (1 + 0.005 * normalSamples(12, 0, 1, seed + 500)[i]!));
  const js = raw.map((r, i) => r * share * (1 + 0.005 * normalSamples(12, 0, 1, seed + 900)[i]!));
  return report([cell('simple_select', 1, [variant('raw', raw), variant('js', js, { errors: extra.jsErrors ?? 0, firstError: extra.jsErrors ? 'boom' : null })])]);
}

describe('compare of two runs', () => {
  it('the same share of raw on a machine 15% slower: no change (the absolute drop is inside the noise floor and decides nothing)', () => {
    const g = compareReports(run(1, 1, 0.8), run(2, 0.85, 0.8), options);
    expect(g.outcome).toBe('no change');
    const share = g.rows.find((r) => r.metric === 'share' && r.variant === 'js')!;
    expect(share.gated).toBe(true);
    expect(share.judgement.verdict).toBe('no change');
    const absolute = g.rows.find((r) => r.metric === 'ops' && r.variant === 'js')!;
    expect(absolute.gated).toBe(false);
    expect(absolute.judgement.change).toBeLessThan(-0.1);
    expect(absolute.judgement.reason).toMatch(/noise floor/);
  });

  it("a 15% drop of the ORM's share of raw is a regression", () => {
    const g = compareReports(run(3, 1, 0.8), run(4, 1, 0.68), options);
    expect(g.outcome).toBe('regression');
    expect(g.rows.find((r) => r.metric === 'share')!.judgement.verdict).toBe('regression');
  });

  it('an absolute drop past the noise floor is a regression even with the share unchanged', () => {
    const g = compareReports(run(5, 1, 0.8), run(6, 0.5, 0.8), options);
    expect(g.outcome).toBe('regression');
    expect(g.rows.find((r) => r.metric === 'ops' && r.variant === 'js')!.judgement.verdict).toBe('regression');
    // raw is shown, never gated
    expect(g.rows.find((r) => r.variant === 'raw')!.gated).toBe(false);
  });

  it('a cell missing in head, or failing operations in head, fail the gate', () => {
    const base = run(7, 1, 0.8);
    const empty = { ...base, results: [] };
    expect(compareReports(base, empty, options)).toMatchObject({ outcome: 'failed', failures: ['simple_select c=1: in base, missing in head'] });
    const noJs = { ...base, results: [{ ...base.results[0]!, variants: base.results[0]!.variants.filter((v) => v.variant === 'raw') }] };
    expect(compareReports(base, noJs, options).failures).toEqual(['simple_select c=1 js: in base, missing in head']);
    const failing = compareReports(base, run(8, 1, 0.8, { jsErrors: 3 }), options);
    expect(failing.outcome).toBe('failed');
    expect(failing.failures[0]).toMatch(/js \(head\): 3 operation\(s\) failed or timed out: boom/);
  });

  it('without raw, nothing can be cleared: the best verdict is inconclusive, and a large drop still convicts', () => {
    const suite = (seed: number, speed: number): BenchmarkReport => report([cell('users:page', 1, [variant('run', normalSamples(12, 1000 * speed, 20, seed))])]);
    const same = compareReports(suite(9, 1), suite(10, 1), options);
    expect(same.outcome).toBe('inconclusive');
    expect(same.notes.join(' ')).toMatch(/no raw variant/);
    expect(compareReports(suite(11, 1), suite(12, 0.5), options).outcome).toBe('regression');
  });

  it('names settings that differ', () => {
    const base = run(13, 1, 0.8);
    const head: BenchmarkReport = { ...run(14, 1, 0.8), settings: { ...base.settings, rounds: 20, durationSeconds: 2, concurrency: [1, 16] } };
    expect(settingsDifferences(base, head)).toEqual(['concurrency: 1 in base, 1,16 in head', 'duration: 1 in base, 2 in head', 'rounds: 10 in base, 20 in head']);
    expect(settingsDifferences(base, run(15, 1, 0.8))).toEqual([]);
  });
});
