/** Instance life cycle: create, save (insert, update, updateFields), delete, autoNow, and the get-or-create family. */
import { describe, expect, it } from 'vitest';
import { AutoField, CharField, DateTimeField, IntField, model } from '../../src/index.js';
import { testTargets, useDatabase } from '../support/orm.js';

const Doc = model('Doc', {
  id: AutoField(),
  slug: CharField({ maxLength: 50, unique: true }),
  hits: IntField({ default: 0 }),
  createdAt: DateTimeField({ autoNowAdd: true }),
  updatedAt: DateTimeField({ autoNow: true }),
}, { tableName: 'inst_doc', ordering: ['slug'] });

describe.each(testTargets())('instances on $label', (target) => {
  useDatabase(target, [Doc]);

  it('save() inserts a new instance and fills its id, then updates it', async () => {
    const d = new Doc({ slug: 'a' });
    expect(d.id).toBeUndefined();
    expect(d.hits).toBe(0);
    await d.save();
    expect(typeof d.id).toBe('number');
    expect(d.pk).toBe(d.id);
    const firstUpdate = d.updatedAt;
    d.hits = 5;
    await new Promise((r) => setTimeout(r, 5));
    await d.save();
    const back = await Doc.get({ id: d.id });
    expect(back.hits).toBe(5);
    expect(back.updatedAt.getTime()).toBeGreaterThan(firstUpdate.getTime());
    expect(back.createdAt.getTime()).toBe(d.createdAt.getTime());
  });

  it('save({ updateFields }) writes only those fields', async () => {
    const d = await Doc.create({ slug: 'b', hits: 1 });
    await Doc.filter({ id: d.id }).update({ slug: 'b2' });
    d.hits = 9;
    await d.save({ updateFields: ['hits'] });
    const back = await Doc.get({ id: d.id });
    expect([back.slug, back.hits]).toEqual(['b2', 9]);
  });

  it('delete() removes the row; deleting an unsaved instance is a usage error', async () => {
    const d = await Doc.create({ slug: 'c' });
    expect(await d.delete()).toBe(1);
    expect(await Doc.filter({ slug: 'c' }).exists()).toBe(false);
    await expect(new Doc({ slug: 'x' }).delete()).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('a unique violation is a QueryError with the database code', async () => {
    await Doc.create({ slug: 'dup' });
    const error = await Doc.create({ slug: 'dup' }).then(() => undefined, (e: unknown) => e as { code: string; dbCode: string; sql: string });
    expect(error?.code).toBe('QUERY_FAILED');
    expect(error?.dbCode).toBe({ postgres: '23505', mysql: '1062', sqlite: 'SQLITE_CONSTRAINT_UNIQUE' }[target.dialect]);
    expect(error?.sql).toMatch(/^INSERT INTO/);
  });

  it('getOrCreate, updateOrCreate, inBulk, default ordering', async () => {
    const [x, created] = await Doc.getOrCreate({ slug: 'goc' }, { hits: 3 });
    expect(created).toBe(true);
    const [y, again] = await Doc.getOrCreate({ slug: 'goc' }, { hits: 7 });
    expect([again, y.id, y.hits]).toEqual([false, x.id, 3]);
    const [z, made] = await Doc.updateOrCreate({ slug: 'goc' }, { hits: 11 });
    expect([made, z.hits, (await Doc.get({ slug: 'goc' })).hits]).toEqual([false, 11, 11]);
    const map = await Doc.inBulk([x.id, -1]);
    expect([...map.keys()]).toEqual([x.id]);
    const slugs = (await Doc.all()).map((d) => d.slug);
    expect(slugs).toEqual([...slugs].sort());
  });
});
