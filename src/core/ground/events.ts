/**
 * Every statement Oxen runs emits one QueryEvent after it settles. Monitors, the profiler, the
 * benchmark engine and the query cache subscribe here; with no subscriber the cost is one branch.
 */
import type { DialectName, ExecutorKind } from '../ground/values.js';

export interface QueryEvent {
  readonly sql: string;
  /** Stable id of the statement's shape: same SQL text (values are always bound) → same digest. */
  readonly digest: string;
  readonly dialect: DialectName;
  readonly executor: ExecutorKind;
  /** Name of the database in the connection config ('default', 'replica', ...). */
  readonly database: string;
  readonly durationNs: number;
  /** Rows returned (reads) or affected (writes). */
  readonly rows: number;
  /** True when answered from the query cache without touching the database. */
  readonly cached?: boolean;
  readonly error?: Error | undefined;
}

export type QueryListener = (event: QueryEvent) => void;

const listeners = new Set<QueryListener>();

export function onQuery(listener: QueryListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function hasQueryListeners(): boolean {
  return listeners.size > 0;
}

export function emitQuery(event: QueryEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // A faulty listener must never fail the query that triggered it.
    }
  }
}

const digests = new Map<string, string>();

/** FNV-1a of the SQL text, memoised: SQL texts repeat, so this is a map lookup on the hot path. */
export function sqlDigest(sql: string): string {
  let d = digests.get(sql);
  if (d === undefined) {
    let h = 0x811c9dc5;
    for (let i = 0; i < sql.length; i++) {
      h ^= sql.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    d = (h >>> 0).toString(16).padStart(8, '0');
    if (digests.size > 10_000) digests.clear();
    digests.set(sql, d);
  }
  return d;
}
