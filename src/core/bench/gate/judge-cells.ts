/**
 * The gate's verdict rules, shared by `ab` and `compare` (DESIGN.md §4):
 *   - "no change" only when the whole 95% interval of the change lies inside ±threshold;
 *   - "regression" only when the change is past the threshold with Holm's step-down correction
 *     for the number of gated cells (family-wise error 2.5% one-sided, which for a single cell is
 *     exactly "the whole 95% interval lies past the threshold");
 *   - "faster" when the whole interval lies past +threshold the good way;
 *   - "not slower" when the interval rules a regression out but reaches past +threshold the good
 *     way (+3% to +9%, say): a gate for regressions has nothing to rerun there;
 *   - otherwise "inconclusive" (the interval reaches past the threshold the bad way), with the reason.
 * Holm rather than Benjamini–Hochberg because one false "regression" fails a whole CI run: the
 * error to bound is the chance of any false alarm, not their share among the alarms.
 */
import { tCdf } from './student-t.js';
import { interval95, type ChangeEstimate } from './change-estimate.js';

export type CellVerdict = 'no change' | 'faster' | 'not slower' | 'regression' | 'inconclusive';

export interface JudgeInput {
  readonly estimate: ChangeEstimate | null;
  /** Throughput: higher is better; latency: lower is better. */
  readonly higherIsBetter: boolean;
  /** Cells that do not gate (raw) are judged alone, outside the correction. */
  readonly gated: boolean;
  /** The threshold of this cell (compare uses a wider noise floor for absolute changes). */
  readonly threshold: number;
  /** Below this many samples nothing is decided. */
  readonly minSamples: number;
}

export interface Judgement {
  readonly verdict: CellVerdict;
  /** head / base − 1, and its 95% interval; NaN when it could not be estimated. */
  readonly change: number;
  readonly low: number;
  readonly high: number;
  /** One-sided p-value of "no regression past the threshold"; NaN without an estimate. */
  readonly pRegression: number;
  readonly reason?: string;
}

/** One-sided family-wise error for regressions: the 95% two-sided interval's tail. */
export const FAMILY_ALPHA = 0.025;

export function judgeCells(inputs: readonly JudgeInput[]): Judgement[] {
  const first = inputs.map(judgeAlone);
  const gated = inputs.flatMap((input, i) => (input.gated && Number.isFinite(first[i]!.pRegression) ? [i] : []));
  gated.sort((a, b) => first[a]!.pRegression - first[b]!.pRegression);
  const m = gated.length;
  const rejected = new Set<number>();
  for (let k = 0; k < m; k++) {
    const i = gated[k]!;
    if (first[i]!.pRegression > FAMILY_ALPHA / (m - k)) break;
    rejected.add(i);
  }
  return first.map((j, i) => {
    if (rejected.has(i)) return { ...j, verdict: 'regression' as const, reason: undefined };
    if (j.verdict !== 'regression') return j;
    const why = inputs[i]!.gated
      ? `the 95% interval is past the threshold, but not after Holm's correction for ${m} gated cells`
      : 'past the threshold (not gated)';
    return { ...j, verdict: inputs[i]!.gated ? ('inconclusive' as const) : ('regression' as const), reason: why };
  });
}

/** A cell's verdict before the correction; 'regression' here means the whole 95% interval is past. */
function judgeAlone(input: JudgeInput): Judgement {
  const e = input.estimate;
  if (e === null || !Number.isFinite(e.logChange)) {
    return { verdict: 'inconclusive', change: NaN, low: NaN, high: NaN, pRegression: NaN, reason: 'no usable samples on one side' };
  }
  const ci = interval95(e);
  const change = ci.ratio - 1;
  const low = ci.low - 1;
  const high = ci.high - 1;
  const t = input.threshold;
  // Regression boundary on the log scale: a fall of `t` in throughput, or a rise of `t` in latency.
  const bound = input.higherIsBetter ? Math.log(1 - Math.min(t, 0.999)) : Math.log(1 + t);
  const pRegression = regressionPValue(e, bound, input.higherIsBetter);
  if (e.n < input.minSamples) {
    return { verdict: 'inconclusive', change, low, high, pRegression: NaN, reason: `too few samples (${e.n}; need ${input.minSamples})` };
  }
  if (low >= -t && high <= t) return { verdict: 'no change', change, low, high, pRegression };
  const worse = input.higherIsBetter ? high < -t : low > t;
  const better = input.higherIsBetter ? low > t : high < -t;
  if (worse) return { verdict: 'regression', change, low, high, pRegression };
  if (better) return { verdict: 'faster', change, low, high, pRegression };
  const notWorse = input.higherIsBetter ? low >= -t : high <= t;
  if (notWorse) return { verdict: 'not slower', change, low, high, pRegression };
  return { verdict: 'inconclusive', change, low, high, pRegression, reason: `the 95% interval (${pct(low)} to ${pct(high)}) crosses ±${pct(t, false)}` };
}

/** P-value of H0 "the change is not past `bound`" against the one-sided alternative that it is. */
function regressionPValue(e: ChangeEstimate, bound: number, higherIsBetter: boolean): number {
  if (e.se === 0) return (higherIsBetter ? e.logChange < bound : e.logChange > bound) ? 0 : 1;
  const t = (e.logChange - bound) / e.se;
  return higherIsBetter ? tCdf(t, e.df) : 1 - tCdf(t, e.df);
}

function pct(x: number, signed = true): string {
  return `${signed && x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
