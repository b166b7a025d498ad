/**
 * The browser's screen as lines, a pure function of the model, the key state and the terminal's size.
 * Every line is one row (the view cuts, never wraps, at the terminal's width), so fitting is counting:
 * a header, a title or column head, the scrolling part, and a footer with the keys. Like the monitor's
 * dashboard, the output stays one row shorter than the terminal, or Ink would clear the whole screen on
 * every frame.
 */
import { clampTop, selectedIndex, windowTop, type BrowserState } from './browser-keys.js';
import { cellWidth, type BrowserModel, type ScreenLine } from './browser-model.js';

export interface TerminalSize {
  readonly columns: number;
  /** Infinity when unknown (not a terminal): then nothing scrolls. */
  readonly rows: number;
}

/** Header, title (or the list's column head) and footer. */
const FIXED_LINES = 3;

/** Rows left for the scrolling part, never fewer than one. */
export function pageRows(size: TerminalSize): number {
  return Math.max(1, size.rows - 1 - FIXED_LINES);
}


export function browserScreen(model: BrowserModel, state: BrowserState, size: TerminalSize): ScreenLine[] {
  const page = pageRows(size);
  const warnings = model.warningCount > 0 ? ` · ${model.warningCount} warning${model.warningCount === 1 ? '' : 's'} (w)` : '';
  const header: ScreenLine = { text: `oxen inspect · ${model.summary}${warnings}`, style: 'title' };
  let parts: { title: ScreenLine; body: ScreenLine[]; footer: ScreenLine };
  switch (state.screen) {
    case 'list':
      parts = listParts(model, state, page, size);
      break;
    case 'detail':
      parts = detailParts(model, state, page, size);
      break;
    case 'warnings':
      parts = scrolledParts({ text: model.warningTitle, style: 'heading' }, model.warningBody(size.columns), state.warningsTop, page, 'Esc back');
      break;
    case 'help':
      parts = { title: { text: 'Keys', style: 'heading' }, body: HELP.slice(0, page).map((text) => ({ text })), footer: { text: 'Esc back · q quit', style: 'dim' } };
      break;
  }
  return fit(header, parts.title, parts.body, parts.footer, size.rows - 1);
}

function listParts(model: BrowserModel, state: BrowserState, page: number, size: TerminalSize) {
  const filter = state.draft ?? state.filter;
  const items = model.itemsFor(filter);
  const at = selectedIndex(items.map((i) => i.key), state.selected);
  const top = windowTop(state.listTop, at, page, items.length);
  const grid = model.listGrid(cellWidth(size.columns));
  const body: ScreenLine[] = items
    .slice(top, top + page)
    .map((item, i) => {
      const text = grid.rows.get(item.key) ?? item.name;
      return top + i === at ? { text: `› ${text}`, style: 'selected' as const } : { text: `  ${text}` };
    });
  if (items.length === 0) {
    body.push({ text: model.items.length === 0 ? '  no tables, views or enum types in this schema' : `  nothing matches "${filter}"`, style: 'dim' });
  }
  const shown = items.length === 0 ? '0 of 0' : `${top + 1}–${Math.min(items.length, top + page)} of ${items.length}`;
  const matching = filter !== '' ? ` matching "${filter}"` : '';
  const footer: ScreenLine =
    state.draft !== null
      ? { text: `/${state.draft}▏  ↑↓ move · Enter keep filter · Esc clear`, style: 'prompt' }
      : { text: `${shown}${matching} · ↑↓ move · Enter open · / filter · w warnings · ? keys · q quit`, style: 'dim' };
  return { title: { text: `  ${grid.head}`, style: 'head' as const }, body, footer };
}

function detailParts(model: BrowserModel, state: BrowserState, page: number, size: TerminalSize) {
  const opened = model.opened(state.selected ?? '', size.columns);
  return scrolledParts({ text: opened.title, style: 'heading' }, opened.body, state.detailTop, page, 'Esc back · w warnings');
}

function scrolledParts(title: ScreenLine, lines: readonly ScreenLine[], topWanted: number, page: number, keys: string) {
  const top = clampTop(topWanted, lines.length, page);
  const body = lines.slice(top, top + page);
  const position = lines.length > page ? `lines ${top + 1}–${top + body.length} of ${lines.length} · ↑↓ scroll · ` : '';
  return { title, body: [...body], footer: { text: `${position}${keys} · q quit`, style: 'dim' as const } };
}

/**
 * All four parts when there is room; on a terminal too short for them the footer goes first, then the
 * title, then the header: the scrolling part (the selected row) is what a person came for.
 */
function fit(header: ScreenLine, title: ScreenLine, body: ScreenLine[], footer: ScreenLine, budget: number): ScreenLine[] {
  if (!Number.isFinite(budget) || budget >= body.length + FIXED_LINES) return [header, title, ...body, footer];
  return [...[header, title].slice(0, Math.max(0, budget - body.length)), ...body];
}

const HELP = [
  '↑ ↓  j k        move through the list, or scroll an opened table',
  'PgUp PgDn space  a page up or down;  g G  Home End: first or last',
  'Enter → l       open the selected table, view or enum type',
  'Esc ← h ⌫       back to the list',
  '/               filter the list by name (Enter keeps it, Esc clears it)',
  'w               all warnings: what the schema state does not hold',
  '?               these keys',
  'q  Ctrl-C       quit',
];
