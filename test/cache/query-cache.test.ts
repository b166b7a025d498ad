import { describe, expect, it } from 'vitest';
import { QueryCache } from '../../src/core/database/query-cache.js';
import { queryCacheKey } from '../../src/core/database/query-cache-key.js';
import { UsageError } from '../../src/core/ground/errors.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('QueryCache', () => {
  it('returns a stored value until its TTL runs out', () => {
    const c = clock();
    const cache = new QueryCache<string>({ ttlSeconds: 300, maxSize: 10, now: c.now });
    cache.set('k', ['users'], 'rows');
    c.advance(299_999);
    expect(cache.get('k')).toBe('rows');
    c.advance(1);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, evictions: 0, expirations: 1, invalidations: 0, size: 0 });
  });

  it('restarts the TTL when a key is stored again', () => {
    const c = clock();
    const cache = new QueryCache<number>({ ttlSeconds: 1, maxSize: 10, now: c.now });
    cache.set('k', [], 1);
    c.advance(900);
    cache.set('k', [], 2);
    c.advance(900);
    expect(cache.get('k')).toBe(2);
  });

  it('evicts the least recently used entry, where a hit counts as a use', () => {
    const cache = new QueryCache<string>({ ttlSeconds: 60, maxSize: 3, now: clock().now });
    cache.set('a', [], 'A');
    cache.set('b', [], 'B');
    cache.set('c', [], 'C');
    expect(cache.get('a')).toBe('A');
    cache.set('d', [], 'D');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.get('d')).toBe('D');
    cache.set('e', [], 'E');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ evictions: 2, size: 3 });
  });

  it('drops exactly the entries that read an invalidated table', () => {
    const cache = new QueryCache<string>({ ttlSeconds: 60, maxSize: 10, now: clock().now });
    cache.set('users', ['app_users'], 'u');
    cache.set('posts', ['app_posts'], 'p');
    cache.set('join', ['app_posts', 'app_users'], 'j');
    expect(cache.invalidateTables(['app_users'])).toBe(2);
    expect(cache.get('users')).toBeUndefined();
    expect(cache.get('join')).toBeUndefined();
    expect(cache.get('posts')).toBe('p');
    expect(cache.invalidateTables(['app_users', 'unknown'])).toBe(0);
    expect(cache.stats()).toMatchObject({ invalidations: 2, size: 1 });
  });

  it('forgets a replaced entry’s old tables', () => {
    const cache = new QueryCache<string>({ ttlSeconds: 60, maxSize: 10, now: clock().now });
    cache.set('k', ['a'], 'first');
    cache.set('k', ['b'], 'second');
    expect(cache.invalidateTables(['a'])).toBe(0);
    expect(cache.get('k')).toBe('second');
  });

  it('clears everything but keeps the counters', () => {
    const cache = new QueryCache<string>({ ttlSeconds: 60, maxSize: 10, now: clock().now });
    cache.set('k', ['t'], 'v');
    cache.get('k');
    cache.clear();
    expect(cache.get('k')).toBeUndefined();
    expect(cache.invalidateTables(['t'])).toBe(0);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, size: 0 });
  });

  it('rejects settings that cannot work', () => {
    expect(() => new QueryCache({ ttlSeconds: 0, maxSize: 1 })).toThrow(UsageError);
    expect(() => new QueryCache({ ttlSeconds: 1, maxSize: 0 })).toThrow(/max size/);
    expect(() => new QueryCache({ ttlSeconds: Number.NaN, maxSize: 1 })).toThrow(/ttl/);
  });
});

describe('queryCacheKey', () => {
  it('separates values of different types and databases', () => {
    const sql = 'SELECT 1 WHERE a = ?';
    const keys = [
      queryCacheKey('default', sql, [1]),
      queryCacheKey('default', sql, ['1']),
      queryCacheKey('default', sql, [1n]),
      queryCacheKey('default', sql, [true]),
      queryCacheKey('default', sql, [null]),
      queryCacheKey('default', sql, [new Date(1)]),
      queryCacheKey('default', sql, [Buffer.from([1])]),
      queryCacheKey('replica', sql, [1]),
      queryCacheKey('default', sql, ['a', 'b']),
      queryCacheKey('default', sql, ['a\u0000s"b"']),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives equal parameters the same key', () => {
    expect(queryCacheKey('d', 'q', [new Date(5), Buffer.from('x'), 'é'])).toBe(
      queryCacheKey('d', 'q', [new Date(5), new Uint8Array([0x78]), 'é']),
    );
  });
});
