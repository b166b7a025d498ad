/**
 * Conditions on a reverse relation follow Django's rule, on every database and executor: in one
 * filter() object they must hold for the same related row; in chained filter() calls each may be met by
 * a different row; exclude() removes the rows for which its conditions' sub-selects all match. No
 * answer repeats a row, and a nested relation (posts → comments) follows the same rule one level down.
 */
import { describe, expect, it } from 'vitest';
import { Q } from '../../src/index.js';
import { blogModels } from '../support/blog-models.js';
import { testTargets, useDatabase } from '../support/orm.js';

const { Author, Post, Comment, all } = blogModels('mv');

describe.each(testTargets())('multi-valued filters on $label', (target) => {
  useDatabase(target, all);
  const names = (qs: { valuesList(f: 'name', o: { flat: true }): PromiseLike<string[]> }) => qs.valuesList('name', { flat: true });

  it('seeds three authors: the popular SQL post, two posts each meeting one condition, none', async () => {
    const [ann, bob] = await Author.bulkCreate([
      { name: 'ann', email: 'ann@x' },
      { name: 'bob', email: 'bob@x' },
      { name: 'cy', email: 'cy@x' },
    ]);
    const [cooking, tips, deep] = await Post.bulkCreate([
      { author: ann!, title: 'Cooking', views: 150 },
      { author: ann!, title: 'SQL tips', views: 20 },
      { author: bob!, title: 'SQL deep dive', views: 200 },
      { author: bob!, title: 'SQL again', views: 300 },
    ]);
    await Comment.bulkCreate([
      { post: cooking!, text: 'tasty', editor: bob! },
      { post: tips!, text: 'useful' },
      { post: deep!, text: 'useful', editor: ann! },
    ]);
  });

  it('one filter() object: the same post must meet every condition', async () => {
    expect(await names(Author.filter({ posts__views__gte: 100, posts__title__startswith: 'SQL' }).orderBy('name'))).toEqual(['bob']);
    expect(await names(Author.filter(Q.of({ posts__views__gte: 100, posts__title__startswith: 'SQL' })).orderBy('name'))).toEqual(['bob']);
  });

  it('chained filter() calls: each condition may be met by a different post', async () => {
    expect(await names(Author.filter({ posts__views__gte: 100 }).filter({ posts__title__startswith: 'SQL' }).orderBy('name'))).toEqual(['ann', 'bob']);
  });

  it('exclude(): authors with a popular post and an SQL post, even two different ones, are out', async () => {
    expect(await names(Author.exclude({ posts__views__gte: 100, posts__title__startswith: 'SQL' }).orderBy('name'))).toEqual(['cy']);
    expect(await names(Author.exclude({ posts__views__gte: 250 }).orderBy('name'))).toEqual(['ann', 'cy']);
  });

  it('never repeats a row, and counts each author once', async () => {
    expect(await names(Author.filter({ posts__views__gte: 10 }).orderBy('name'))).toEqual(['ann', 'bob']);
    expect(await Author.filter({ posts__views__gte: 10 }).count()).toBe(2);
    expect(await Author.filter({ posts__title__contains: 'SQL', name__startswith: 'b' }).count()).toBe(1);
  });

  it('__isnull: true across a reverse relation also matches rows with no related row, as a LEFT JOIN does', async () => {
    expect(await names(Author.filter({ posts__isnull: true }).orderBy('name'))).toEqual(['cy']);
    expect(await names(Author.filter({ posts__isnull: false }).orderBy('name'))).toEqual(['ann', 'bob']);
    expect(await names(Author.exclude({ posts__isnull: true }).orderBy('name'))).toEqual(['ann', 'bob']);
    expect(await Author.filter({ posts__isnull: true }).count()).toBe(1);
    // A NOT NULL column of the related row: only "no related row" can make it NULL.
    expect(await names(Author.filter({ posts__title__isnull: true }).orderBy('name'))).toEqual(['cy']);
    // Bob's "SQL again" has no comment; Cy has no post at all.
    expect(await names(Author.filter({ posts__comments__isnull: true }).orderBy('name'))).toEqual(['bob', 'cy']);
    // A nullable column: Ann's "useful" comment has no editor, besides the two ways above.
    expect(await names(Author.filter({ posts__comments__editor__isnull: true }).orderBy('name'))).toEqual(['ann', 'bob', 'cy']);
    expect(await names(Author.filter({ posts__comments__editor__isnull: false }).orderBy('name'))).toEqual(['ann', 'bob']);
  });

  it('nested relations: the comment must be on the post that meets the post condition', async () => {
    // Ann's useful comment is on her 20-view post, Bob's on his 200-view one.
    expect(await names(Author.filter({ posts__views__gte: 100, posts__comments__text: 'useful' }).orderBy('name'))).toEqual(['bob']);
    expect(await names(Author.filter({ posts__views__gte: 100 }).filter({ posts__comments__text: 'useful' }).orderBy('name'))).toEqual(['ann', 'bob']);
    expect(await names(Author.filter({ posts__comments__text: 'useful', posts__comments__editor__name: 'ann' }).orderBy('name'))).toEqual(['bob']);
    expect(await names(Author.filter({ posts__comments__text: 'useful' }).filter({ posts__comments__editor__name: 'bob' }).orderBy('name'))).toEqual(['ann']);
  });
});
