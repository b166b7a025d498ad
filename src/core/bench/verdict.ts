/**
 * The gate's decision for one metric, from the per-round samples of two runs. A change is called
 * only when it is both larger than the threshold and statistically significant (Welch's 95%
 * interval excludes zero). A change past the threshold that the samples cannot confirm, or too few
 * samples to test at all, is "inconclusive"; anything within the threshold is "no change". So noise
 * can make a verdict inconclusive, but never a failure.
 */
import { summarise, welchInterval } from './statistics.js';
import { MIN_ROUNDS } from './variant-result.js';

export type Verdict = 'faster' | 'slower' | 'no change' | 'inconclusive';

export interface Decision {
  readonly verdict: Verdict;
  /** Relative change of the mean, head against base (0.1 = 10% higher). */
  readonly change: number;
  /** 95% interval of the relative change (NaN when it cannot be computed). */
  readonly low: number;
  readonly high: number;
  /** Why the verdict is inconclusive. */
  readonly reason?: string;
}

export function decide(base: readonly number[], head: readonly number[], higherIsBetter: boolean, threshold: number): Decision {
  const a = summarise(base);
  const b = summarise(head);
  const change = a.mean !== 0 ? b.mean / a.mean - 1 : NaN;
  if (a.n < MIN_ROUNDS || b.n < MIN_ROUNDS || !Number.isFinite(change)) {
    return { verdict: 'inconclusive', change, low: NaN, high: NaN, reason: `too few samples (${a.n} and ${b.n} rounds; need ${MIN_ROUNDS})` };
  }
  const w = welchInterval(a, b);
  const low = w.low / a.mean;
  const high = w.high / a.mean;
  if (Math.abs(change) <= threshold) return { verdict: 'no change', change, low, high };
  if (!w.significant) {
    return { verdict: 'inconclusive', change, low, high, reason: `too noisy: ${pct(change)} is past the threshold, but the 95% interval (${pct(low)} to ${pct(high)}) includes no change` };
  }
  const better = higherIsBetter ? change > 0 : change < 0;
  return { verdict: better ? 'faster' : 'slower', change, low, high };
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
