/**
 * The pinned connection of a SQLite executor, whichever engine runs the statements: they run
 * synchronously, so a pinned connection is the three operations behind PinnedGuard.
 */
import type { PinnedConnection } from '../executor.js';
import { PinnedGuard } from './pinned-guard.js';
import { GatedSyncStatements, type SyncStatementRunner } from './sync-statements.js';

export class SyncPinnedConnection extends GatedSyncStatements implements PinnedConnection {
  private readonly guard: PinnedGuard;

  constructor(runner: SyncStatementRunner, onRelease: () => void) {
    super(runner);
    this.guard = new PinnedGuard(onRelease);
  }

  /** SQLite's one connection is never discarded, so `broken` changes nothing. */
  release(): void {
    this.guard.release();
  }

  protected gate<T>(work: () => T): Promise<T> {
    return this.guard.runNow(work);
  }
}
