/**
 * What each key does in the inspect browser, as a pure function of the browser's state, the key and
 * what is on screen (which items a filter keeps, how many rows a page has). Kept apart from Ink so every
 * key is testable without a terminal.
 *
 * The selection is held by item key, not by position, so it stays on the same table while a filter
 * is typed and the list around it changes.
 */
import type { KeyFlags } from '../shared/key-flags.js';

export type Screen = 'list' | 'detail' | 'warnings' | 'help';

export interface BrowserState {
  readonly screen: Screen;
  /** Where Esc goes back to from the warnings or the help. */
  readonly returnTo: 'list' | 'detail';
  /** The filter in force (empty: none). */
  readonly filter: string;
  /** The filter being typed after `/`; null when not typing. The list follows it as it is typed. */
  readonly draft: string | null;
  /** The selected (and, on the detail screen, opened) item's key; null: the first one shown. */
  readonly selected: string | null;
  /** First list row, opened item's body line and warning line on screen. */
  readonly listTop: number;
  readonly detailTop: number;
  readonly warningsTop: number;
}

export const INITIAL_BROWSER_STATE: BrowserState = {
  screen: 'list', returnTo: 'list', filter: '', draft: null, selected: null, listTop: 0, detailTop: 0, warningsTop: 0,
};

export interface BrowserContext {
  /** The keys of the items a filter keeps, in list order. */
  keysFor(filter: string): readonly string[];
  /** Rows a screen's scrolling part has (Infinity when the terminal's height is unknown). */
  readonly page: number;
  /** Body lines of an opened item. */
  detailLength(key: string): number;
  readonly warningsLength: number;
}

export interface KeyOutcome {
  readonly state: BrowserState;
  readonly quit: boolean;
}

/** Control characters as Ink names them when they arrive alone. */
const CONTROL_CHARS: Readonly<Record<string, KeyFlags>> = {
  '\r': { return: true }, '\n': { return: true }, '\u007f': { delete: true }, '\b': { backspace: true }, '\u001B': { escape: true },
};

/** Keys typed faster than the terminal is read (or pasted) arrive as one input: each character still counts. */
export function reduceInput(state: BrowserState, input: string, key: KeyFlags, ctx: BrowserContext): KeyOutcome {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta) return reduceKey(state, input, key, ctx);
  let next = state;
  for (const ch of chars) {
    const one = reduceKey(next, ch, CONTROL_CHARS[ch] ?? {}, ctx);
    if (one.quit) return one;
    next = one.state;
  }
  return { state: next, quit: false };
}

export function reduceKey(state: BrowserState, input: string, key: KeyFlags, ctx: BrowserContext): KeyOutcome {
  const stay = (next: BrowserState): KeyOutcome => ({ state: next, quit: false });
  // Ink leaves Ctrl-C to the app (exitOnCtrlC is off so the terminal is restored before exiting).
  if (key.ctrl && input === 'c') return { state, quit: true };
  if (state.screen === 'list' && state.draft !== null) return stay(typing(state, state.draft, input, key, ctx));
  if (input === 'q' && !key.ctrl && !key.meta) return { state, quit: true };
  switch (state.screen) {
    case 'list':
      return stay(onList(state, input, key, ctx));
    case 'detail':
      return stay(onDetail(state, input, key, ctx));
    case 'warnings':
    case 'help':
      return stay(onPage(state, input, key, ctx));
  }
}

function onList(state: BrowserState, input: string, key: KeyFlags, ctx: BrowserContext): BrowserState {
  if (key.escape) return { ...state, filter: '' };
  const move = movement(input, key, ctx.page);
  if (move !== null) return moveSelection(state, move, ctx, state.filter);
  if (key.return || key.rightArrow || input === 'l') {
    const keys = ctx.keysFor(state.filter);
    const at = selectedIndex(keys, state.selected);
    if (keys.length === 0) return state;
    return { ...state, screen: 'detail', selected: keys[at]!, detailTop: 0 };
  }
  if (input === '/') return { ...state, draft: state.filter };
  return common(state, input, 'list');
}

