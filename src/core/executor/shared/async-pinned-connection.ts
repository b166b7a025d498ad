/**
 * The pinned connection of a server pool (PostgreSQL, MySQL), whichever executor runs the statements:
 * they go to one connection of the pool until it is released, guarded by PinnedGuard.
 */
import type { ExecResult, PinnedConnection, QueryResult, Queryable } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import { PinnedGuard } from './pinned-guard.js';

export class AsyncPinnedConnection implements PinnedConnection {
  readonly copyInsert?: Queryable['copyInsert'];
  private readonly guard: PinnedGuard;

  /**
   * `runner` runs statements on the pinned connection (with `copyInsert` where the database has a COPY
   * path); `onRelease` gives the connection back, `broken` when the pool must discard it.
   */
  constructor(private readonly runner: Queryable, onRelease: (broken: boolean) => void) {
    this.guard = new PinnedGuard(onRelease);
    const copy = runner.copyInsert?.bind(runner);
    if (copy) this.copyInsert = (table, columns, rows) => this.guard.run(() => copy(table, columns, rows));
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.guard.run(() => this.runner.query(stmt));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.guard.run(() => this.runner.execute(stmt));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.guard.run(() => this.runner.batch(stmts));
  }

  release(broken = false): void {
    this.guard.release(broken);
  }
}
