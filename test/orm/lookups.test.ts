/** Every lookup, Q combination and ordering against real databases. */
import { beforeAll, describe, expect, it } from 'vitest';
import { F, Q } from '../../src/index.js';
import { blogModels } from '../support/blog-models.js';
import { testTargets, useDatabase } from '../support/orm.js';

const { Author, Post, Comment, all } = blogModels('lk');

describe.each(testTargets())('lookups on $label', (target) => {
  useDatabase(target, all);

  beforeAll(async () => {
    const base = Date.UTC(2024, 0, 1);
    const people = [
      { name: 'Ann', email: 'ann@example.com', age: 31, isActive: true },
      { name: 'bob', email: 'bob@example.org', age: 17, isActive: true },
      { name: 'Cé_cile', email: 'cecile@example.com', age: null, isActive: false },
      { name: '100% Dan', email: 'dan@EXAMPLE.com', age: 45, isActive: true },
    ];
    const authors = [];
    for (const [i, p] of people.entries()) authors.push(await Author.create({ ...p, createdAt: new Date(base + i * 86_400_000) }));
    const [ann, bob, , dan] = authors;
    await Post.bulkCreate([
      { author: ann!, title: 'Intro to SQL', views: 10, published: true },
      { author: ann!, title: 'Advanced SQL', views: 250, published: true, rating: '4.50' },
      { author: bob!, title: 'Hello world', views: 3 },
      { author: dan!, title: '50% off', views: 99, published: true, rating: '3.25' },
    ]);
  });

  const names = async (qs: PromiseLike<{ name: string }[]>) => (await qs).map((a) => a.name).sort();

  it('exact and iexact', async () => {
    expect(await names(Author.filter({ name: 'bob' }))).toEqual(['bob']);
    expect(await names(Author.filter({ name: 'BOB' }))).toEqual([]);
    expect(await names(Author.filter({ name__iexact: 'BOB' }))).toEqual(['bob']);
  });

  it('contains / icontains, with LIKE wildcards matched literally', async () => {
    expect(await names(Author.filter({ name__contains: 'o' }))).toEqual(['bob']);
    expect(await names(Author.filter({ name__icontains: 'AN' }))).toEqual(['100% Dan', 'Ann']);
    expect(await names(Author.filter({ name__contains: '%' }))).toEqual(['100% Dan']);
    expect(await names(Author.filter({ name__contains: '_' }))).toEqual(['Cé_cile']);
    expect(await names(Author.filter({ name__contains: 'a' }))).toEqual(['100% Dan']);
  });

  it('startswith / istartswith / endswith / iendswith', async () => {
    expect(await names(Author.filter({ name__startswith: 'A' }))).toEqual(['Ann']);
    expect(await names(Author.filter({ name__startswith: 'a' }))).toEqual([]);
    expect(await names(Author.filter({ name__istartswith: 'a' }))).toEqual(['Ann']);
    expect(await names(Author.filter({ email__endswith: '.com' }))).toEqual(['100% Dan', 'Ann', 'Cé_cile']);
    expect(await names(Author.filter({ email__endswith: 'example.com' }))).toEqual(['Ann', 'Cé_cile']);
    expect(await names(Author.filter({ email__iendswith: 'EXAMPLE.COM' }))).toEqual(['100% Dan', 'Ann', 'Cé_cile']);
  });

  it('in, gt, gte, lt, lte, range, isnull', async () => {
    expect(await names(Author.filter({ name__in: ['Ann', 'bob', 'nobody'] }))).toEqual(['Ann', 'bob']);
    expect(await names(Author.filter({ name__in: [] }))).toEqual([]);
    expect(await names(Author.filter({ age__gt: 31 }))).toEqual(['100% Dan']);
    expect(await names(Author.filter({ age__gte: 31 }))).toEqual(['100% Dan', 'Ann']);
    expect(await names(Author.filter({ age__lt: 31 }))).toEqual(['bob']);
    expect(await names(Author.filter({ age__lte: 31 }))).toEqual(['Ann', 'bob']);
    expect(await names(Author.filter({ age__range: [17, 31] }))).toEqual(['Ann', 'bob']);
    expect(await names(Author.filter({ age__isnull: true }))).toEqual(['Cé_cile']);
    expect(await names(Author.filter({ age: null }))).toEqual(['Cé_cile']);
    expect(await names(Author.filter({ age__isnull: false }))).toHaveLength(3);
  });

  it('dates and booleans', async () => {
    expect(await names(Author.filter({ createdAt__gte: new Date(Date.UTC(2024, 0, 3)) }))).toEqual(['100% Dan', 'Cé_cile']);
    expect(await names(Author.filter({ isActive: false }))).toEqual(['Cé_cile']);
  });

  it('Q with or, and, not; exclude', async () => {
    expect(await names(Author.filter(Q.of({ age__gte: 40 }).or({ name: 'bob' })))).toEqual(['100% Dan', 'bob']);
    expect(await names(Author.filter(Q.of({ isActive: true }).and(Q.not({ name__startswith: 'b' }))))).toEqual(['100% Dan', 'Ann']);
    expect(await names(Author.exclude({ isActive: true }))).toEqual(['Cé_cile']);
    expect(await names(Author.filter({ isActive: true }).exclude({ age__lt: 18 }))).toEqual(['100% Dan', 'Ann']);
  });

  it('ordering, limit, offset, first, last, count, exists', async () => {
    expect((await Author.all().orderBy('-createdAt').limit(2)).map((a) => a.name)).toEqual(['100% Dan', 'Cé_cile']);
    expect((await Author.all().orderBy('createdAt').offset(1).limit(2)).map((a) => a.name)).toEqual(['bob', 'Cé_cile']);
    expect((await Author.all().orderBy('isActive', '-age')).map((a) => a.name)).toEqual(['Cé_cile', '100% Dan', 'Ann', 'bob']);
    expect((await Author.all().first())!.name).toBe('Ann');
    expect((await Author.all().last())!.name).toBe('100% Dan');
    expect(await Author.all().count()).toBe(4);
    expect(await Author.filter({ isActive: true }).count()).toBe(3);
    expect(await Author.all().offset(1).limit(2).count()).toBe(2);
    expect(await Author.filter({ name: 'zed' }).exists()).toBe(false);
    expect(await Author.filter({ name: 'Ann' }).exists()).toBe(true);
  });

  it('across relations: forward joins and reverse EXISTS', async () => {
    const titles = async (qs: PromiseLike<{ title: string }[]>) => (await qs).map((p) => p.title).sort();
    expect(await titles(Post.filter({ author__name__iexact: 'ANN' }))).toEqual(['Advanced SQL', 'Intro to SQL']);
    expect(await titles(Post.filter({ author__age__lt: 18 }))).toEqual(['Hello world']);
    expect(await names(Author.filter({ posts__views__gte: 99 }))).toEqual(['100% Dan', 'Ann']);
    expect(await names(Author.exclude({ posts__published: true }))).toEqual(['Cé_cile', 'bob']);
    expect(await Comment.filter({ post__author__name: 'Ann' }).count()).toBe(0);
  });

  it('F expressions in filters and updates', async () => {
    expect(await Post.filter({ views__gt: F('id').mul(20) }).count()).toBeGreaterThan(0);
    const updated = await Post.filter({ author__name: 'bob' }).update({ views: F('views').add(1) });
    expect(updated).toBe(1);
    expect((await Post.get({ title: 'Hello world' })).views).toBe(4);
  });

  it('get raises typed errors for none and for many', async () => {
    await expect(Author.get({ name: 'nobody' })).rejects.toMatchObject({ code: 'DOES_NOT_EXIST' });
    await expect(Author.get({ isActive: true })).rejects.toMatchObject({ code: 'MULTIPLE_OBJECTS' });
  });

  it('only / defer / values / valuesList / distinct', async () => {
    const [a] = await Author.filter({ name: 'Ann' }).only('name');
    expect(a!.name).toBe('Ann');
    expect(a!.email).toBeUndefined();
    expect(typeof a!.id).toBe('number');
    const [d] = await Author.filter({ name: 'Ann' }).defer('email');
    expect(d!.email).toBeUndefined();
    expect(d!.age).toBe(31);
    expect(await Author.filter({ name: 'Ann' }).values('name', 'age')).toEqual([{ name: 'Ann', age: 31 }]);
    expect(await Author.filter({ age__gte: 31 }).orderBy('age').valuesList('name', 'age')).toEqual([['Ann', 31], ['100% Dan', 45]]);
    expect(await Author.filter({ age__gte: 18 }).orderBy('-age').valuesList('name', { flat: true })).toEqual(['100% Dan', 'Ann']);
    expect(await Post.filter({ published: true }).values('authorId').distinct().count()).toBe(2);
    expect(await Post.all().values('author__name').orderBy('author__name').distinct()).toHaveLength(3);
  });
});
