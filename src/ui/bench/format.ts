/** Number formats shared by every benchmark renderer, so the plain, Ink and Markdown tables agree. */

export function formatOps(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}

/** Milliseconds with three significant digits (0.0412, 1.23, 187). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 100) return Math.round(ms).toLocaleString('en-US');
  return ms.toPrecision(3);
}

export function formatUs(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return '–';
  return us >= 100 ? Math.round(us).toLocaleString('en-US') : us.toPrecision(3);
}

export function formatPercent(ratio: number | null | undefined, signed = false): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  const p = ratio * 100;
  const text = `${Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
  return signed && p >= 0 ? `+${text}` : text;
}

/** Half-width of a 95% interval relative to its mean: "±3.1%". */
export function formatSpread(ci: readonly [number, number] | undefined, mean: number | undefined): string {
  if (!ci || mean === undefined || !(mean > 0)) return '–';
  return `±${formatPercent((ci[1] - mean) / mean)}`;
}

export function formatBytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** A share of raw with its paired 95% interval as ± percentage points: "68% ±4". */
export function formatRatio(ratio: number | undefined, ci: readonly [number, number] | undefined): string {
  if (ratio === undefined) return '';
  if (!ci) return formatPercent(ratio);
  return `${formatPercent(ratio)} ±${Math.round(((ci[1] - ci[0]) / 2) * 100)}`;
}

/** A ratio as `1.42×`, with its 95% interval as `[1.30–1.55]` when there is one. */
export function formatTimes(ratio: number, ci: readonly [number, number] | undefined): string {
  const x = (r: number) => `${r.toFixed(2)}`;
  // A ratio is never below 0, though the interval of a few noisy rounds can reach past it.
  return `${x(ratio)}×${ci ? ` [${x(Math.max(0, ci[0]))}–${x(ci[1])}]` : ''}`;
}
