/**
 * Fits the dashboard's sections into the terminal's rows. Every line is one row (lines truncate,
 * never wrap), so fitting is counting: the least important sections give up their optional lines
 * first, then go altogether, until the rest fits. Ink redraws by erasing the lines it wrote; once
 * the output is as tall as the terminal it has to clear the whole screen each frame instead, which
 * flickers, so the budget is one row less than the terminal has.
 */

export interface Section<Line> {
  readonly name: string;
  /** Higher is kept longer; Infinity is never dropped (header, disconnected banners). */
  readonly priority: number;
  readonly lines: readonly Line[];
  /** Lines that may not be cut without dropping the section (a table's title and head, say). */
  readonly minLines?: number;
}

export function fitSections<Line>(sections: readonly Section<Line>[], rows: number): Line[][] {
  const kept = sections.map((s) => ({ section: s, take: s.lines.length }));
  let over = kept.reduce((n, k) => n + k.take, 0) - rows;
  const byImportance = [...kept].sort((a, b) => a.section.priority - b.section.priority);
  for (const entry of byImportance) {
    if (over <= 0) break;
    const min = Math.min(entry.section.minLines ?? entry.take, entry.take);
    const cut = Math.min(over, entry.take - min);
    entry.take -= cut;
    over -= cut;
    if (over > 0 && entry.section.priority !== Infinity) {
      over -= entry.take;
      entry.take = 0;
    }
  }
  const fitted = kept.map((k) => k.section.lines.slice(0, k.take));
  if (over > 0) return cutFromEnd(fitted, over);
  return fitted;
}

/** Only the never-dropped sections are left and they still do not fit: a tiny terminal. */
function cutFromEnd<Line>(sections: Line[][], over: number): Line[][] {
  let left = over;
  return sections
    .slice()
    .reverse()
    .map((lines) => {
      const cut = Math.min(left, lines.length);
      left -= cut;
      return lines.slice(0, lines.length - cut);
    })
    .reverse();
}
