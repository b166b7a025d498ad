/** The gate's statistics against published values, and its verdict rules on chosen samples. */
import { describe, expect, it } from 'vitest';
import { groupedEstimate, interval95, pairedEstimate, trimmed, unpairedEstimate } from '../../src/core/bench/gate/change-estimate.js';
import { gateOutcome, type GateResult, type GateRow } from '../../src/core/bench/gate/gate-result.js';
import { outcomeLine } from '../../src/ui/bench/gate-rows.js';
import { judgeCells, type Judgement, type JudgeInput } from '../../src/core/bench/gate/judge-cells.js';
import { tCdf } from '../../src/core/bench/gate/student-t.js';
import { normalSamples } from './fixtures.js';

describe("Student's t distribution function", () => {
  it('matches table values', () => {
    // Two-sided 95% and 90% critical values (any statistics table), the Cauchy case, and the normal limit.
    expect(tCdf(2.2281, 10)).toBeCloseTo(0.975, 4);
    expect(tCdf(1.8125, 10)).toBeCloseTo(0.95, 4);
    expect(tCdf(-2.5706, 5)).toBeCloseTo(0.025, 4);
    expect(tCdf(12.7062, 1)).toBeCloseTo(0.975, 4);
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 10);
    expect(tCdf(0, 7.3)).toBeCloseTo(0.5, 12);
    expect(tCdf(1.959964, 1e9)).toBeCloseTo(0.975, 6);
    expect(tCdf(-3.0902, Infinity)).toBeCloseTo(0.001, 5);
    expect(tCdf(2.0860, 20)).toBeCloseTo(0.975, 4);
  });
});

describe('trimmed estimates', () => {
  it('trims 20% from each end and Winsorizes the rest', () => {
    // Wilcox's worked example shape: n = 10, g = 2.
    const t = trimmed([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]);
    expect(t.mean).toBeCloseTo(5.5, 12);
    expect(t.h).toBe(6);
    // Winsorized: 3,3,3,4,5,6,7,8,8,8 → sample variance 4.7222...
    expect(t.winVar).toBeCloseTo(42.5 / 9, 10);
  });

  it('a paired estimate ignores an outlier round that would drag a plain mean', () => {
    const base = normalSamples(20, 1000, 10, 1);
    const head = base.map((x) => x * 0.9);
    head[7] = base[7]! * 3; // one round hit by something else entirely
    const e = pairedEstimate(base, head)!;
    expect(Math.exp(e.logChange)).toBeCloseTo(0.9, 6);
    const ci = interval95(e);
    expect(ci.high).toBeLessThan(0.95);
  });

  it("Yuen's interval for two runs covers the true shift and narrows with more rounds", () => {
    const logs = (n: number, m: number, seed: number): number[] => normalSamples(n, m, 0.05, seed);
    const small = interval95(unpairedEstimate(logs(10, 0, 3), logs(10, Math.log(0.8), 4441))!);
    const large = interval95(unpairedEstimate(logs(80, 0, 5), logs(80, Math.log(0.8), 7771))!);
    for (const ci of [small, large]) {
      expect(ci.low).toBeLessThan(0.8);
      expect(ci.high).toBeGreaterThan(0.8);
    }
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 2);
  });

  it('grouped by process pair: what one pair of processes would call a change is noise among six', () => {
    // The same code in both builds; each pair of processes runs at an offset of its own for its whole
    // life (log offsets as seen in one-pair A/A runs), plus 0.5% noise per round; ten rounds per pair.
    const offsets = [-0.03, 0.02, -0.01, 0.035, -0.025, 0.01];
    const groups = Array.from({ length: 60 }, (_, r) => Math.floor(r / 10));
    const base = normalSamples(60, 1000, 10, 11);
    const noise = normalSamples(60, 0, 0.005, 12);
    const head = base.map((x, r) => x * Math.exp(offsets[groups[r]!]! + noise[r]!));
    // Alone, the slowest pair's rounds convict the code of a change of about -3%.
    const alone = interval95(pairedEstimate(base.slice(0, 10), head.slice(0, 10))!);
    expect(alone.high).toBeLessThan(0.99);
    // Each pair one sample: the interval covers no change, at about the spread of the offsets.
    const e = groupedEstimate(base, head, groups)!;
    expect(e.n).toBe(6);
    expect(e.df).toBe(3);
    const byPair = interval95(e);
    expect(byPair.low).toBeLessThan(1);
    expect(byPair.high).toBeGreaterThan(1);
    expect(byPair.low).toBeGreaterThan(0.95);
    expect(byPair.high).toBeLessThan(1.05);
  });

  it('grouped by process pair: the standard error is the plain one of the pairs\' means when nothing is trimmed', () => {
    // Three pairs whose means of log ratio are 0, 0.02 and 0.04 exactly: mean 0.02, sd 0.02, se 0.02/√3.
    const groups = [0, 0, 1, 1, 2, 2];
    const base = [100, 100, 100, 100, 100, 100];
    const head = [0, 0, 0.02, 0.02, 0.04, 0.04].map((l) => 100 * Math.exp(l));
    const e = groupedEstimate(base, head, groups)!;
    expect(e.logChange).toBeCloseTo(0.02, 12);
    expect(e.se).toBeCloseTo(0.02 / Math.sqrt(3), 12);
    expect(e.df).toBe(2);
    // One pair is no sample of pairs at all.
    expect(groupedEstimate(base, head, [0, 0, 0, 0, 0, 0])).toBeNull();
  });

  it('refuses what cannot be estimated', () => {
    expect(pairedEstimate([1000], [900])).toBeNull();
    expect(pairedEstimate([1000, 0, 1000], [900, 900, 900])).toBeNull();
    expect(unpairedEstimate([0.1], [0.2, 0.3])).toBeNull();
  });
});

