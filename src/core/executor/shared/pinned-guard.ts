/**
 * The rules every pinned connection keeps, whichever executor made it: no statement runs after
 * release(), release() takes effect once however often it is called, and a connection that failed
 * under a statement goes back to its pool as broken, so the pool discards it instead of reusing it.
 */
import { ConnectionError, UsageError } from '../../ground/errors.js';

export class PinnedGuard {
  private released = false;
  private broken = false;

  constructor(private readonly onRelease: (broken: boolean) => void) {}

  /** For statements answered later (a server's connection). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.released) throw usedAfterRelease();
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConnectionError) this.broken = true;
      throw error;
    }
  }

  /**
   * For statements that run synchronously (SQLite): the work runs at once, with no tick in between.
   * SQLite's one connection is never discarded, so a failure does not mark it broken.
   */
  runNow<T>(work: () => T): Promise<T> {
    if (this.released) return Promise.reject(usedAfterRelease());
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  release(broken = false): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(broken || this.broken);
  }
}

function usedAfterRelease(): UsageError {
  return new UsageError('USAGE', 'statement sent on a pinned connection after release(): acquire() a new one');
}
