/**
 * How many cells of a bar each part of a whole gets (sessions by state, a pool's connections in use
 * and idle). A part that is there at all keeps at least one cell, so one waiting session among a
 * hundred still shows.
 */
export function gaugeCells(counts: readonly number[], capacity: number, width: number): number[] {
  const total = counts.reduce((n, c) => n + Math.max(0, c), 0);
  const whole = Math.max(capacity, total);
  if (width <= 0 || whole <= 0) return counts.map(() => 0);
  let running = 0;
  let previous = 0;
  const cells = counts.map((c) => {
    running += Math.max(0, c);
    const edge = Math.round((running / whole) * width);
    const n = edge - previous;
    previous = edge;
    return n;
  });
  for (let i = 0; i < cells.length; i++) {
    if (counts[i]! <= 0 || cells[i]! > 0) continue;
    const used = cells.reduce((n, c) => n + c, 0);
    if (used < width) {
      cells[i] = 1;
      continue;
    }
    const donor = cells.indexOf(Math.max(...cells));
    if (cells[donor]! > 1) {
      cells[donor]!--;
      cells[i] = 1;
    }
  }
  return cells;
}
