/**
 * Which executor a run will use, and why, for `oxen doctor` and `oxen --version --verbose`. The
 * decision itself is `resolveExecutorKind` (the one `connect()` makes); this adds where the request
 * came from and what the native addon says about itself, and reports instead of throwing.
 */
import { OxenError } from '../ground/errors.js';
import { loadNative, resolveExecutorKind } from '../executor/create-executor.js';
import type { ExecutorKind } from '../ground/values.js';

export interface ExecutorChoice {
  /** The executor that will run statements; undefined when the one asked for cannot be used. */
  readonly kind: ExecutorKind | undefined;
  readonly requested: ExecutorKind | undefined;
  /** One line: why this executor, e.g. "native addon not built", "asked for by OXEN_EXECUTOR". */
  readonly reason: string;
  readonly nativeAvailable: boolean;
  /** What the addon reports about itself (version, drivers), where it offers `nativeInfo()`. */
  readonly nativeInfo: unknown;
}

/** `source` names where the request came from (`--executor`, `OXEN_EXECUTOR`, a file name). */
export async function chooseExecutor(requested: ExecutorKind | undefined, source: string | undefined): Promise<ExecutorChoice> {
  const native = (await loadNative()) as (Awaited<ReturnType<typeof loadNative>> & { nativeInfo?: () => unknown }) | undefined;
  const nativeAvailable = native?.isNativeAvailable() === true;
  const nativeInfo = nativeAvailable && typeof native?.nativeInfo === 'function' ? native.nativeInfo() : null;
  const base = { requested, nativeAvailable, nativeInfo };
  try {
    const { kind, reason } = await resolveExecutorKind(requested);
    return { ...base, kind, reason: requested === undefined ? reason : `asked for by ${source ?? 'configuration'}` };
  } catch (error) {
    if (!(error instanceof OxenError)) throw error;
    return { ...base, kind: undefined, reason: `asked for by ${source ?? 'configuration'}, but ${error.message}` };
  }
}
