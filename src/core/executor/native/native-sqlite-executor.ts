/**
 * The native executor for SQLite: statements run synchronously inside the addon, one N-API call each,
 * with no hop to another thread, behind the SqliteExecutor the js executor uses too.
 */
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { Executor } from '../executor.js';
import { connectError } from '../shared/connect-error.js';
import { errorContext } from '../shared/error-context.js';
import { SqliteExecutor } from '../shared/sqlite-executor.js';
import { sqliteMode } from '../shared/url-params.js';
import type { NativeAddon, NativeSqliteHandle } from './native-addon.js';
import { SqliteRunner } from './sqlite-runner.js';

export function openNativeSqliteExecutor(addon: NativeAddon, url: DatabaseUrl, timeoutMs: number): Executor {
  const mode = sqliteMode(url);
  let db: NativeSqliteHandle;
  try {
    db = new addon.NativeSqlite(url.filename ?? ':memory:', mode, Math.round(timeoutMs));
  } catch (error) {
    const [code = '', ...rest] = (error as Error).message.split(': ');
    throw connectError(Object.assign(new Error(rest.join(': ')), { code }), url, timeoutMs);
  }
  return new SqliteExecutor('native', new SqliteRunner(db, errorContext(url)), timeoutMs);
}
