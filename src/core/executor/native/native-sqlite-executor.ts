/**
 * The native executor for SQLite: statements run synchronously inside the addon, one N-API call each,
 * with no hop to another thread (what both SQLite executors share is in shared/sqlite-executor.ts).
 */
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { ExecResult, Executor, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import { connectError } from '../shared/connect-error.js';
import { errorContext } from '../shared/error-context.js';
import { SqliteExecutor } from '../shared/sqlite-executor.js';
import { sqliteMode } from '../shared/url-params.js';
import type { NativeAddon, NativeSqliteHandle } from './native-addon.js';
import { SqliteRunner } from './sqlite-runner.js';

export function openNativeSqliteExecutor(addon: NativeAddon, url: DatabaseUrl, timeoutMs: number, maxResultBytes?: number): Executor {
  const mode = sqliteMode(url);
  let db: NativeSqliteHandle;
  try {
    db = new addon.NativeSqlite(url.filename ?? ':memory:', mode, Math.round(timeoutMs), maxResultBytes);
  } catch (error) {
    const [code = '', ...rest] = (error as Error).message.split(': ');
    throw connectError(Object.assign(new Error(rest.join(': ')), { code }), url, timeoutMs);
  }
  return new NativeSqliteExecutor(new SqliteRunner(db, errorContext(url)), timeoutMs);
}

class NativeSqliteExecutor extends SqliteExecutor {
  readonly kind = 'native' as const;

  constructor(private readonly runner: SqliteRunner, timeoutMs: number) {
    super(runner, timeoutMs);
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.mutex.run(() => this.runner.query(stmt));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.mutex.run(() => this.runner.execute(stmt));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.mutex.run(() => this.runner.batch(stmts));
  }
}
