/**
 * A reference-counted subscription to the query event bus: a monitor listens only while something
 * holds it (a `start()`, or a `trackQuery`/`profile` call in flight) and costs nothing otherwise.
 */
import { onQuery, type QueryListener } from '../ground/events.js';

export class EventSubscription {
  private holders = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly listener: QueryListener) {}

  get active(): boolean {
    return this.holders > 0;
  }

  /** Returns the matching release; calling it twice has no further effect. */
  hold(): () => void {
    if (this.holders++ === 0) this.unsubscribe = onQuery(this.listener);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holders === 0) {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
      }
    };
  }
}
