/** The opt-in query cache: hits skip the database; any write through Oxen to a table read invalidates. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDatabase, onQuery, transaction, type QueryEvent } from '../../src/index.js';
import { blogModels } from '../support/blog-models.js';
import { testTargets, useDatabase } from '../support/orm.js';

const { Author, Post, all } = blogModels('qc');

describe.each(testTargets())('query cache on $label', (target) => {
  useDatabase(target, all, { performance: { queryCacheEnabled: true, queryCacheTtl: 60, queryCacheMaxSize: 100 } });
  let events: QueryEvent[] = [];
  let stop: () => void = () => {};
  const dbHits = () => events.filter((e) => !e.cached && e.sql.startsWith('SELECT')).length;
  beforeEach(async () => {
    await Post.all().delete();
    await Author.all().delete();
    events = [];
    stop = onQuery((e) => events.push(e));
  });
  afterEach(() => stop());

  it('answers a repeated read from the cache, with fresh objects each time', async () => {
    await Author.create({ name: 'a', email: 'a@x' });
    const first = await Author.filter({ name: 'a' });
    const second = await Author.filter({ name: 'a' });
    expect(dbHits()).toBe(1);
    expect(events.filter((e) => e.cached)).toHaveLength(1);
    expect(second).toEqual(first);
    expect(second[0]).not.toBe(first[0]);
    expect(getDatabase().cache!.stats().hits).toBeGreaterThanOrEqual(1);
  });

  it('is invalidated by create, save, update, delete and bulk writes to the table', async () => {
    const a = await Author.create({ name: 'a', email: 'a@x' });
    expect(await Author.all().count()).toBe(1);
    await Author.create({ name: 'b', email: 'b@x' });
    expect(await Author.all().count()).toBe(2);
    a.name = 'renamed';
    await a.save();
    expect(await Author.filter({ name: 'renamed' }).count()).toBe(1);
    await Author.filter({ name: 'b' }).update({ age: 3 });
    expect(await Author.filter({ age: 3 }).count()).toBe(1);
    await Author.bulkCreate([{ name: 'c', email: 'c@x' }]);
    expect(await Author.all().count()).toBe(3);
    await Author.filter({ name: 'c' }).delete();
    expect(await Author.all().count()).toBe(2);
  });

  it('drops reads whose EXISTS sub-select (a reverse or many-to-many filter) reads the written table', async () => {
    const a = await Author.create({ name: 'a', email: 'a@x' });
    expect(await Author.filter({ posts__title: 't' }).count()).toBe(0);
    expect(await Author.filter({ posts__title: 't' })).toEqual([]);
    await Post.create({ author: a, title: 't' });
    expect(await Author.filter({ posts__title: 't' }).count()).toBe(1);
    expect(await Author.filter({ posts__title: 't' })).toHaveLength(1);
  });

  it('drops reads of rows removed by a cascade', async () => {
    const a = await Author.create({ name: 'a', email: 'a@x' });
    await Post.create({ author: a, title: 't' });
    expect(await Post.all().count()).toBe(1);
    await a.delete();
    expect(await Post.all().count()).toBe(0);
  });

  it('bypasses the cache inside transactions and with cache(false)', async () => {
    await Author.create({ name: 'a', email: 'a@x' });
    await Author.all().count();
    await Author.all().cache(false).count();
    expect(dbHits()).toBe(2);
    await transaction(async () => {
      await Author.all().count();
    });
    expect(dbHits()).toBe(3);
  });

  it('invalidates on commit what other readers cached while the transaction was open', async () => {
    let go!: () => void;
    const gate = new Promise<void>((r) => (go = r));
    const tx = transaction(async () => {
      await Author.create({ name: 'in-tx', email: 'tx@x' });
      await gate;
    });
    if (target.dialect !== 'sqlite') {
      await new Promise((r) => setTimeout(r, 30));
      expect(await Author.all().count()).toBe(0);
    }
    go();
    await tx;
    expect(await Author.all().count()).toBe(1);
  });
});
