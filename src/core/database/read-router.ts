/**
 * Read replicas behind one primary `Database`. The ORM's reads (query sets, outside a transaction,
 * not pinned with `using()`) come here: each goes to the next healthy replica, round robin, or to the
 * primary when none is healthy, when the caller's scope wrote within the read-your-writes window, or
 * when routing is off. A replica is healthy while its sampled lag is within `maxLagMs`; the lag is
 * read on a timer (`lagSampleMs`), never per query. A read that finds its replica gone is retried on
 * the primary and the replica is skipped until a sample finds it back, so a stopping replica costs
 * no failed query.
 */
import { ConnectionError, QueryError, UsageError } from '../ground/errors.js';
import type { Executor, QueryResult, Queryable, RowMapper } from '../executor/executor.js';
import type { Statement } from '../ground/values.js';
import type { LagReading, ReplicaLagProbe } from '../dialect/replica-lag.js';
import { activeFrame } from './transaction-context.js';
import { wroteWithin } from './read-scope.js';

export interface RoutingSettings {
  /** 'replicas': reads go to healthy replicas; 'primary': every read to the primary, replicas only watched. */
  reads: 'replicas' | 'primary';
  /** A replica further behind than this is skipped until it catches up. */
  maxLagMs: number;
  /** After a write, the writing scope's reads go to the primary for this long (see read-scope.ts). */
  readYourWritesMs: number;
  /** How often each replica's lag is read. */
  lagSampleMs: number;
}

export const DEFAULT_ROUTING: RoutingSettings = Object.freeze({ reads: 'replicas', maxLagMs: 1000, readYourWritesMs: 2000, lagSampleMs: 500 });

/**
 * healthy: used. lagging: behind by more than maxLagMs, or by an unknown amount. down: unreachable.
 * not-a-replica: answers but replays nothing (a primary, a copy kept some other way): used, as
 * configured, but its staleness cannot be measured. unknown: not sampled yet.
 */
export type ReplicaState = 'healthy' | 'lagging' | 'down' | 'not-a-replica' | 'unknown';

export interface ReplicaStatus {
  /** `<primary>@replica<N>`: the name its query events carry. */
  readonly name: string;
  readonly url: string;
  readonly state: ReplicaState;
  /** Milliseconds behind the primary at the last sample; null when unknown. */
  readonly lagMs: number | null;
  /** Reads it answered since connect(). */
  readonly reads: number;
  /** Why it is down or lagging by an unknown amount. */
  readonly reason?: string;
}

export interface RouterStatus {
  readonly database: string;
  readonly settings: RoutingSettings;
  readonly primaryReads: number;
  readonly replicas: readonly ReplicaStatus[];
}

/** What routing needs of a database (a `Database`, which imports this module). */
export interface RoutedDatabase {
  readonly name: string;
  readonly executor: Executor;
  /** Where statements go now: the current transaction's connection, else the pool. */
  target(): Queryable;
  /** Runs a statement, with its query event, and no routing. */
  send(stmt: Statement, on: Queryable): Promise<QueryResult>;
  /** As `send`, each row mapped by `mapRow` (Queryable.queryMapped). */
  sendMapped<T>(stmt: Statement, on: Queryable, mapRow: RowMapper<T>): Promise<T[]>;
}

/** One read, run on the database routing chose and on its pool or transaction's connection. */
export type ReadOn<R> = (db: RoutedDatabase, on: Queryable) => Promise<R>;

/** One replica: its database once opened, and what the last sample found. */
export class Replica {
  db: RoutedDatabase | undefined;
  private opening: Promise<RoutedDatabase> | undefined;
  /** What last made it down. */
  error: unknown;
  state: ReplicaState = 'unknown';
  lagMs: number | null = null;
  reads = 0;
  reason: string | undefined;

  constructor(
    readonly name: string,
    readonly url: string,
    /** Opens the replica's executor; called again after a failure, on the next sample. */
    private readonly open: () => Promise<RoutedDatabase>,
  ) {}

  get usable(): boolean {
    return this.db !== undefined && (this.state === 'healthy' || this.state === 'not-a-replica');
  }

  /** Its database, opened on first use and again after markDown; one open at a time. */
  connect(): Promise<RoutedDatabase> {
    if (this.db) return Promise.resolve(this.db);
    this.opening ??= this.open().then(
      (db) => ((this.opening = undefined), (this.db = db)),
      (error: unknown) => {
        this.opening = undefined;
        throw error;
      },
    );
    return this.opening;
  }

  /** Closes its database, including one still being opened (a slow server answering after close). */
  async close(): Promise<void> {
    const db = this.db ?? (await this.opening?.catch(() => undefined));
    this.db = undefined;
    await db?.executor.close();
  }

  /**
   * Its pool is closed and opened afresh once a sample finds it back: after a restart every pooled
   * connection is dead, and reads would each find one of them.
   */
  markDown(error: unknown): void {
    this.error = error;
    this.state = 'down';
    this.lagMs = null;
    this.reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const db = this.db;
    this.db = undefined;
    void db?.executor.close().catch(() => undefined);
  }

