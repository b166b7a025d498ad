/** aggregate() and annotate(): grouping by values, counting reverse relations, HAVING on annotations. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Avg, Count, Max, Min, Sum } from '../../src/index.js';
import { blogModels } from '../support/blog-models.js';
import { testTargets, useDatabase } from '../support/orm.js';

const { Author, Post, all } = blogModels('ann');

describe.each(testTargets())('aggregates on $label', (target) => {
  useDatabase(target, all);
  beforeAll(async () => {
    const [a, b] = await Author.bulkCreate([{ name: 'a', email: 'a@x' }, { name: 'b', email: 'b@x' }, { name: 'c', email: 'c@x' }]);
    await Post.bulkCreate([
      { authorId: a!.id, title: 'p1', views: 10, rating: '1.50' },
      { authorId: a!.id, title: 'p2', views: 30, rating: '2.25' },
      { authorId: b!.id, title: 'p3', views: 5 },
    ]);
  });

  it('aggregate() over the filtered rows, with exact decimal sums', async () => {
    expect(await Post.all().aggregate({ n: Count(), total: Sum('views'), avg: Avg('views'), lo: Min('views'), hi: Max('views'), money: Sum('rating') }))
      .toEqual({ n: 3, total: 45, avg: 15, lo: 5, hi: 30, money: '3.75' });
    expect(await Post.filter({ author__name: 'a' }).aggregate({ n: Count('id') })).toEqual({ n: 2 });
    expect(await Post.filter({ views__gt: 1000 }).aggregate({ n: Count(), hi: Max('views') })).toEqual({ n: 0, hi: null });
  });

  it('values().annotate() groups by the values', async () => {
    const rows = await Post.all().values('author__name').annotate({ n: Count('id'), totalViews: Sum('views') }).orderBy('author__name');
    expect(rows).toEqual([{ author__name: 'a', n: 2, totalViews: 40 }, { author__name: 'b', n: 1, totalViews: 5 }]);
  });

  it('annotate() on instances counts a reverse relation, including zero', async () => {
    const authors = await Author.all().annotate({ postCount: Count('posts') }).orderBy('name');
    expect(authors.map((a) => [a.name, (a as unknown as { postCount: number }).postCount])).toEqual([['a', 2], ['b', 1], ['c', 0]]);
  });

  it('filters on an annotation become HAVING; ordering by an annotation works', async () => {
    const busy = await Author.all().annotate({ postCount: Count('posts') }).filter({ postCount__gte: 1 }).orderBy('-postCount');
    expect(busy.map((a) => a.name)).toEqual(['a', 'b']);
    expect(await Author.all().annotate({ postCount: Count('posts') }).filter({ postCount: 0 }).count()).toBe(1);
  });
});
