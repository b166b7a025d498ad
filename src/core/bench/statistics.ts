/**
 * Statistics as pure functions over plain number arrays, so each one can be checked against
 * published reference values (see test/bench/statistics.test.ts).
 */

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Sample standard deviation (n − 1 in the denominator); 0 for fewer than two values. */
export function stddev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/** Percentile by linear interpolation between closest ranks (R type 7, NumPy's default); p in [0, 100]. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

// Two-sided 95% critical values of Student's t (the 0.975 quantile) for 1..30 degrees of freedom.
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];
const Z975 = 1.959964;

/**
 * The 0.975 quantile of Student's t for `df` degrees of freedom (fractional df, as Welch's test
 * produces, interpolate in 1/df). Above 30 df the Cornish–Fisher expansion is accurate to 1e-4.
 */
export function tCritical95(df: number): number {
  if (!(df > 0)) return NaN;
  if (df > 30) {
    const z = Z975;
    const z3 = z ** 3;
    const z5 = z ** 5;
    const z7 = z ** 7;
    return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
  }
  const d = Math.max(1, df);
  const lo = Math.floor(d);
  const hi = Math.ceil(d);
  if (lo === hi) return T975[lo - 1]!;
  const tHi = hi > 30 ? tCritical95(hi) : T975[hi - 1]!;
  const w = (1 / lo - 1 / d) / (1 / lo - 1 / hi);
  return T975[lo - 1]! + (tHi - T975[lo - 1]!) * w;
}

export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** 95% confidence interval of the mean (t distribution); degenerate for fewer than two values. */
export function confidenceInterval95(xs: readonly number[]): Interval {
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, low: m, high: m };
  const half = (tCritical95(xs.length - 1) * stddev(xs)) / Math.sqrt(xs.length);
  return { mean: m, low: m - half, high: m + half };
}

export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly stddev: number;
}

export function summarise(xs: readonly number[]): SampleSummary {
  return { n: xs.length, mean: mean(xs), stddev: stddev(xs) };
}

export interface WelchResult {
  /** b.mean − a.mean */
  readonly difference: number;
  /** 95% confidence interval of the difference. */
  readonly low: number;
  readonly high: number;
  readonly df: number;
  /** The interval excludes zero (two-sided test at the 5% level). */
  readonly significant: boolean;
}

/** Welch's unequal-variance t interval for the difference of two means (b − a). Needs n ≥ 2 on both sides. */
export function welchInterval(a: SampleSummary, b: SampleSummary): WelchResult {
  const va = (a.stddev * a.stddev) / a.n;
  const vb = (b.stddev * b.stddev) / b.n;
  const difference = b.mean - a.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    return { difference, low: difference, high: difference, df: Infinity, significant: difference !== 0 };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = tCritical95(df) * se;
  const low = difference - half;
  const high = difference + half;
  return { difference, low, high, df, significant: low > 0 || high < 0 };
}
