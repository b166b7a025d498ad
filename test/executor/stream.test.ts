/**
 * Queryable.stream on every database and executor: chunks of at most chunkSize, in order, the same
 * rows a plain query returns; early exit, failures and transactions leave the pool and the connection
 * usable; MySQL's connection refuses other statements while it streams; the native executor's result
 * cap fails a plain query that a stream of the same rows passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/core/executor/create-executor.js';
import { DEFAULT_POOL_SETTINGS, type Executor, type QueryResult } from '../../src/core/executor/executor.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { UsageError } from '../../src/core/ground/errors.js';
import type { Statement } from '../../src/core/ground/values.js';
import { testTargets } from '../support/orm.js';
import { NUMBERS_TO_100K } from '../support/numbers-sql.js';

/** Rows n = 1..count (at most 100,000) made by the server, with a bound text beside each. */
function series(dialect: string, count: number, text: string): Statement {
  if (dialect === 'postgres') return { sql: 'SELECT g AS n, $1::text AS t FROM generate_series(1, $2::int) AS g ORDER BY g', params: [text, count] };
  if (dialect === 'sqlite') {
    return { sql: 'WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?) SELECT n, ? AS t FROM s ORDER BY n', params: [count, text] };
  }
  return { sql: `SELECT n, ? AS t FROM (${NUMBERS_TO_100K}) s WHERE n <= ? ORDER BY n`, params: [text, count] };
}

/** The native executor gives a connection back with a request of its own: wait for it to land. */
async function idle(ex: Executor): Promise<number> {
  for (let i = 0; i < 200 && ex.poolStatus().inUse > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return ex.poolStatus().inUse;
}

async function collect(chunks: AsyncIterable<QueryResult>): Promise<QueryResult[]> {
  const out: QueryResult[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

describe.each(testTargets())('stream on $label', (target) => {
  let ex: Executor;
  beforeAll(async () => {
    ex = await createExecutor(parseDatabaseUrl(target.url), { ...DEFAULT_POOL_SETTINGS, connectionPoolSize: 2, maxOverflow: 0 }, target.executor);
  });
  afterAll(async () => {
    await ex.close();
  });

  it('gives the rows a plain query gives, in chunks of at most chunkSize', async () => {
    const stmt = series(target.dialect, 2500, 'é✓');
    const plain = await ex.query(stmt);
    const chunks = await collect(ex.stream(stmt, 700));
    expect(chunks.map((c) => c.rows.length)).toEqual([700, 700, 700, 400]);
    expect(chunks[0]!.columns).toEqual(['n', 't']);
    expect(chunks.flatMap((c) => c.rows)).toEqual(plain.rows);
  });

  it('ends cleanly on an exact multiple of chunkSize and on an empty result', async () => {
    const exact = await collect(ex.stream(series(target.dialect, 30, 'x'), 10));
    expect(exact.map((c) => c.rows.length)).toEqual([10, 10, 10]);
    const empty = target.dialect === 'postgres' ? 'SELECT 1 AS n WHERE false' : 'SELECT 1 AS n FROM (SELECT 1 AS x) AS one WHERE 1 = 0';
    expect(await collect(ex.stream({ sql: empty, params: [] }, 10))).toEqual([]);
    expect(await idle(ex)).toBe(0);
  });

  it('stopping early frees the connection, and the next statements answer', async () => {
    for (let round = 0; round < 3; round++) {
      let seen = 0;
      for await (const chunk of ex.stream(series(target.dialect, 50_000, 'x'), 100)) {
        seen += chunk.rows.length;
        if (seen >= 300) break;
      }
      expect(seen).toBe(300);
    }
    expect(await idle(ex)).toBe(0);
    expect((await ex.query({ sql: 'SELECT 41 + 1 AS answer', params: [] })).rows).toEqual([[42]]);
  });

  it('a statement the database refuses rejects the first chunk, and the pool goes on', async () => {
    await expect(collect(ex.stream({ sql: 'SELECT no_such_column FROM no_such_table', params: [] }, 10))).rejects.toThrow(/no_such/);
    expect(await idle(ex)).toBe(0);
    expect((await ex.query({ sql: 'SELECT 1 AS one', params: [] })).rows).toEqual([[1]]);
  });

  it('refuses a chunkSize that is not a positive integer', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 32]) expect(() => ex.stream(series(target.dialect, 3, 'x'), bad)).toThrow(UsageError);
  });

  it('inside a transaction: streams on the pinned connection, other statements as the database allows', async () => {
    const conn = await ex.acquire();
    try {
      await conn.execute({ sql: target.dialect === 'mysql' ? 'START TRANSACTION' : 'BEGIN', params: [] });
      const rows: unknown[] = [];
      for await (const chunk of conn.stream(series(target.dialect, 25, 'x'), 10)) {
        rows.push(...chunk.rows);
        if (target.dialect === 'mysql') {
          // The result is still coming in on this connection: MySQL cannot take another statement.
          await expect(conn.query({ sql: 'SELECT 1', params: [] })).rejects.toThrow(/streaming an iterator\(\) result/);
        } else {
          expect((await conn.query({ sql: 'SELECT 7 AS seven', params: [] })).rows).toEqual([[7]]);
        }
      }
      expect(rows).toHaveLength(25);
      // Two streams at once on one connection: PostgreSQL cursors get distinct names.
      if (target.dialect !== 'mysql') {
        const outer = conn.stream(series(target.dialect, 20, 'a'), 5);
        const inner = conn.stream(series(target.dialect, 20, 'b'), 5);
        const [a, b] = [await outer.next(), await inner.next()];
        expect((a.value as QueryResult).rows[0]).toEqual([1, 'a']);
        expect((b.value as QueryResult).rows[0]).toEqual([1, 'b']);
        await outer.return();
        await inner.return();
      }
      expect((await conn.query({ sql: 'SELECT 8 AS eight', params: [] })).rows).toEqual([[8]]);
      await conn.execute({ sql: 'COMMIT', params: [] });
    } finally {
      conn.release();
    }
  });

  // 256 KiB: on MySQL the rows go to JS in 64 KiB parts before the cap is passed (native/src/rows.rs).
  it.runIf(target.executor === 'native').each([64 * 1024, 256 * 1024])('native: a result past maxResultBytes (%i) fails and points to iterator(); a stream of it passes', async (maxResultBytes) => {
    const url = parseDatabaseUrl(target.url);
    const capped = await createExecutor(url, { ...DEFAULT_POOL_SETTINGS, connectionPoolSize: 1, maxOverflow: 0 }, 'native', { maxResultBytes });
    try {
      const stmt = series(target.dialect, 20_000, 'some text to make rows larger');
      const error = await capped.query(stmt).then(() => undefined, (e: unknown) => e as Error);
      expect(error).toBeInstanceOf(UsageError);
      expect(error).toMatchObject({ code: 'RESULT_TOO_LARGE' });
      expect(error!.message).toMatch(/QuerySet\.iterator/);
      let total = 0;
      for await (const chunk of capped.stream(stmt, 500)) total += chunk.rows.length;
      expect(total).toBe(20_000);
      expect((await capped.query({ sql: 'SELECT 1 AS one', params: [] })).rows).toEqual([[1]]);
    } finally {
      await capped.close();
    }
  });
});
