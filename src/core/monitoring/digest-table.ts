/**
 * Per-statement-shape totals, keyed by the query event's digest. Bounded: past `maxDigests`
 * distinct shapes, the rest are summed under one "(other statements)" row rather than growing.
 */
import type { QueryEvent } from '../ground/events.js';

export interface DigestMetrics {
  readonly digest: string;
  readonly sql: string;
  readonly count: number;
  readonly errors: number;
  readonly totalMs: number;
  readonly avgMs: number;
  readonly maxMs: number;
  readonly rows: number;
}

interface Totals {
  sql: string;
  count: number;
  errors: number;
  totalNs: number;
  maxNs: number;
  rows: number;
}

export const OTHER_DIGEST = '*';

export class DigestTable {
  private readonly totals = new Map<string, Totals>();

  constructor(private readonly maxDigests: number) {}

  record(event: QueryEvent): void {
    let t = this.totals.get(event.digest);
    if (t === undefined) {
      const full = this.totals.size >= this.maxDigests;
      const key = full ? OTHER_DIGEST : event.digest;
      t = this.totals.get(key);
      if (t === undefined) {
        t = { sql: full ? '(other statements)' : event.sql, count: 0, errors: 0, totalNs: 0, maxNs: 0, rows: 0 };
        this.totals.set(key, t);
      }
    }
    t.count++;
    if (event.error !== undefined) t.errors++;
    t.totalNs += event.durationNs;
    if (event.durationNs > t.maxNs) t.maxNs = event.durationNs;
    t.rows += event.rows;
  }

  /** Slowest in total first: where the time goes. */
  rows(): DigestMetrics[] {
    return [...this.totals.entries()]
      .map(([digest, t]) => ({
        digest,
        sql: t.sql,
        count: t.count,
        errors: t.errors,
        totalMs: nsToMs(t.totalNs),
        avgMs: nsToMs(t.totalNs / t.count),
        maxMs: nsToMs(t.maxNs),
        rows: t.rows,
      }))
      .sort((a, b) => b.totalMs - a.totalMs);
  }

  clear(): void {
    this.totals.clear();
  }
}

export function nsToMs(ns: number): number {
  return Math.round(ns / 1000) / 1000;
}
