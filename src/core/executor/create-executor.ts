/**
 * Chooses and opens an executor: `native` where the addon is built (the default), `js` otherwise or on
 * request. Asking for `native` where it is not built is a clear error, never a silent fallback.
 */
import type { DatabaseUrl } from '../ground/parse-url.js';
import { UsageError } from '../ground/errors.js';
import type { Executor, ExecutorOptions, PoolSettings } from './executor.js';
import type { ExecutorKind } from '../ground/values.js';

interface NativeModule {
  isNativeAvailable(): boolean;
  nativeUnavailableReason?(): string | undefined;
  createNativeExecutor(url: DatabaseUrl, pool: PoolSettings, options?: ExecutorOptions): Promise<Executor>;
}

let nativeModule: Promise<NativeModule | undefined> | undefined;

/** The native executor's TypeScript side, or undefined when it is not part of this build. */
export function loadNative(): Promise<NativeModule | undefined> {
  // A computed specifier: builds without the native folder still compile, and load it lazily.
  const specifier = './native/index.js';
  nativeModule ??= import(specifier).then(
    (m) => m as unknown as NativeModule,
    () => undefined,
  );
  return nativeModule;
}

export async function resolveExecutorKind(requested: ExecutorKind | undefined): Promise<{ kind: ExecutorKind; reason: string }> {
  const native = await loadNative();
  const available = native?.isNativeAvailable() === true;
  if (requested === 'js') return { kind: 'js', reason: 'requested' };
  if (requested === 'native') {
    if (!available) {
      const why = native?.nativeUnavailableReason?.() ?? 'the native addon is not built';
      throw new UsageError('NATIVE_UNAVAILABLE', `executor "native" is not available: ${why}; build it with \`npm run build:native\` (needs cargo) or use --executor js`);
    }
    return { kind: 'native', reason: 'requested' };
  }
  return available ? { kind: 'native', reason: 'native addon built' } : { kind: 'js', reason: native?.nativeUnavailableReason?.() ?? 'native addon not built' };
}

export async function createExecutor(url: DatabaseUrl, pool: PoolSettings, kind: ExecutorKind, options?: ExecutorOptions): Promise<Executor> {
  if (kind === 'native') {
    const native = (await loadNative())!;
    return native.createNativeExecutor(url, pool, options);
  }
  const { createJsExecutor } = await import('./js/create-js-executor.js');
  return createJsExecutor(url, pool, options);
}
