/**
 * F() in annotate() and orderBy(), across forward relations: the values agree with the same question
 * asked in plain SQL, conditions on an F() annotation filter rows (WHERE, not HAVING), arithmetic
 * binds its numbers once even when ordered by, F() and aggregates mix, and what cannot work is one
 * clear line — on every database and executor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Count, F, getDatabase, UsageError } from '../../src/index.js';
import { blogModels } from '../support/blog-models.js';
import { recordQueries, testTargets, useDatabase } from '../support/orm.js';

const { Author, Post, all } = blogModels('fann');

describe.each(testTargets())('F() annotations on $label', (target) => {
  useDatabase(target, all);
  const queries = recordQueries();

  beforeAll(async () => {
    const authors = await Author.bulkCreate([
      { name: 'ann', email: 'ann@x.test', age: 41 },
      { name: 'bob', email: 'bob@x.test', age: 29 },
      { name: 'cy', email: 'cy@x.test', age: null },
    ]);
    await Post.bulkCreate(
      Array.from({ length: 9 }, (_, i) => ({ authorId: authors[i % 3]!.id, title: `post ${i}`, views: 10 * i + 1 })),
    );
  });

  /** Plain SQL's rows, for comparing with the ORM's. */
  async function plain(sql: string): Promise<unknown[][]> {
    return (await getDatabase().query({ sql, params: [] })).rows as unknown[][];
  }
  const q = (name: string): string => getDatabase().dialect.quoteIdent(name);

  it('annotates a related field and arithmetic, on instances and on values, as plain SQL reads them', async () => {
    const rows = (await Post.all().annotate({ writer: F('author__name'), age: F('author__age'), double: F('views').mul(2).add(1) }).orderBy('id').values('title', 'writer', 'age', 'double')) as Record<string, unknown>[];
    const expected = await plain(
      `SELECT p.${q('title')}, a.${q('name')}, a.${q('age')}, p.${q('views')} * 2 + 1 FROM ${q(Post.meta.tableName)} p JOIN ${q(Author.meta.tableName)} a ON a.${q('id')} = p.${q('author_id')} ORDER BY p.${q('id')}`,
    );
    expect(rows.map((r) => [r.title, r.writer, r.age, r.double])).toEqual(expected.map(([t, n, a, d]) => [t, n, a, Number(d)]));
    expect(rows.some((r) => r.age === null)).toBe(true);

    const posts = await Post.filter({ views__gt: 30 }).annotate({ writer: F('author__name') }).orderBy('id');
    expect(posts.map((p) => [p.title, (p as unknown as { writer: string }).writer])).toEqual(rows.filter((r) => (r.double as number) > 61).map((r) => [r.title, r.writer]));
  });

  it('filters on an F() annotation as on its field (WHERE), and orders by it', async () => {
    queries.clear();
    const bobs = await Post.all().annotate({ writer: F('author__name') }).filter({ writer__startswith: 'b' }).orderBy('-writer', '-views').valuesList('title', { flat: true });
    expect(bobs).toEqual(['post 7', 'post 4', 'post 1']);
    expect(queries.list[0]!.sql).not.toMatch(/\bHAVING\b|\bGROUP BY\b/i);
    const byAge = await Post.all().orderBy(F('author__age'), 'id').valuesList('id', { flat: true });
    const expected = await plain(
      // The same database orders the NULL ages, wherever it puts them.
      `SELECT p.${q('id')} FROM ${q(Post.meta.tableName)} p JOIN ${q(Author.meta.tableName)} a ON a.${q('id')} = p.${q('author_id')} ORDER BY a.${q('age')}, p.${q('id')}`,
    );
    expect(byAge).toEqual(expected.map(([id]) => Number(id)));
  });

  it('binds the numbers of arithmetic once, in order, when the annotation is filtered around and ordered by', async () => {
    const qs = Post.filter({ views__gte: 21 }).annotate({ score: F('views').mul(3).sub(5) }).orderBy('-score').limit(2).values('title', 'score');
    expect(await qs).toEqual([
      { title: 'post 8', score: 81 * 3 - 5 },
      { title: 'post 7', score: 71 * 3 - 5 },
    ]);
    const { sql, params } = qs.toSQL();
    expect(params.slice(0, 3)).toEqual([3, 5, 21]);
    // Ordered by its position in the select list, not by the expression again.
    expect(sql).toMatch(/ORDER BY 2 DESC/i);
  });

  it('mixes with aggregates: F() columns, arithmetic too, are grouped with the rest', async () => {
    const grouped = (await Author.all().annotate({ posts: Count('posts'), next: F('age').add(10) }).orderBy('-next').values('name', 'posts', 'next')) as Record<string, unknown>[];
    // Where NULL sorts differs by database; the rows and their values do not.
    expect([...grouped].sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: 'ann', posts: 3, next: 51 },
      { name: 'bob', posts: 3, next: 39 },
      { name: 'cy', posts: 3, next: null },
    ]);
    const instances = await Author.all().annotate({ posts: Count('posts'), next: F('age').add(10) }).orderBy('name');
    expect(instances.map((a) => [a.name, (a as unknown as { posts: number }).posts, (a as unknown as { next: number | null }).next])).toEqual([['ann', 3, 51], ['bob', 3, 39], ['cy', 3, null]]);
    const rows = await Author.all().annotate({ posts: Count('posts'), label: F('name') }).orderBy('label').values('label', 'posts');
    expect(rows).toEqual([
      { label: 'ann', posts: 3 },
      { label: 'bob', posts: 3 },
      { label: 'cy', posts: 3 },
    ]);
  });

  it('refuses with one clear line what cannot work', async () => {
    expect(() => Post.all().annotate({ title: F('author__name') })).toThrow(UsageError);
    expect(() => Post.all().annotate({ title: F('author__name') })).toThrow(/the annotation "title" conflicts with a field of Post; choose another name/);
    expect(() => Post.all().annotate({ a__b: F('views') })).toThrow(/may not contain "__"/);
    expect(() => Post.all().annotate({ x: 'author__name' as never })).toThrow(/"x" must be an aggregate \(Count, Sum, …\) or an F\(\) expression, not the string "author__name" \(wrap a field path in F\(\)\)/);
    expect(() => Post.all().orderBy(F('views').add(1))).toThrow(/F\(\) arithmetic cannot be ordered by directly; annotate\(\) it/);
    expect(() => Post.all().annotate({ s: F('views').add(1) }).filter({ s__gt: 3 })).toThrow(/cannot filter on "s": it is F\(\) arithmetic/);
    await expect(Post.all().annotate({ c: F('comments__text') }).values('c')).rejects.toThrow(/crosses a reverse relation/);
    await expect(Post.all().annotate({ c: F('author__nope') }).values('c')).rejects.toThrow(UsageError);
  });
});
