/**
 * The gate's decision for one metric, from the per-round samples of two runs. A change is called
 * only when it is both statistically significant (Welch's 95% interval excludes zero) and larger
 * than the threshold; "no change" needs the interval to rule out any change past the threshold;
 * everything in between is "inconclusive", so noise never fails a build.
 */
import { summarise, welchInterval } from './statistics.js';
import { MIN_ROUNDS } from './variant-result.js';

export type Verdict = 'faster' | 'slower' | 'no change' | 'inconclusive';

export interface Decision {
  readonly verdict: Verdict;
  /** Relative change of the mean, head against base (0.1 = 10% higher). */
  readonly change: number;
  /** 95% interval of the relative change. */
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
  if (w.significant && Math.abs(change) > threshold) {
    const better = higherIsBetter ? change > 0 : change < 0;
    return { verdict: better ? 'faster' : 'slower', change, low, high };
  }
  if (low >= -threshold && high <= threshold) return { verdict: 'no change', change, low, high };
  return {
    verdict: 'inconclusive',
    change,
    low,
    high,
    reason: `too noisy: the change lies between ${pct(low)} and ${pct(high)}, so a change past ±${(threshold * 100).toFixed(0)}% is neither shown nor ruled out`,
  };
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
