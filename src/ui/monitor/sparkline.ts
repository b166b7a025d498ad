/**
 * A one-line chart of the last samples. Bars scale from zero, not from the window's minimum, so a
 * steady load reads as steady instead of as noise blown up to full height.
 */
const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** The newest `width` values; a sample without the figure (no rates yet, source down) is a gap. */
export function sparkline(values: readonly (number | null)[], width: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const max = Math.max(0, ...shown.map((v) => (v !== null && Number.isFinite(v) ? v : 0)));
  return shown
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (max === 0) return BARS[0];
      return BARS[Math.round((Math.max(0, v) / max) * (BARS.length - 1))];
    })
    .join('');
}
