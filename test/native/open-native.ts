/** Opens both executors on a test database, for tests that compare them or exercise the native one. */
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { DEFAULT_POOL_SETTINGS, type Executor, type PoolSettings } from '../../src/core/executor/executor.js';
import { createJsExecutor } from '../../src/core/executor/js/create-js-executor.js';
import { createNativeExecutor, type NativeExecutorOptions } from '../../src/core/executor/native/create-native-executor.js';
import { isNativeAvailable, nativeUnavailableReason } from '../../src/core/executor/native/load-native-addon.js';
import type { TestDatabase } from '../support/databases.js';

/** The native suites need the built addon; CI builds it first (OXEN_NATIVE_REQUIRED=1 fails loudly). */
if (!isNativeAvailable()) {
  const why = `native executor tests need the addon: ${nativeUnavailableReason()}`;
  if (process.env.OXEN_NATIVE_REQUIRED === '1') throw new Error(why);
  process.stderr.write(`\n*** ${why} — SKIPPING ***\n`);
}

export const nativeBuilt = isNativeAvailable();

export function openNative(db: TestDatabase, pool: Partial<PoolSettings> = {}, options: NativeExecutorOptions = {}): Promise<Executor> {
  return createNativeExecutor(parseDatabaseUrl(db.url), { ...DEFAULT_POOL_SETTINGS, ...pool }, options);
}

export function openJs(db: TestDatabase, pool: Partial<PoolSettings> = {}): Promise<Executor> {
  return createJsExecutor(parseDatabaseUrl(db.url), { ...DEFAULT_POOL_SETTINGS, ...pool });
}

/** `$1, $2` on PostgreSQL, `?, ?` elsewhere. */
export function ph(db: TestDatabase, n: number): string {
  return db.dialect === 'postgres' ? `$${n}` : '?';
}
