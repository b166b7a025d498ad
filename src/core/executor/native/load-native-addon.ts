/**
 * Loads the Rust addon once. Where it was not built (no cargo at install) or cannot load, Oxen runs on
 * the `js` executor; `nativeInfo()` says which and why, for `oxen doctor` and `--version --verbose`.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OxenError } from '../../ground/errors.js';
import type { NativeAddon } from './native-addon.js';

/** The same relative path from src/ (tests) and dist/ (the installed CLI) to the crate's folder. */
const LOADER = fileURLToPath(new URL('../../../../native/index.js', import.meta.url));

export interface NativeInfo {
  readonly available: boolean;
  readonly version?: string;
  /** 'release' or 'debug': a debug build is slow and worth a warning. */
  readonly profile?: string;
  readonly sqliteVersion?: string;
  /** Why the addon is unavailable, in one line. */
  readonly reason?: string;
  readonly loader: string;
}

let state: { addon?: NativeAddon; reason?: string } | undefined;

function load(): { addon?: NativeAddon; reason?: string } {
  if (state) return state;
  if (process.env.OXEN_NATIVE === '0') return (state = { reason: 'disabled by OXEN_NATIVE=0' });
  try {
    const addon = createRequire(import.meta.url)(LOADER) as NativeAddon;
    if (typeof addon.nativeBuildInfo !== 'function') return (state = { reason: `${LOADER} is not the Oxen addon` });
    state = { addon };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = message.split('\n')[0]?.trim() || 'unknown error';
    state = { reason: `the native addon could not be loaded (${line}); build it with \`npm run build:native\` (needs cargo)` };
  }
  return state;
}

export function isNativeAvailable(): boolean {
  return load().addon !== undefined;
}

/** Why the addon cannot be used, or undefined when it can. */
export function nativeUnavailableReason(): string | undefined {
  return load().reason;
}

export function nativeInfo(): NativeInfo {
  const { addon, reason } = load();
  if (!addon) return { available: false, reason, loader: LOADER };
  return { available: true, ...addon.nativeBuildInfo(), loader: LOADER };
}

/** The addon, or NATIVE_UNAVAILABLE with the reason and the way out. */
export function loadNativeAddon(): NativeAddon {
  const { addon, reason } = load();
  if (addon) return addon;
  throw new OxenError('NATIVE_UNAVAILABLE', `the native executor is unavailable: ${reason}; use --executor js`);
}
