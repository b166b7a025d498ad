/** The `js` executor for SQLite: one better-sqlite3 connection (what both SQLite executors share is in shared/sqlite-executor.ts). */
import Database from 'better-sqlite3';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { ExecResult, Executor, PoolSettings, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import { connectError } from '../shared/connect-error.js';
import { errorContext } from '../shared/error-context.js';
import { poolLimits } from '../shared/pool-limits.js';
import { SqliteExecutor, type SqliteConnection } from '../shared/sqlite-executor.js';
import { sqliteMode } from '../shared/url-params.js';
import { sqliteMaxParams } from './sqlite-max-params.js';
import { SqliteStatements } from './sqlite-statements.js';

export async function createSqliteExecutor(url: DatabaseUrl, settings: PoolSettings): Promise<Executor> {
  const mode = sqliteMode(url);
  const timeoutMs = poolLimits('sqlite', settings).acquireTimeoutMs;
  const filename = url.filename ?? ':memory:';
  let db: Database.Database | undefined;
  try {
    db = new Database(filename, { readonly: mode === 'ro', fileMustExist: mode !== 'rwc' });
    // WAL lets readers in other processes work during writes; NORMAL sync is safe with WAL (a power cut
    // may lose the last commits, never corrupt the file) and makes each commit far cheaper.
    if (filename !== ':memory:' && mode !== 'ro') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.round(timeoutMs)}`);
  } catch (error) {
    // A file that is not a database opens fine and fails at the first pragma.
    db?.close();
    throw connectError(error, url, timeoutMs);
  }
  const statements = new SqliteStatements(db, errorContext(url));
  return new BetterSqliteExecutor(statements, betterSqliteConnection(db, statements), timeoutMs);
}

class BetterSqliteExecutor extends SqliteExecutor {
  readonly kind = 'js' as const;

  constructor(private readonly statements: SqliteStatements, connection: SqliteConnection, timeoutMs: number) {
    super(connection, timeoutMs);
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.mutex.run(() => this.statements.query(stmt));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.mutex.run(() => this.statements.execute(stmt));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.mutex.run(() => stmts.map((stmt) => this.statements.query(stmt)));
  }
}

function betterSqliteConnection(db: Database.Database, statements: SqliteStatements): SqliteConnection {
  return {
    maxParams: sqliteMaxParams(db),
    query: (stmt) => statements.query(stmt),
    execute: (stmt) => statements.execute(stmt),
    batch: (stmts) => stmts.map((stmt) => statements.query(stmt)),
    openCursor: (stmt) => statements.openCursor(stmt),
    inTransaction: () => db.inTransaction,
    rollback: () => void db.exec('ROLLBACK'),
    close: () => void db.close(),
  };
}
