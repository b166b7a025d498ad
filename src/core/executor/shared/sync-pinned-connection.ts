/**
 * The pinned connection of a SQLite executor, whichever engine runs the statements: they run
 * synchronously, so a pinned connection is the three operations behind PinnedGuard.
 */
import type { ExecResult, PinnedConnection, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import { PinnedGuard } from './pinned-guard.js';

export interface SyncStatementRunner {
  query(stmt: Statement): QueryResult;
  execute(stmt: Statement): ExecResult;
  batch(stmts: readonly Statement[]): QueryResult[];
}

export class SyncPinnedConnection implements PinnedConnection {
  private readonly guard: PinnedGuard;

  constructor(private readonly runner: SyncStatementRunner, onRelease: () => void) {
    this.guard = new PinnedGuard(onRelease);
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.guard.runNow(() => this.runner.query(stmt));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.guard.runNow(() => this.runner.execute(stmt));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.guard.runNow(() => this.runner.batch(stmts));
  }

  /** SQLite's one connection is never discarded, so `broken` changes nothing. */
  release(): void {
    this.guard.release();
  }
}
