/**
 * The seed's QueryProfiler: `profile(name, fn)` measures one piece of work (wall time, statements,
 * rows, heap change). Statements are counted from the query event bus while `fn` runs, so profile
 * one thing at a time for exact counts: concurrent work's statements land in every open profile.
 */
import type { QueryEvent } from '../ground/events.js';
import { nsToMs } from './digest-table.js';
import { EventSubscription } from './event-subscription.js';
import { bytesToMb } from './memory-monitor.js';

export interface ProfileResult {
  readonly durationMs: number;
  /** Statements that reached a database. */
  readonly queries: number;
  readonly cacheHits: number;
  readonly rows: number;
  readonly errors: number;
  /** Time the statements themselves took, in ms; the rest of `durationMs` is JS work and waiting. */
  readonly queryMs: number;
  /** Heap used after minus before, in MB; negative when a garbage collection ran in between. */
  readonly memoryDeltaMb: number;
  /** False when `fn` threw. */
  readonly ok: boolean;
}

interface Frame {
  queries: number;
  cacheHits: number;
  rows: number;
  errors: number;
  queryNs: number;
}

export class QueryProfiler {
  private readonly results = new Map<string, ProfileResult>();
  private readonly open = new Set<Frame>();
  private readonly subscription = new EventSubscription((event) => this.record(event));

  /** Runs `fn` and stores its profile under `name` (a later run of the same name replaces it). */
  async profile<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const frame: Frame = { queries: 0, cacheHits: 0, rows: 0, errors: 0, queryNs: 0 };
    const release = this.subscription.hold();
    this.open.add(frame);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    let ok = false;
    try {
      const result = await fn();
      ok = true;
      return result;
    } finally {
      const durationNs = Number(process.hrtime.bigint() - started);
      const heapAfter = process.memoryUsage().heapUsed;
      this.open.delete(frame);
      release();
      this.results.set(name, {
        durationMs: nsToMs(durationNs),
        queries: frame.queries,
        cacheHits: frame.cacheHits,
        rows: frame.rows,
        errors: frame.errors,
        queryMs: nsToMs(frame.queryNs),
        memoryDeltaMb: bytesToMb(heapAfter - heapBefore),
        ok,
      });
    }
  }

  getResults(): Record<string, ProfileResult> {
    return Object.fromEntries(this.results);
  }

  clear(): void {
    this.results.clear();
  }

  private record(event: QueryEvent): void {
    for (const frame of this.open) {
      if (event.cached) {
        frame.cacheHits++;
        continue;
      }
      frame.queries++;
      frame.rows += event.rows;
      frame.queryNs += event.durationNs;
      if (event.error !== undefined) frame.errors++;
    }
  }
}
