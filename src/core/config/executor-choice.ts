/**
 * Which executor a run will use, and why: the one asked for (flag, environment or config file), or
 * `native` where the addon is built, else `js`. The native module is imported lazily so that a
 * machine without the addon (or without its loader) still runs on `js`.
 */
import type { ExecutorKind } from '../executor/executor.js';

export interface ExecutorChoice {
  /** The executor that will run statements; undefined when the one asked for cannot be used. */
  readonly kind: ExecutorKind | undefined;
  readonly requested: ExecutorKind | undefined;
  /** One line: why this executor, e.g. "native addon not built", "asked for by OXEN_EXECUTOR". */
  readonly reason: string;
  readonly native: NativeStatus;
}

export interface NativeStatus {
  readonly available: boolean;
  /** Why not, when not available. */
  readonly reason?: string;
  /** What the addon reports about itself (version, build, drivers), when available. */
  readonly info?: unknown;
}

interface NativeModule {
  isNativeAvailable(): boolean;
  nativeInfo(): unknown;
}

// A variable specifier: the addon's loader is optional at build time as well as at run time.
const NATIVE_MODULE = '../executor/native/index.js';

export async function nativeStatus(): Promise<NativeStatus> {
  let mod: Partial<NativeModule>;
  try {
    mod = (await import(NATIVE_MODULE)) as Partial<NativeModule>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return { available: false, reason: 'native addon not built' };
    return { available: false, reason: `native addon failed to load: ${firstLine(error)}` };
  }
  if (typeof mod.isNativeAvailable !== 'function') return { available: false, reason: 'native addon not built' };
  try {
    if (!mod.isNativeAvailable()) return { available: false, reason: 'native addon not built for this platform' };
    return { available: true, info: typeof mod.nativeInfo === 'function' ? mod.nativeInfo() : undefined };
  } catch (error) {
    return { available: false, reason: `native addon failed to load: ${firstLine(error)}` };
  }
}

/** `source` names where the request came from (`--executor`, `OXEN_EXECUTOR`, a file name). */
export async function chooseExecutor(requested: ExecutorKind | undefined, source: string | undefined): Promise<ExecutorChoice> {
  const native = await nativeStatus();
  if (requested === 'js') return { kind: 'js', requested, reason: `asked for by ${source ?? 'configuration'}`, native };
  if (requested === 'native') {
    if (native.available) return { kind: 'native', requested, reason: `asked for by ${source ?? 'configuration'}`, native };
    return { kind: undefined, requested, reason: `asked for by ${source ?? 'configuration'}, but ${native.reason}`, native };
  }
  if (native.available) return { kind: 'native', requested, reason: 'default where the native addon is built', native };
  return { kind: 'js', requested, reason: native.reason ?? 'native addon not built', native };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
