/**
 * A source's outage: since when it has been failing, the last error, and when to try again. Retries
 * back off (1 s, 2 s, 4 s … up to 30 s) so a monitor left running against a dead server does not
 * hammer it, but the sampling interval still bounds how late a recovery is noticed.
 */
import type { SourceDown } from './monitor-sample.js';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export class Outage {
  private since: number | undefined;
  private attempts = 0;
  private error = '';
  private retryAt = 0;

  get down(): boolean {
    return this.since !== undefined;
  }

  /** Whether an attempt is due now (always, while up). */
  due(now: number): boolean {
    return this.since === undefined || now >= this.retryAt;
  }

  failed(error: string, now: number): void {
    this.since ??= now;
    this.error = error;
    this.retryAt = now + Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.attempts);
    this.attempts++;
  }

  recovered(): void {
    this.since = undefined;
    this.attempts = 0;
  }

  view(): SourceDown {
    return {
      state: 'down',
      since: new Date(this.since ?? Date.now()).toISOString(),
      error: this.error,
      nextAttemptAt: new Date(this.retryAt).toISOString(),
    };
  }
}
