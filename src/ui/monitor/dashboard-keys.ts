/**
 * What each key does to the dashboard, as a pure function of the key state and the key: the view
 * applies the returned state and carries out the effect (quitting and the interval belong to the
 * command; freezing the samples belongs to the view). Kept apart from Ink so every key is testable
 * without a terminal.
 */
import { nextSort, type StatementSort } from './statement-table.js';
import type { KeyFlags } from '../shared/key-flags.js';

export interface KeyState {
  readonly paused: boolean;
  readonly sort: StatementSort;
  /** The filter in force (empty: none). */
  readonly filter: string;
  /** The filter being typed after `/`; null when not typing. */
  readonly draft: string | null;
  readonly help: boolean;
}

export const INITIAL_KEY_STATE: KeyState = { paused: false, sort: 'total', filter: '', draft: null, help: false };

export type { KeyFlags };

export type KeyEffect = 'quit' | 'pause' | 'resume' | 'interval-up' | 'interval-down';

export interface KeyOutcome {
  readonly state: KeyState;
  readonly effect: KeyEffect | null;
}

/** Control characters as Ink names them when they arrive alone. */
const CONTROL_CHARS: Readonly<Record<string, KeyFlags>> = { '\r': { return: true }, '\n': { return: true }, '\u007f': { backspace: true }, '\b': { backspace: true } };

/**
 * Keys that arrive together (typed faster than the terminal is read, or pasted) come as one input:
 * each character still counts as its own key, so `p?` pauses and opens the help.
 */
export function reduceInput(state: KeyState, input: string, key: KeyFlags): { readonly state: KeyState; readonly effects: readonly KeyEffect[] } {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta) {
    const one = reduceKey(state, input, key);
    return { state: one.state, effects: one.effect ? [one.effect] : [] };
  }
  const effects: KeyEffect[] = [];
  let next = state;
  for (const ch of chars) {
    const one = reduceKey(next, ch, CONTROL_CHARS[ch] ?? {});
    next = one.state;
    if (one.effect) effects.push(one.effect);
  }
  return { state: next, effects };
}

export function reduceKey(state: KeyState, input: string, key: KeyFlags): KeyOutcome {
  // Ink leaves Ctrl-C to the app (exitOnCtrlC is off so the command can stop its loop first).
  if (key.ctrl && input === 'c') return { state, effect: 'quit' };
  if (state.draft !== null) return { state: typing(state, state.draft, input, key), effect: null };
  if (state.help) {
    if (input === 'q') return { state, effect: 'quit' };
    if (key.escape || input === '?') return { state: { ...state, help: false }, effect: null };
    return { state, effect: null };
  }
  if (key.escape) return { state: { ...state, filter: '' }, effect: null };
  if (key.ctrl || key.meta) return { state, effect: null };
  switch (input) {
    case 'q':
      return { state, effect: 'quit' };
    case 'p':
      return { state: { ...state, paused: !state.paused }, effect: state.paused ? 'resume' : 'pause' };
    case 's':
      return { state: { ...state, sort: nextSort(state.sort) }, effect: null };
    // `=` and `_` share the keys of `+` and `-`, so the interval changes with or without Shift.
    case '+':
    case '=':
      return { state, effect: 'interval-up' };
    case '-':
    case '_':
      return { state, effect: 'interval-down' };
    case '/':
      return { state: { ...state, draft: state.filter }, effect: null };
    case '?':
      return { state: { ...state, help: true }, effect: null };
    default:
      return { state, effect: null };
  }
}

function typing(state: KeyState, draft: string, input: string, key: KeyFlags): KeyState {
  if (key.escape) return { ...state, draft: null, filter: '' };
  if (key.return) return { ...state, draft: null, filter: draft.trim() };
  if (key.backspace || key.delete) return { ...state, draft: draft.slice(0, -1) };
  if (key.ctrl || key.meta || input === '') return state;
  // A tab would push the rest of the header line out of place.
  return { ...state, draft: draft + input.replace(/\t/g, ' ') };
}
