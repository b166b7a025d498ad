/**
 * The seed's PerformanceMonitor: query counts, errors and latency percentiles, a per-digest table,
 * and named spans via `trackQuery`. It records query events while started, or while a
 * `trackQuery` call runs. The bus is process-wide, so a span counts every statement that settles
 * while it is open, including those of concurrent work.
 */
import type { QueryEvent } from '../ground/events.js';
import { DigestTable, nsToMs, type DigestMetrics } from './digest-table.js';
import { EventSubscription } from './event-subscription.js';
import { LatencyHistogram } from './latency-histogram.js';

export interface TrackedMetrics {
  readonly calls: number;
  readonly errors: number;
  /** Wall time of the tracked calls, in ms. */
  readonly totalMs: number;
  readonly avgMs: number;
  /** Statements that settled while calls of this name were running. */
  readonly queries: number;
}

export interface PerformanceMetrics {
  /** Statements that reached a database (query-cache hits are counted apart). */
  readonly totalQueries: number;
  readonly errors: number;
  readonly cacheHits: number;
  readonly rows: number;
  /** Milliseconds, over `totalQueries`. */
  readonly avgQueryTime: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly maxQueryTime: number;
  readonly digests: readonly DigestMetrics[];
  readonly tracked: Readonly<Record<string, TrackedMetrics>>;
}

export interface PerformanceMonitorOptions {
  /** Only events of this database ('default', 'replica', ...). All when absent. */
  readonly database?: string;
  /** Distinct statement shapes kept in the digest table. */
  readonly maxDigests?: number;
}

interface Span {
  calls: number;
  errors: number;
  totalNs: number;
  queries: number;
  open: number;
}

export class PerformanceMonitor {
  private readonly database: string | undefined;
  private readonly latency = new LatencyHistogram();
  private readonly digests: DigestTable;
  private readonly spans = new Map<string, Span>();
  private readonly subscription = new EventSubscription((event) => this.record(event));
  private release: (() => void) | undefined;
  private errors = 0;
  private cacheHits = 0;
  private rows = 0;

  constructor(options: PerformanceMonitorOptions = {}) {
    this.database = options.database;
    this.digests = new DigestTable(options.maxDigests ?? 1000);
  }

  get running(): boolean {
    return this.release !== undefined;
  }

  start(): this {
    this.release ??= this.subscription.hold();
    return this;
  }

  stop(): void {
    this.release?.();
    this.release = undefined;
  }

  async trackQuery<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    let span = this.spans.get(name);
    if (span === undefined) this.spans.set(name, (span = { calls: 0, errors: 0, totalNs: 0, queries: 0, open: 0 }));
    const release = this.subscription.hold();
    span.open++;
    const started = process.hrtime.bigint();
    try {
      return await fn();
    } catch (error) {
      span.errors++;
      throw error;
    } finally {
      span.totalNs += Number(process.hrtime.bigint() - started);
      span.calls++;
      span.open--;
      release();
    }
  }

  getMetrics(): PerformanceMetrics {
    const latency = this.latency.summary();
    const tracked: Record<string, TrackedMetrics> = {};
    for (const [name, s] of this.spans) {
      if (s.calls === 0) continue;
      tracked[name] = {
        calls: s.calls,
        errors: s.errors,
        totalMs: nsToMs(s.totalNs),
        avgMs: nsToMs(s.totalNs / s.calls),
        queries: s.queries,
      };
    }
    return {
      totalQueries: latency.count,
      errors: this.errors,
      cacheHits: this.cacheHits,
      rows: this.rows,
      avgQueryTime: latency.mean,
      p50: latency.p50,
      p95: latency.p95,
      p99: latency.p99,
      maxQueryTime: latency.max,
      digests: this.digests.rows(),
      tracked,
    };
  }

  reset(): void {
    this.latency.reset();
    this.digests.clear();
    for (const [name, s] of this.spans) {
      if (s.open === 0) this.spans.delete(name);
      else Object.assign(s, { calls: 0, errors: 0, totalNs: 0, queries: 0 });
    }
    this.errors = 0;
    this.cacheHits = 0;
    this.rows = 0;
  }

  private record(event: QueryEvent): void {
    if (this.database !== undefined && event.database !== this.database) return;
    for (const span of this.spans.values()) if (span.open > 0) span.queries++;
    if (event.cached) {
      this.cacheHits++;
      return;
    }
    this.latency.recordNs(event.durationNs);
    this.digests.record(event);
    this.rows += event.rows;
    if (event.error !== undefined) this.errors++;
  }
}
