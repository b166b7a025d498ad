/**
 * Exclusive use of SQLite's single connection. A pinned connection (a transaction) holds the lock, so
 * statements from other callers wait instead of landing inside someone else's transaction.
 */
import { ConnectionError } from '../../ground/errors.js';
import { WaiterQueue } from './waiter-queue.js';

export class AsyncMutex {
  private held = false;
  private closedError: Error | undefined;
  private freed: (() => void) | undefined;
  private readonly waiters: WaiterQueue<void>;

  constructor(label: string, timeoutMs: number) {
    const message =
      `timed out after ${timeoutMs / 1000} s waiting for the ${label} connection (1 in use, max 1): ` +
      'a transaction is holding it; finish transactions sooner or raise poolTimeout';
    this.waiters = new WaiterQueue(timeoutMs, () => new ConnectionError('POOL_TIMEOUT', message));
  }

  get locked(): boolean {
    return this.held;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** True when the lock was free and is now held: the caller may run synchronously. */
  tryLock(): boolean {
    if (this.held || this.closedError) return false;
    this.held = true;
    return true;
  }

  lock(): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.tryLock()) return Promise.resolve();
    return this.waiters.wait(() => undefined);
  }

  /** Hands the lock straight to the next waiter, so a steady stream of callers cannot starve one. */
  /** Runs `work` holding the lock: now when it is free (no extra tick), else after the holder. */
  run<T>(work: () => T): Promise<T> {
    if (!this.tryLock()) {
      return this.lock().then(() => {
        try {
          return work();
        } finally {
          this.unlock();
        }
      });
    }
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error);
    } finally {
      this.unlock();
    }
  }

  unlock(): void {
    const next = this.waiters.next();
    if (next) return next.resolve();
    this.held = false;
    this.freed?.();
  }

  /**
   * Rejects every waiter and every later lock() with `error`; resolves once the holder (if any) unlocks,
   * or after `graceMs` if it never does.
   */
  async close(error: Error, graceMs: number): Promise<void> {
    this.closedError ??= error;
    this.waiters.rejectAll(error);
    if (!this.held) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.freed = resolve;
      timer = setTimeout(resolve, graceMs);
    });
    clearTimeout(timer);
  }
}
