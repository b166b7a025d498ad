/**
 * One pool for the `pg` and `mysql2` executors, so both behave the same: FIFO waiters limited by
 * `poolTimeout`, connections recycled after `poolRecycle`, overflow connections closed again when idle,
 * optional pre-ping, exact status, and `close()` rejecting whoever still waits. Neither driver's own
 * pool offers all of that (pg.Pool leaves waiters hanging on end(); mysql2's has no acquire timeout,
 * no lifetime and no public counters).
 */
import { ConnectionError } from '../../ground/errors.js';
import type { PoolStatus } from '../executor.js';
import type { PoolLimits } from '../shared/pool-limits.js';
import { WaiterQueue, type Waiter } from '../shared/waiter-queue.js';

export interface PoolDriver<C> {
  /** Opens a connection; rejects with a typed ConnectionError. */
  connect(): Promise<C>;
  ping(conn: C): Promise<void>;
  /** Closes a connection; never rejects. */
  destroy(conn: C): Promise<void>;
  /** True once the driver has seen the connection fail or end. */
  isBroken(conn: C): boolean;
}

export class ConnectionPool<C> {
  private readonly born = new Map<C, number>();
  private readonly idle: C[] = [];
  private readonly idleTimers = new Map<C, NodeJS.Timeout>();
  private readonly inUse = new Set<C>();
  private readonly waiters: WaiterQueue<C>;
  private readonly destroying = new Set<Promise<void>>();
  private creating = 0;
  private closed = false;
  private shutdown: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(private readonly driver: PoolDriver<C>, readonly limits: PoolLimits) {
    this.waiters = new WaiterQueue(limits.acquireTimeoutMs, () => this.timeoutError());
  }

  acquire(): Promise<C> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.waiters.wait(() => this.dispatch());
  }

  /** Gives a connection back; `broken` (or a connection the driver saw fail) is closed instead of reused. */
  release(conn: C, broken = false): void {
    if (!this.inUse.delete(conn)) return;
    if (broken || this.closed || this.driver.isBroken(conn) || this.expired(conn)) {
      this.discard(conn);
    } else {
      this.idle.push(conn);
      if (this.born.size > this.limits.min) this.startIdleTimer(conn);
    }
    this.dispatch();
  }

  /** Called by drivers when an idle connection dies (server restart, network loss). */
  lost(conn: C): void {
    const i = this.idle.indexOf(conn);
    if (i === -1) return;
    this.idle.splice(i, 1);
    this.discard(conn);
    this.dispatch();
  }

  status(): PoolStatus {
    const total = this.born.size + this.creating;
    return { total, idle: this.idle.length, inUse: total - this.idle.length, waiting: this.waiters.length, max: this.limits.max };
  }

  /**
   * Rejects waiters with POOL_CLOSED and closes idle connections now; connections in use get up to
   * `poolTimeout` to come back before they are closed under their holders, so a leaked one cannot hang exit.
   */
  close(): Promise<void> {
    this.shutdown ??= this.shutDown();
    return this.shutdown;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    this.waiters.rejectAll(this.closedError());
    for (const conn of this.idle.splice(0)) this.discard(conn);
    if (this.inUse.size > 0 || this.creating > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        timer = setTimeout(resolve, this.limits.acquireTimeoutMs);
      });
      clearTimeout(timer);
      for (const conn of this.inUse) this.discard(conn);
      this.inUse.clear();
    }
    await Promise.all(this.destroying);
  }

  private dispatch(): void {
    if (this.closed) {
      if (this.inUse.size === 0 && this.creating === 0) this.drained?.();
      return;
    }
    while (this.waiters.length > 0) {
      const conn = this.takeIdle();
      if (conn !== undefined) this.serve(this.waiters.next()!, conn);
      else if (this.born.size + this.creating < this.limits.max) this.create(this.waiters.next()!);
      else return;
    }
  }

  private takeIdle(): C | undefined {
    for (let conn = this.idle.pop(); conn !== undefined; conn = this.idle.pop()) {
      if (!this.driver.isBroken(conn) && !this.expired(conn)) {
        clearTimeout(this.idleTimers.get(conn));
        this.idleTimers.delete(conn);
        return conn;
      }
      this.discard(conn);
    }
    return undefined;
  }

  private serve(waiter: Waiter<C>, conn: C): void {
    this.inUse.add(conn);
    if (!this.limits.prePing) return this.hand(waiter, conn);
    this.driver.ping(conn).then(
      () => this.hand(waiter, conn),
      () => {
        // A failed ping usually means every idle connection went stale (server restart): open a fresh one.
        this.inUse.delete(conn);
        this.discard(conn);
        if (this.closed) waiter.reject(this.closedError());
        else this.create(waiter);
        this.dispatch();
      },
    );
  }

  /** Connecting has its own timeout and error (CONNECTION_FAILED), which says more than POOL_TIMEOUT would. */
  private create(waiter: Waiter<C>): void {
    this.creating++;
    this.driver.connect().then(
      (conn) => {
        this.creating--;
        this.born.set(conn, Date.now());
        this.inUse.add(conn);
        this.hand(waiter, conn);
      },
      (error: Error) => {
        this.creating--;
        waiter.reject(error);
        this.dispatch();
      },
    );
  }

  /** Closed while the connection was being opened or pinged: the waiter was promised it, so it hears why not. */
  private hand(waiter: Waiter<C>, conn: C): void {
    if (!this.closed) return waiter.resolve(conn);
    waiter.reject(this.closedError());
    this.release(conn);
  }

  private startIdleTimer(conn: C): void {
    const timer = setTimeout(() => {
      this.idleTimers.delete(conn);
      if (this.born.size > this.limits.min) this.lost(conn);
    }, this.limits.idleTimeoutMs);
    timer.unref();
    this.idleTimers.set(conn, timer);
  }

  private expired(conn: C): boolean {
    const { maxLifetimeMs } = this.limits;
    return maxLifetimeMs > 0 && Date.now() - (this.born.get(conn) ?? 0) >= maxLifetimeMs;
  }

  private discard(conn: C): void {
    clearTimeout(this.idleTimers.get(conn));
    this.idleTimers.delete(conn);
    this.born.delete(conn);
    const done = this.driver.destroy(conn);
    this.destroying.add(done);
    void done.finally(() => this.destroying.delete(done));
  }

  private timeoutError(): ConnectionError {
    const { label, acquireTimeoutMs, max } = this.limits;
    const message =
      `timed out after ${acquireTimeoutMs / 1000} s waiting for a connection from the ${label} pool ` +
      `(${this.inUse.size} in use, max ${max}): raise connectionPoolSize/maxOverflow or poolTimeout`;
    return new ConnectionError('POOL_TIMEOUT', message);
  }

  private closedError(): ConnectionError {
    return new ConnectionError('POOL_CLOSED', `the ${this.limits.label} pool is closed: no statement can run after close()`);
  }
}
