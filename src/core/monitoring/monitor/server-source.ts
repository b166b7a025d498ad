/**
 * The monitor's connection to the database server: one connection of its own, read through the
 * database module's `serverStats`. The first connection must succeed (a wrong URL is the user's
 * mistake, said at once); after that a failure marks the source down, drops the connection, and
 * later samples reconnect with backoff — the dashboard keeps running across a server restart.
 */
import { existsSync } from 'node:fs';
import { dialects } from '../../dialect/dialects.js';
import type { ServerSnapshot, ServerStats, StatsTarget } from '../../dialect/server-stats.js';
import { createExecutor, resolveExecutorKind } from '../../executor/create-executor.js';
import type { Executor, PoolSettings } from '../../executor/executor.js';
import { UsageError } from '../../ground/errors.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { redactSecrets } from '../../ground/redact.js';
import type { ExecutorKind } from '../../ground/values.js';
import type { ServerView } from './monitor-sample.js';
import { Outage } from './outage.js';
import { serverInterval } from './server-interval.js';

/** A statistics query that takes longer than this is abandoned: the monitor must not pile up on a sick server. */
const STATEMENT_TIMEOUT_MS = 10_000;
const POOL: PoolSettings = { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false };

export interface ServerSourceOptions {
  /** Statements running at least this long are listed (default 5 s). */
  readonly longRunningS?: number;
  /**
   * Default: native where it is built, as everywhere in Oxen. Its statement cache plans the monitor's
   * catalog queries once: on PostgreSQL it cost the server 7.6–10.2 ms of CPU per sample against
   * 11.6–15.1 ms with js, which plans them again every time (scripts/monitor-overhead.mjs --executor).
   */
  readonly executor?: ExecutorKind;
}

export class ServerSource {
  private executor: Executor | undefined;
  private previous: ServerSnapshot | undefined;
  private latestSnapshot: ServerSnapshot | undefined;
  private version: string | null = null;
  private growth: number | null = null;
  private readonly outage = new Outage();
  private readonly stats: ServerStats;
  private readonly target: StatsTarget;
  private readonly url: DatabaseUrl;

  constructor(url: DatabaseUrl, private readonly options: ServerSourceOptions = {}) {
    this.url = monitoringUrl(url);
    this.stats = dialects[url.dialect].serverStats;
    this.target = { database: statsDatabase(url), longRunningS: options.longRunningS ?? 5 };
  }

  get dialect(): DatabaseUrl['dialect'] {
    return this.url.dialect;
  }

  /** The latest reading that succeeded, and whether the latest attempt did (for `--prometheus`). */
  get latest(): { snapshot: ServerSnapshot | undefined; up: boolean } {
    return { snapshot: this.latestSnapshot, up: !this.outage.down && this.latestSnapshot !== undefined };
  }

  get exporterStats(): ServerStats {
    return this.stats;
  }

  get statsTarget(): StatsTarget {
    return this.target;
  }

  /** Connects and asks the server's version; rejects with the reason when it cannot. */
  async open(): Promise<void> {
    await this.connect();
  }

  /** One reading, diffed against the previous one; never rejects. */
  async sample(): Promise<ServerView> {
    const now = Date.now();
    if (this.outage.due(now)) {
      try {
        const snapshot = await this.read();
        const wasDown = this.outage.down;
        this.outage.recovered();
        // After an outage there is no trustworthy interval: this reading starts a new one.
        const interval = serverInterval(this.stats, wasDown ? undefined : this.previous, snapshot, this.growth);
        this.growth = interval.sizeGrowthBytesPerS;
        this.previous = snapshot;
        return this.view(interval);
      } catch (error) {
        await this.drop();
        this.outage.failed(this.describe(error), Date.now());
      }
    }
    return this.view(this.outage.view());
  }

  async close(): Promise<void> {
    await this.drop();
  }

  private async connect(): Promise<Executor> {
    const kind = this.options.executor ?? (await resolveExecutorKind(undefined)).kind;
    this.executor ??= await createExecutor(this.url, POOL, kind, { statementTimeoutMs: STATEMENT_TIMEOUT_MS });
    this.version = await this.executor.serverVersion();
    return this.executor;
  }

  private async read(): Promise<ServerSnapshot> {
    const executor = this.executor ?? (await this.connect());
    const snapshot = await this.stats.read(executor, this.target);
    this.latestSnapshot = snapshot;
    return snapshot;
  }

  private async drop(): Promise<void> {
    const executor = this.executor;
    this.executor = undefined;
    await executor?.close().catch(() => {});
  }

  private view(status: ServerView['status']): ServerView {
    return { dialect: this.url.dialect, url: this.url.redacted, version: this.version, status };
  }

  private describe(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return redactSecrets(message.split('\n')[0] ?? message, this.url.password !== undefined ? [this.url.password] : []);
  }
}

/** SQLite is read, never written: opened read-only, and a missing file is an error rather than created. */
function monitoringUrl(url: DatabaseUrl): DatabaseUrl {
  if (url.dialect !== 'sqlite') return url;
  const file = url.filename ?? '';
  if (file === '' || file === ':memory:') {
    throw new UsageError('USAGE', `${url.redacted}: an in-memory SQLite database lives inside its process; monitor a file (sqlite:///path/to/file.db) or the app with --app`);
  }
  if (!existsSync(file)) throw new UsageError('USAGE', `${url.redacted}: no SQLite database at ${file}; check the path`);
  return { ...url, params: { ...url.params, mode: 'ro' } };
}

function statsDatabase(url: DatabaseUrl): string {
  if (url.dialect === 'sqlite') return url.filename ?? '';
  return url.database ?? (url.dialect === 'postgres' ? (url.user ?? 'postgres') : '');
}
