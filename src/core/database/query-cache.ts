/**
 * The opt-in query cache: an LRU with a time-to-live, whose entries remember the tables they read
 * so that a write through Oxen to any of those tables drops them. Map iteration order is insertion
 * order, so re-inserting on every hit keeps the least recently used entry first.
 */
import { UsageError } from '../ground/errors.js';

export interface QueryCacheOptions {
  /** Seconds an entry stays valid after it is stored. */
  readonly ttlSeconds: number;
  /** Entries kept before the least recently used one is evicted. */
  readonly maxSize: number;
  /** Milliseconds since some fixed point; injectable so tests control time. */
  readonly now?: () => number;
}

export interface QueryCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Entries dropped to stay within `maxSize`. */
  readonly evictions: number;
  /** Entries dropped because they outlived the TTL. */
  readonly expirations: number;
  /** Entries dropped because a table they read was written. */
  readonly invalidations: number;
  readonly size: number;
}

interface Entry<V> {
  readonly value: V;
  readonly tables: readonly string[];
  readonly expiresAt: number;
}

export class QueryCache<V = unknown> {
  readonly ttlSeconds: number;
  readonly maxSize: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry<V>>();
  private readonly keysByTable = new Map<string, Set<string>>();
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private expirations = 0;
  private invalidations = 0;

  constructor(options: QueryCacheOptions) {
    if (!(options.ttlSeconds > 0)) {
      throw new UsageError('VALUE_INVALID', `query cache ttl must be a positive number of seconds, got ${options.ttlSeconds}`);
    }
    if (!Number.isInteger(options.maxSize) || options.maxSize < 1) {
      throw new UsageError('VALUE_INVALID', `query cache max size must be a positive integer, got ${options.maxSize}`);
    }
    this.ttlSeconds = options.ttlSeconds;
    this.maxSize = options.maxSize;
    this.now = options.now ?? Date.now;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    if (entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      this.expirations++;
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.value;
  }

  set(key: string, tables: readonly string[], value: V): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) this.remove(key, previous);
    const entry: Entry<V> = { value, tables: [...new Set(tables)], expiresAt: this.now() + this.ttlSeconds * 1000 };
    this.entries.set(key, entry);
    for (const table of entry.tables) {
      let keys = this.keysByTable.get(table);
      if (keys === undefined) this.keysByTable.set(table, (keys = new Set()));
      keys.add(key);
    }
    while (this.entries.size > this.maxSize) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry<V>];
      this.remove(oldestKey, oldest);
      this.evictions++;
    }
  }

  /** Drops every entry that read any of `tables`; returns how many were dropped. */
  invalidateTables(tables: readonly string[]): number {
    let dropped = 0;
    for (const table of tables) {
      const keys = this.keysByTable.get(table);
      if (keys === undefined) continue;
      for (const key of [...keys]) {
        const entry = this.entries.get(key);
        if (entry === undefined) continue;
        this.remove(key, entry);
        dropped++;
      }
    }
    this.invalidations += dropped;
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.keysByTable.clear();
  }

  stats(): QueryCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      expirations: this.expirations,
      invalidations: this.invalidations,
      size: this.entries.size,
    };
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    for (const table of entry.tables) {
      const keys = this.keysByTable.get(table);
      if (keys === undefined) continue;
      keys.delete(key);
      if (keys.size === 0) this.keysByTable.delete(table);
    }
  }
}
