/**
 * FIFO of callers waiting for a connection, each with its own deadline. Shared by the server pools and
 * SQLite's mutex so both time out, report and close the same way. A caller served on the spot never
 * starts a timer: the common, uncontended acquire costs no setTimeout.
 */

export class Waiter<T> {
  private settled = false;
  timer: NodeJS.Timeout | undefined;

  constructor(private readonly onResolve: (value: T) => void, private readonly onReject: (error: Error) => void) {}

  get done(): boolean {
    return this.settled;
  }

  resolve(value: T): void {
    if (this.settle()) this.onResolve(value);
  }

  reject(error: Error): void {
    if (this.settle()) this.onReject(error);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    return true;
  }
}

export class WaiterQueue<T> {
  private readonly queue: Waiter<T>[] = [];

  constructor(private readonly timeoutMs: number, private readonly timeoutError: () => Error) {}

  get length(): number {
    return this.queue.length;
  }

  /** Queues a caller, lets `serve` take it at once if it can, and otherwise starts its deadline. */
  wait(serve: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter = new Waiter<T>(resolve, reject);
      this.queue.push(waiter);
      serve();
      // Nothing joins the queue during `serve`, so a caller still waiting is the last one.
      if (this.queue[this.queue.length - 1] === waiter) {
        waiter.timer = setTimeout(() => this.expire(waiter), this.timeoutMs);
      }
    });
  }

  /** The longest-waiting caller, whose deadline stops: from here it gets what it waited for or the reason why not. */
  next(): Waiter<T> | undefined {
    const waiter = this.queue.shift();
    clearTimeout(waiter?.timer);
    return waiter;
  }

  rejectAll(error: Error): void {
    for (const waiter of this.queue.splice(0)) waiter.reject(error);
  }

  private expire(waiter: Waiter<T>): void {
    const i = this.queue.indexOf(waiter);
    if (i === -1) return;
    this.queue.splice(i, 1);
    waiter.reject(this.timeoutError());
  }
}
