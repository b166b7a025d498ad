/**
 * The pinned connection of a SQLite executor, whichever engine runs the statements: they run
 * synchronously, so a pinned connection is the three operations plus a guard against use after release.
 */
import { UsageError } from '../../ground/errors.js';
import type { ExecResult, PinnedConnection, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';

export interface SyncStatementRunner {
  query(stmt: Statement): QueryResult;
  execute(stmt: Statement): ExecResult;
  batch(stmts: readonly Statement[]): QueryResult[];
}

export class SyncPinnedConnection implements PinnedConnection {
  private released = false;

  constructor(private readonly runner: SyncStatementRunner, private readonly onRelease: () => void) {}

  query(stmt: Statement): Promise<QueryResult> {
    return this.run(() => this.runner.query(stmt));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.run(() => this.runner.execute(stmt));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.run(() => this.runner.batch(stmts));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }

  private run<T>(work: () => T): Promise<T> {
    if (this.released) {
      return Promise.reject(new UsageError('USAGE', 'statement sent on a pinned connection after release(): acquire() a new one'));
    }
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