  status(): ReplicaStatus {
    return { name: this.name, url: this.url, state: this.state, lagMs: this.lagMs, reads: this.reads, ...(this.reason ? { reason: this.reason } : {}) };
  }
}

export class ReadRouter {
  primaryReads = 0;
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;
  private closed = false;

  constructor(
    readonly primary: RoutedDatabase,
    readonly replicas: readonly Replica[],
    readonly settings: RoutingSettings,
    private readonly probe: ReplicaLagProbe,
  ) {}

  /**
   * Samples every replica once, then keeps sampling in the background (the timer does not keep Node
   * alive). A replica that is down is no error, but one whose URL or settings are wrong is.
   */
  async start(): Promise<void> {
    await this.sample();
    const misconfigured = this.replicas.find((r) => r.error instanceof UsageError);
    if (misconfigured) throw misconfigured.error;
    this.timer = setInterval(() => void this.sample(), this.settings.lagSampleMs);
    this.timer.unref();
  }

  /** `send` runs the read on the database chosen (Database.send, or sendMapped), on its pool. */
  read<R>(send: ReadOn<R>): Promise<R> {
    const replica = this.choose();
    if (replica === undefined) return this.onPrimary(send);
    replica.reads += 1;
    const db = replica.db!;
    return send(db, db.executor).catch((error: unknown) => {
      if (!this.replicaGone(error)) throw error;
      replica.reads -= 1;
      if (replica.db === db) replica.markDown(error);
      return this.onPrimary(send);
    });
  }

  /** Samples every replica now; concurrent calls share one round. */
  sample(): Promise<void> {
    this.sampling ??= Promise.all(this.replicas.map((r) => this.sampleOne(r))).then(() => {
      this.sampling = undefined;
    });
    return this.sampling;
  }

  status(): RouterStatus {
    return { database: this.primary.name, settings: this.settings, primaryReads: this.primaryReads, replicas: this.replicas.map((r) => r.status()) };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.sampling;
    await Promise.allSettled(this.replicas.map((r) => r.close()));
  }

  private choose(): Replica | undefined {
    const { primary, settings, replicas } = this;
    if (settings.reads === 'primary') return undefined;
    const frame = activeFrame(primary.name);
    if (frame && !frame.done) return undefined;
    if (wroteWithin(primary.name, settings.readYourWritesMs)) return undefined;
    for (let i = 0; i < replicas.length; i++) {
      const replica = replicas[(this.next + i) % replicas.length]!;
      if (replica.usable) {
        this.next = (this.next + i + 1) % replicas.length;
        return replica;
      }
    }
    return undefined;
  }

  /** A read kept on the primary (counted among the database's reads). */
  onPrimary<R>(send: ReadOn<R>): Promise<R> {
    this.primaryReads += 1;
    return send(this.primary, this.primary.target());
  }

  /** A read that may simply be asked of the primary instead: the replica is unreachable or shutting down. */
  private replicaGone(error: unknown): boolean {
    if (error instanceof ConnectionError) return true;
    return error instanceof QueryError && error.dbCode !== undefined && this.probe.replicaGoneCodes.includes(error.dbCode);
  }

  private async sampleOne(replica: Replica): Promise<void> {
    if (this.closed) return;
    try {
      // Straight to the executor: the probe is no query of the application's, so it raises no event.
      const reading = await withTimeout(
        replica.connect().then((db) => db.executor.query(this.probe.statement)),
        this.sampleTimeoutMs,
      );
      this.apply(replica, this.probe.read(reading));
    } catch (error) {
      replica.markDown(error);
    }
  }

  /** A replica that cannot be opened, or does not answer its lag query, within this long is down for routing's purposes. */
  private get sampleTimeoutMs(): number {
    return Math.max(2000, this.settings.lagSampleMs * 4);
  }

  private apply(replica: Replica, reading: LagReading): void {
    const judged = judgeLag(reading, this.settings.maxLagMs);
    replica.state = judged.state;
    replica.lagMs = judged.lagMs;
    replica.reason = judged.reason;
  }
}

/** What one lag reading makes of a replica, for routing and for `oxen doctor`. */
export function judgeLag(reading: LagReading, maxLagMs: number): { state: ReplicaState; lagMs: number | null; reason: string | undefined } {
  if (reading.kind === 'not-a-replica') return { state: 'not-a-replica', lagMs: null, reason: 'it replays nothing: a primary, or a copy kept some other way, whose staleness cannot be measured' };
  if (reading.lagMs === null) return { state: 'lagging', lagMs: null, reason: 'replication is stopped or broken: the server cannot tell its lag' };
  const state = reading.lagMs <= maxLagMs ? 'healthy' : 'lagging';
  return { state, lagMs: reading.lagMs, reason: state === 'lagging' ? `behind by more than routing.maxLagMs (${maxLagMs} ms)` : undefined };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectionError('CONNECTION_FAILED', `no answer to the lag query within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
