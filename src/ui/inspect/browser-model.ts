/**
 * What the browser derives once per inspection: the items, and for each opened item its body lines
 * (sections laid out as aligned text), built when first opened and kept.
 */
import type { Inspection } from '../../core/dialect/introspector.js';
import { oneLine, plural } from './inspect-cells.js';
import { ITEM_HEAD, filterItems, inspectItems, inspectionSummary, itemRow, warnedObjects, type InspectItem } from './inspect-items.js';
import { alignOf, itemDetail, type DetailSection } from './inspect-sections.js';

export type LineStyle = 'title' | 'heading' | 'head' | 'selected' | 'dim' | 'warning' | 'prompt';

export interface ScreenLine {
  readonly text: string;
  readonly style?: LineStyle;
}

export interface OpenedItem {
  /** The title and the item's facts, on one line. */
  readonly title: string;
  readonly body: readonly ScreenLine[];
}

export interface BrowserModel {
  readonly inspection: Inspection;
  readonly items: readonly InspectItem[];
  /** `sqlite · schema main · 3 tables · 1 view`. */
  readonly summary: string;
  readonly warningCount: number;
  readonly warningTitle: string;
  /** Every warning, wrapped to the terminal's width (they are sentences: cut, they would lose their point). */
  warningBody(columns: number): readonly ScreenLine[];
  itemsFor(filter: string): readonly InspectItem[];
  keysFor(filter: string): readonly string[];
  item(key: string | null): InspectItem | undefined;
  opened(key: string, columns: number): OpenedItem;
  /** The list as aligned text over all items (columns keep their place while a filter is typed): the head, and each item's row. */
  listGrid(cellWidth: number): ListGrid;
}

export interface ListGrid {
  readonly head: string;
  readonly rows: ReadonlyMap<string, string>;
}

export function browserModel(inspection: Inspection): BrowserModel {
  const items = inspectItems(inspection);
  const byKey = new Map(items.map((i) => [i.key, i]));
  const filtered = new Map<string, readonly InspectItem[]>();
  const openedCache = new Map<string, OpenedItem>();
  const grids = new Map<number, ListGrid>();
  const warningBodies = new Map<number, readonly ScreenLine[]>();
  const itemsFor = (filter: string): readonly InspectItem[] => {
    let found = filtered.get(filter);
    if (!found) filtered.set(filter, (found = filterItems(items, filter)));
    return found;
  };
  const { warnings } = inspection;
  return {
    inspection,
    items,
    summary: inspectionSummary(inspection),
    warningCount: warnings.length,
    warningTitle:
      warnings.length === 0
        ? 'No warnings: every object read is represented in the schema state'
        : `Warnings: ${plural(warnings.length, 'warning')}, ${plural(warnedObjects(warnings), 'object')} not fully represented`,
    warningBody: (columns) => {
      let found = warningBodies.get(columns);
      if (!found) {
        found = warnings.flatMap((w) => wrapLine(`${w.object}: ${oneLine(w.message)}`, columns, '  ').map((text) => ({ text, style: 'warning' as const })));
        warningBodies.set(columns, found);
      }
      return found;
    },
    itemsFor,
    keysFor: (filter) => itemsFor(filter).map((i) => i.key),
    item: (key) => (key === null ? undefined : byKey.get(key)),
    listGrid: (cellWidth) => {
      let found = grids.get(cellWidth);
      if (!found) {
        const [head, ...rows] = gridText(ITEM_HEAD, items.map(itemRow), cellWidth);
        grids.set(cellWidth, (found = { head: head!, rows: new Map(items.map((item, i) => [item.key, rows[i]!])) }));
      }
      return found;
    },
    opened: (key, columns) => {
      const cacheKey = `${columns}:${key}`;
      let found = openedCache.get(cacheKey);
      const item = byKey.get(key);
      if (!found && item) openedCache.set(cacheKey, (found = openItem(item, inspection, columns)));
      return found ?? { title: '', body: [] };
    },
  };
}

/** Cells other than a row's last are cut to this, so a row's later columns stay on screen. */
export function cellWidth(columns: number): number {
  return Math.max(16, Math.floor(columns * 0.4));
}

function openItem(item: InspectItem, inspection: Inspection, columns: number): OpenedItem {
  const detail = itemDetail(item, inspection);
  const body: ScreenLine[] = [];
  for (const section of detail.sections) {
    if (body.length > 0) body.push({ text: '' });
    body.push(...sectionLines(section, columns));
  }
  return { title: [detail.title, ...detail.facts].join(' · '), body };
}

function sectionLines(section: DetailSection, columns: number): ScreenLine[] {
  if (section.kind === 'text') {
    return [{ text: section.title, style: 'heading' }, ...section.lines.flatMap((l) => wrapLine(`  ${l}`, columns, '    ')).map((text) => ({ text }))];
  }
  if (section.rows.length === 0) return [{ text: `${section.title}: none`, style: 'dim' }];
  const [head, ...rows] = gridText(section.head, section.rows, cellWidth(columns));
  return [{ text: `${section.title} (${section.rows.length})`, style: 'heading' }, { text: `  ${head}`, style: 'head' }, ...rows.map((r) => ({ text: `  ${r}` }))];
}

/**
 * Rows as columns of aligned text, the head first. Every cell but the last is cut at `cellWidth` with
 * `…`, so one long default or predicate cannot push the rest of the row off the screen.
 */
export function gridText(head: readonly string[], rows: readonly (readonly string[])[], cellWidth: number): string[] {
  const last = head.length - 1;
  const cut = (text: string, i: number): string => (i < last && text.length > cellWidth ? `${text.slice(0, Math.max(1, cellWidth - 1))}…` : text);
  const cells = [head, ...rows].map((r) => r.map(cut));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) =>
    r
      .map((cell, i) => {
        if (i === last) return alignOf(head[i]!) === 'right' ? cell.padStart(widths[i]!) : cell;
        return alignOf(head[i]!) === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .replace(/\s+$/, ''),
  );
}

/**
 * A line cut into rows of at most `width` characters, at spaces where it can be, the rows after the
 * first indented by `indent`. Rows are counted by the layout, so nothing is left for the terminal to wrap.
 */
export function wrapLine(text: string, width: number, indent: string): string[] {
  if (!Number.isFinite(width) || width <= indent.length + 8 || text.length <= width) return [text];
  const rows: string[] = [];
  let rest = text;
  let prefix = '';
  while (prefix.length + rest.length > width) {
    const room = width - prefix.length;
    const space = rest.lastIndexOf(' ', room);
    const cut = space > room / 2 ? space : room;
    rows.push(prefix + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    prefix = indent;
  }
  if (rest !== '') rows.push(prefix + rest);
  return rows;
}
