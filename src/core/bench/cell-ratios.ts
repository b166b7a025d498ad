/**
 * Each variant's throughput as a share of the baseline's (raw), with a 95% interval from the rounds
 * paired in time: a variant's round ran right beside the baseline's, so drift in the machine's state
 * cancels out of their ratio.
 */
import type { VariantResult } from './report.js';
import { confidenceInterval95 } from './statistics.js';

export function cellRatios(variants: readonly VariantResult[], baseline: string): {
  ratios: Record<string, number>;
  ratioCi95: Record<string, readonly [number, number]>;
} {
  const ratios: Record<string, number> = {};
  const ratioCi95: Record<string, readonly [number, number]> = {};
  const base = variants.find((v) => v.variant === baseline);
  if (!base || base.opsPerSec <= 0) return { ratios, ratioCi95 };
  for (const v of variants) {
    if (v === base || v.ops === 0) continue;
    ratios[v.variant] = v.opsPerSec / base.opsPerSec;
    const paired = pairedRatios(v.opsPerSecRounds?.samples, base.opsPerSecRounds?.samples);
    if (paired) ratioCi95[v.variant] = paired;
  }
  return { ratios, ratioCi95 };
}

/** The 95% interval of a/b over rounds paired in time, or undefined without enough paired rounds. */
export function pairedRatios(a: readonly number[] | undefined, b: readonly number[] | undefined): [number, number] | undefined {
  if (!a || !b || a.length !== b.length || a.length < 2 || b.some((x) => x <= 0)) return undefined;
  const ci = confidenceInterval95(a.map((x, i) => x / b[i]!));
  return [ci.low, ci.high];
}