const row = (judgement: Judgement): GateRow => ({ workload: 'w', concurrency: 1, variant: 'js', metric: 'ops', base: 1, head: 1, gated: true, judgement, threshold: 0.05 });
const input = (base: number[], head: number[], extra: Partial<JudgeInput> = {}): JudgeInput => ({
  estimate: pairedEstimate(base, head),
  higherIsBetter: true,
  gated: true,
  threshold: 0.05,
  minSamples: 5,
  ...extra,
});

describe('the verdict rules', () => {
  const base = normalSamples(20, 1000, 20, 11);
  const jitter = (scale: number, seed: number): number[] => base.map((x, i) => x * scale * (1 + 0.01 * normalSamples(20, 0, 1, seed)[i]!));

  it('"no change" only when the whole interval is inside ±threshold', () => {
    const [same] = judgeCells([input(base, jitter(1, 12))]);
    expect(same!.verdict).toBe('no change');
    expect(same!.low).toBeGreaterThan(-0.05);
    expect(same!.high).toBeLessThan(0.05);
    // A 4% drop measured precisely is still inside ±5%; the same drop measured loosely is not decided.
    expect(judgeCells([input(base, jitter(0.96, 13))])[0]!.verdict).toBe('no change');
    const loose = base.map((x, i) => x * 0.96 * (1 + 0.08 * normalSamples(20, 0, 1, 14)[i]!));
    const [undecided] = judgeCells([input(base, loose)]);
    expect(undecided!.verdict).toBe('inconclusive');
    expect(undecided!.reason).toMatch(/crosses ±5\.0%/);
  });

  it('"regression" when the interval is wholly past; "faster" the other way; for latency a rise is the regression', () => {
    expect(judgeCells([input(base, jitter(0.85, 15))])[0]!.verdict).toBe('regression');
    expect(judgeCells([input(base, jitter(1.15, 16))])[0]!.verdict).toBe('faster');
    expect(judgeCells([input(base, jitter(1.15, 17), { higherIsBetter: false })])[0]!.verdict).toBe('regression');
  });

  it("Holm's correction: a cell barely past the threshold alone is a regression, among many it is inconclusive", () => {
    // Drop sized so the one-sided p-value lies between 0.025/40 and 0.025.
    const barely = base.map((x, i) => x * 0.92 * (1 + 0.03 * normalSamples(20, 0, 1, 18)[i]!));
    const alone = judgeCells([input(base, barely)])[0]!;
    expect(alone.verdict).toBe('regression');
    expect(alone.pRegression).toBeGreaterThan(0.025 / 40);
    const crowd = judgeCells([input(base, barely), ...Array.from({ length: 39 }, (_, k) => input(base, jitter(1, 100 + k)))]);
    expect(crowd[0]!.verdict).toBe('inconclusive');
    expect(crowd[0]!.reason).toMatch(/Holm's correction for 40 gated cells/);
    // A clear regression survives the correction.
    const clear = judgeCells([input(base, jitter(0.8, 19)), ...Array.from({ length: 39 }, (_, k) => input(base, jitter(1, 200 + k)))]);
    expect(clear[0]!.verdict).toBe('regression');
    expect(clear.slice(1).every((j) => j.verdict === 'no change')).toBe(true);
  });

  it('"not slower" when the interval rules a regression out but reaches past +threshold: nothing to rerun', () => {
    // About +5%, measured loosely: past +5% or not, but nowhere near -5%.
    const up = base.map((x, i) => x * 1.05 * (1 + 0.03 * normalSamples(20, 0, 1, 21)[i]!));
    const [j] = judgeCells([input(base, up)]);
    expect(j!.low).toBeGreaterThan(-0.05);
    expect(j!.high).toBeGreaterThan(0.05);
    expect(j!.low).toBeLessThan(0.05);
    expect(j!.verdict).toBe('not slower');
    // For latency the good way is down.
    const down = base.map((x, i) => x * 0.95 * (1 + 0.03 * normalSamples(20, 0, 1, 21)[i]!));
    expect(judgeCells([input(base, down, { higherIsBetter: false })])[0]!.verdict).toBe('not slower');
    expect(gateOutcome([row(j!)], [])).toBe('no change');
    const same = judgeCells([input(base, jitter(1, 12))])[0]!;
    const gate: GateResult = {
      mode: 'ab', metric: 'ops', threshold: 0.05, noiseFloor: null, correction: 'holm', gatedCells: 2,
      base: { label: 'base', commit: null, dirty: null }, head: { label: 'head', commit: null, dirty: null },
      rows: [row(j!), row(same)], failures: [], notes: [], outcome: 'no change',
    };
    expect(outcomeLine(gate)).toBe("No regression: no cell's 95% interval reaches a slowdown of 5% (1 within ±5%, 0 faster, 1 not slower)");
  });

  it('too few samples decide nothing', () => {
    const [j] = judgeCells([input([1000, 1010, 990], [500, 505, 495])]);
    expect(j!.verdict).toBe('inconclusive');
    expect(j!.reason).toMatch(/too few samples/);
  });
});
