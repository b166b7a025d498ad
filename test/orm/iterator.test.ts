/**
 * QuerySet.iterator({ chunkSize }): the same rows as fetching, a chunk at a time from one streamed
 * statement (not LIMIT/OFFSET pages), prefetchRelated once per chunk, early exit and transactions
 * leaving the connection usable, on every database and executor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, getDatabase, transaction, UsageError } from '../../src/index.js';
import { blogModels } from '../support/blog-models.js';
import { recordQueries, testTargets, useDatabase } from '../support/orm.js';

const { Author, Post, Comment, all } = blogModels('iter');
const POSTS = 1234;

describe.each(testTargets())('iterator() on $label', (target) => {
  useDatabase(target, all);
  const queries = recordQueries();

  beforeAll(async () => {
    const authors = await Author.bulkCreate(Array.from({ length: 7 }, (_, i) => ({ name: `author ${i}`, email: `i${i}@x.test`, age: 30 + i })));
    await Post.bulkCreate(Array.from({ length: POSTS }, (_, i) => ({ authorId: authors[i % 7]!.id, title: `post ${i} ✓`, views: i, rating: i % 3 ? `${i}.25` : null })));
  });

  it('yields what fetching yields, from one streamed statement with no LIMIT or OFFSET', async () => {
    const qs = Post.filter({ views__gte: 100 }).orderBy('id');
    const fetched = await qs;
    queries.clear();
    const streamed = [];
    for await (const post of qs.iterator({ chunkSize: 250 })) streamed.push(post);
    expect(streamed).toHaveLength(POSTS - 100);
    expect(streamed.map((p) => [p.id, p.title, p.views, p.rating, p.authorId])).toEqual(fetched.map((p) => [p.id, p.title, p.views, p.rating, p.authorId]));
    expect(streamed[0]!.createdAt).toBeInstanceOf(Date);
    expect(queries.list).toHaveLength(1);
    expect(queries.list[0]!.rows).toBe(POSTS - 100);
    expect(queries.list[0]!.sql).not.toMatch(/\b(LIMIT|OFFSET)\b/i);
  });

  it('values() and valuesList() stream too, and the totals agree with plain SQL', async () => {
    let sum = 0;
    let count = 0;
    for await (const row of Post.all().valuesList('views', { flat: true }).iterator({ chunkSize: 333 })) {
      sum += row as number;
      count++;
    }
    const table = Post.meta.tableName;
    const [[plainCount, plainSum]] = (await getDatabase().query({ sql: `SELECT COUNT(*), SUM(views) FROM ${table}`, params: [] })).rows as [[unknown, unknown]];
    expect(count).toBe(Number(plainCount));
    expect(sum).toBe(Number(plainSum));
    // Driven by hand, an iterator left part-way must be ended with return(), as for-await does.
    const rows = Post.filter({ views__lte: 7 }).orderBy('-views').values('title', 'views').iterator({ chunkSize: 1 });
    expect((await rows.next()).value).toEqual({ title: 'post 7 ✓', views: 7 });
    await rows.return();
  });

  it('prefetchRelated loads each chunk’s relations with one query per chunk; selectRelated joins', async () => {
    const seen: { author?: { name: string } | null; authorId: number }[] = [];
    for await (const post of Post.all().orderBy('id').prefetchRelated('author').iterator({ chunkSize: 500 })) seen.push(post);
    expect(seen).toHaveLength(POSTS);
    expect(seen.every((p) => (p.author as { id?: number } | null | undefined)?.id === p.authorId)).toBe(true);
    expect(seen[8]!.author!.name).toBe('author 1');
    // One stream, then one author query per chunk of 500: 3 chunks.
    expect(queries.list.filter((e) => !e.cached)).toHaveLength(4);
    queries.clear();
    const joined = [];
    for await (const post of Post.filter({ views__lt: 3 }).selectRelated('author').orderBy('views').iterator({ chunkSize: 2 })) joined.push(post.author!.name);
    expect(joined).toEqual(['author 0', 'author 1', 'author 2']);
    expect(queries.list).toHaveLength(1);
  });

  it('breaking out early frees the connection; the next queries answer', async () => {
    for (let round = 0; round < 3; round++) {
      let n = 0;
      for await (const post of Post.all().orderBy('id').iterator({ chunkSize: 100 })) {
        expect(post.views).toBe(n);
        if (++n === 150) break;
      }
      expect(n).toBe(150);
    }
    expect(await Post.count()).toBe(POSTS);
  });

  it('inside a transaction: the rows of the transaction; MySQL refuses other statements until the loop ends', async () => {
    await transaction(async () => {
      await Author.create({ name: 'only in tx', email: 'tx@x.test' });
      const names: string[] = [];
      for await (const author of Author.all().orderBy('id').iterator({ chunkSize: 3 })) {
        names.push(author.name);
        if (target.dialect === 'mysql') await expect(Comment.count()).rejects.toThrow(UsageError);
        else expect(await Comment.count()).toBe(0);
      }
      expect(names).toHaveLength(8);
      expect(names.at(-1)).toBe('only in tx');
      throw new RollBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
    expect(await Author.count()).toBe(7);
  });

  it('refuses a chunkSize that is not a positive integer, at the call', () => {
    for (const chunkSize of [0, -5, 2.5]) expect(() => Post.all().iterator({ chunkSize })).toThrow(/chunkSize/);
  });
});

class RollBack extends Error {}

describe('performance.maxResultBytes', () => {
  it('must be a positive whole number', async () => {
    await expect(connect({ databases: { default: 'sqlite://:memory:' }, performance: { maxResultBytes: 0 } })).rejects.toThrow(/maxResultBytes/);
  });
});
