/**
 * A change between base and head estimated on the log scale, where a ratio's interval is
 * symmetric and a 10% slowdown and its undoing weigh the same. Two ways to get one:
 *   - paired: `ab` ran base and head side by side in each round, so the log of each round's
 *     head/base ratio is one sample and the machine's drift cancels inside the pair;
 *   - unpaired: `compare` of two runs has one sample set per run.
 * Both use 20% trimmed means with Winsorized variances (Tukey–McLaughlin for one sample, Yuen for
 * two; Wilcox, "Introduction to Robust Estimation and Hypothesis Testing", ch. 4–5): a round hit by
 * a garbage collection or another process's burst is an outlier the mean would follow and the
 * trimmed mean does not, while with well-behaved rounds the interval is barely wider.
 */
import { mean, stddev, tCritical95 } from '../statistics.js';

/** Share trimmed from each end. */
export const TRIM = 0.2;

interface Trimmed {
  readonly mean: number;
  /** Winsorized variance. */
  readonly winVar: number;
  readonly n: number;
  /** Values left after trimming. */
  readonly h: number;
}

export function trimmed(xs: readonly number[]): Trimmed {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  const g = Math.floor(TRIM * n);
  const kept = sorted.slice(g, n - g);
  const winsorized = sorted.map((x, i) => (i < g ? sorted[g]! : i >= n - g ? sorted[n - g - 1]! : x));
  return { mean: mean(kept), winVar: stddev(winsorized) ** 2, n, h: kept.length };
}

export interface ChangeEstimate {
  /** Mean of log(head / base). */
  readonly logChange: number;
  /** Its standard error. */
  readonly se: number;
  readonly df: number;
  /** Samples behind it (pairs, or the smaller side). */
  readonly n: number;
}

export interface RatioInterval {
  /** Geometric-mean ratio head / base. */
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
}

export function pairedEstimate(base: readonly number[], head: readonly number[]): ChangeEstimate | null {
  const n = Math.min(base.length, head.length);
  const logs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!(base[i]! > 0) || !(head[i]! > 0)) return null;
    logs.push(Math.log(head[i]! / base[i]!));
  }
  if (logs.length < 2) return null;
  const t = trimmed(logs);
  if (t.h < 2) return null;
  return { logChange: t.mean, se: Math.sqrt(t.winVar) / ((1 - 2 * TRIM) * Math.sqrt(t.n)), df: t.h - 1, n: t.n };
}

/**
 * Paired rounds run by several pairs of worker processes (`ab --processes`): each pair's trimmed
 * mean log ratio is one sample, and the interval is the trimmed mean's over the pairs. A process
 * that happens to run fast or slow for its whole life (where its code and heap landed in memory,
 * the server threads behind its connections) then widens the interval instead of passing for a
 * change of the code: in one-pair A/A runs such offsets reached ±3%, and −12% once on MariaDB.
 */
export function groupedEstimate(base: readonly number[], head: readonly number[], groups: readonly number[]): ChangeEstimate | null {
  const byGroup = new Map<number, number[]>();
  const n = Math.min(base.length, head.length, groups.length);
  for (let i = 0; i < n; i++) {
    if (!(base[i]! > 0) || !(head[i]! > 0)) return null;
    const logs = byGroup.get(groups[i]!) ?? [];
    logs.push(Math.log(head[i]! / base[i]!));
    byGroup.set(groups[i]!, logs);
  }
  const means = [...byGroup.values()].map((logs) => trimmed(logs).mean);
  if (means.length < 2) return null;
  const t = trimmed(means);
  if (t.h < 2) return null;
  // Tukey–McLaughlin's standard error written with h (values kept) so that few groups, where
  // nothing is trimmed, get the plain standard error of the mean.
  return { logChange: t.mean, se: (Math.sqrt(t.winVar) * Math.sqrt(t.n)) / t.h, df: t.h - 1, n: t.n };
}

/** Yuen's interval for the difference of the trimmed means of two sets of log values (head − base). */
export function unpairedEstimate(baseLogs: readonly number[], headLogs: readonly number[]): ChangeEstimate | null {
  if ([...baseLogs, ...headLogs].some((x) => !Number.isFinite(x))) return null;
  const a = trimmed(baseLogs);
  const b = trimmed(headLogs);
  if (a.h < 2 || b.h < 2) return null;
  const da = ((a.n - 1) * a.winVar) / (a.h * (a.h - 1));
  const db = ((b.n - 1) * b.winVar) / (b.h * (b.h - 1));
  const se = Math.sqrt(da + db);
  const df = se === 0 ? Infinity : (da + db) ** 2 / (da ** 2 / (a.h - 1) + db ** 2 / (b.h - 1));
  return { logChange: b.mean - a.mean, se, df, n: Math.min(a.n, b.n) };
}

/** Per-round log ratios of a variant against the baseline beside it in the same run. */
export function logRatios(variant: readonly number[], baseline: readonly number[]): number[] | null {
  if (variant.length !== baseline.length || variant.length < 2) return null;
  const out: number[] = [];
  for (let i = 0; i < variant.length; i++) {
    if (!(variant[i]! > 0) || !(baseline[i]! > 0)) return null;
    out.push(Math.log(variant[i]! / baseline[i]!));
  }
  return out;
}

export function interval95(e: ChangeEstimate): RatioInterval {
  const half = e.se === 0 ? 0 : tCritical95(e.df) * e.se;
  return { ratio: Math.exp(e.logChange), low: Math.exp(e.logChange - half), high: Math.exp(e.logChange + half) };
}
