/**
 * Exclusive use of SQLite's single connection. A pinned connection (a transaction) holds the lock, so
 * statements from other callers wait instead of landing inside someone else's transaction.
 */
import { ConnectionError } from '../../errors.js';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class AsyncMutex {
  private held = false;
  private closedError: Error | undefined;
  private readonly waiters: Waiter[] = [];
  private freed: (() => void) | undefined;

  constructor(private readonly label: string, private readonly timeoutMs: number) {}

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
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(this.timeoutError());
        }, this.timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Hands the lock straight to the next waiter, so a steady stream of callers cannot starve one. */
  unlock(): void {
    const next = this.waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve();
    } else {
      this.held = false;
      this.freed?.();
    }
  }

  /** Rejects every waiter and every later lock() with `error`; resolves once the holder (if any) unlocks. */
  close(error: Error): Promise<void> {
    this.closedError ??= error;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    if (!this.held) return Promise.resolve();
    return new Promise<void>((resolve) => (this.freed = resolve));
  }

  private timeoutError(): ConnectionError {
    return new ConnectionError(
      'POOL_TIMEOUT',
      `timed out after ${this.timeoutMs / 1000} s waiting for the ${this.label} connection (1 in use, max 1): ` +
        'a transaction is holding it; finish transactions sooner or raise poolTimeout',
    );
  }
}