function onDetail(state: BrowserState, input: string, key: KeyFlags, ctx: BrowserContext): BrowserState {
  if (key.escape || key.backspace || key.delete || key.leftArrow || input === 'h') return { ...state, screen: 'list' };
  const move = movement(input, key, ctx.page);
  if (move !== null) return { ...state, detailTop: scrolled(state.detailTop, move, ctx.detailLength(state.selected ?? ''), ctx.page) };
  return common(state, input, 'detail');
}

/** The warnings and the help: scroll, or go back where they were opened from. */
function onPage(state: BrowserState, input: string, key: KeyFlags, ctx: BrowserContext): BrowserState {
  const back = key.escape || key.backspace || key.delete || key.leftArrow || input === 'h' || (state.screen === 'warnings' ? input === 'w' : input === '?');
  if (back) return { ...state, screen: state.returnTo };
  const move = movement(input, key, ctx.page);
  if (move !== null && state.screen === 'warnings') return { ...state, warningsTop: scrolled(state.warningsTop, move, ctx.warningsLength, ctx.page) };
  return state;
}

function common(state: BrowserState, input: string, from: 'list' | 'detail'): BrowserState {
  if (input === 'w') return { ...state, screen: 'warnings', returnTo: from, warningsTop: 0 };
  if (input === '?') return { ...state, screen: 'help', returnTo: from };
  return state;
}

function typing(state: BrowserState, draft: string, input: string, key: KeyFlags, ctx: BrowserContext): BrowserState {
  if (key.escape) return { ...state, draft: null, filter: '' };
  if (key.return) return { ...state, draft: null, filter: draft.trim() };
  if (key.backspace || key.delete) return { ...state, draft: draft.slice(0, -1) };
  // Arrows still move through the list being narrowed, so a match can be picked without leaving the filter.
  if (key.upArrow || key.downArrow || key.pageUp || key.pageDown) return moveSelection(state, movement('', key, ctx.page)!, ctx, draft);
  if (key.ctrl || key.meta || key.tab || input === '' || key.leftArrow || key.rightArrow || key.home || key.end) return state;
  return { ...state, draft: draft + input };
}

type Movement = { readonly by: number } | { readonly to: 'start' | 'end' };

function movement(input: string, key: KeyFlags, page: number): Movement | null {
  if (key.upArrow || input === 'k') return { by: -1 };
  if (key.downArrow || input === 'j') return { by: 1 };
  if (key.pageUp || (key.ctrl && input === 'u')) return { by: -Math.max(1, page) };
  if (key.pageDown || input === ' ' || (key.ctrl && input === 'd')) return { by: Math.max(1, page) };
  if (key.home || input === 'g') return { to: 'start' };
  if (key.end || input === 'G') return { to: 'end' };
  return null;
}

function moveSelection(state: BrowserState, move: Movement, ctx: BrowserContext, filter: string): BrowserState {
  const keys = ctx.keysFor(filter);
  if (keys.length === 0) return state;
  const from = selectedIndex(keys, state.selected);
  const to = 'to' in move ? (move.to === 'start' ? 0 : keys.length - 1) : clamp(from + move.by, 0, keys.length - 1);
  return { ...state, selected: keys[to]!, listTop: windowTop(state.listTop, to, ctx.page, keys.length) };
}

function scrolled(top: number, move: Movement, length: number, page: number): number {
  const last = Math.max(0, length - page);
  if ('to' in move) return move.to === 'start' ? 0 : last;
  return clamp(top + move.by, 0, last);
}

/** Where the selection is among the keys shown; the first when it is not among them. */
export function selectedIndex(keys: readonly string[], selected: string | null): number {
  const at = selected === null ? -1 : keys.indexOf(selected);
  return at === -1 ? 0 : at;
}

/** The first row on screen: as before where that still shows the selected row, else just enough to show it. */
export function windowTop(top: number, selected: number, page: number, length: number): number {
  let t = Math.min(top, selected);
  if (selected >= t + page) t = selected - page + 1;
  return clamp(t, 0, Math.max(0, length - page));
}

/** A scroll offset that still fits the lines there are (the terminal may have grown, or a filter shortened the list). */
export function clampTop(top: number, length: number, page: number): number {
  return clamp(top, 0, Math.max(0, length - page));
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}
