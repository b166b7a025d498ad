/** bulkCreate in batches within each database's parameter limit, conflict handling, and bulkUpdate. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoField, CharField, IntField, model, onQuery, transaction, type QueryEvent, getDatabase } from '../../src/index.js';
import { testTargets, useDatabase } from '../support/orm.js';

const Item = model('Item', {
  id: AutoField(),
  sku: CharField({ maxLength: 40, unique: true }),
  qty: IntField({ default: 0 }),
  label: CharField({ maxLength: 100, default: '' }),
}, { tableName: 'bulk_item' });

/** The native executor on PostgreSQL takes large creates through COPY (src/core/query/bulk-copy.ts). */
const copies = () => getDatabase().dialect.name === 'postgres' && getDatabase().executor.copyInsert !== undefined;

describe.each(testTargets())('bulk operations on $label', (target) => {
  useDatabase(target, [Item]);
  let events: QueryEvent[] = [];
  let stop: () => void = () => {};
  beforeEach(async () => {
    await Item.all().delete();
    events = [];
    stop = onQuery((e) => events.push(e));
  });
  afterEach(() => stop());

  it('creates 10,000 rows in batches that respect the parameter limit, inside one transaction', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ sku: `sku-${i}`, qty: i, label: `it's "${i}"` }));
    const created = await Item.bulkCreate(rows);
    expect(created).toHaveLength(10_000);
    const maxParams = getDatabase().executor.maxParams;
    const inserts = events.filter((e) => e.sql.startsWith('INSERT'));
    const perRow = 3;
    if (copies()) {
      // Keys drawn from the sequence, then one COPY: a single statement, so no transaction is needed.
      expect(events.map((e) => e.sql.split(' ')[0])).toEqual(['SELECT', 'COPY']);
      expect(events[1]).toMatchObject({ sql: 'COPY "bulk_item" ("id", "sku", "qty", "label") FROM STDIN', rows: 10_000 });
    } else {
      expect(inserts.length).toBe(Math.ceil(10_000 / Math.floor(maxParams / perRow)));
    }
    for (const e of inserts) expect((e.sql.match(/\(/g) ?? []).length - 1).toBeLessThanOrEqual(Math.floor(maxParams / perRow));
    if (inserts.length > 1) {
      expect(events[0]!.sql).toMatch(/^(BEGIN|START TRANSACTION)/);
      expect(events.at(-1)!.sql).toBe('COMMIT');
    }
    expect(await Item.all().count()).toBe(10_000);
    if (getDatabase().dialect.insertReturning) {
      const ids = created.map((c) => c.id);
      expect(new Set(ids).size).toBe(10_000);
      const sample = await Item.get({ id: created[1234]!.id });
      expect(sample.sku).toBe('sku-1234');
    }
  });

  it('keeps ids in row order and values intact for a large create inside a transaction', async () => {
    const label = "tab\there\nnew \\N back\\slash 'q' 🐂";
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ sku: `t-${i}`, qty: i, label: i % 2 ? label : '' }));
    const created = await transaction(() => Item.bulkCreate(rows));
    if (copies()) expect(events.filter((e) => e.sql.startsWith('COPY'))).toHaveLength(1);
    expect(await Item.all().count()).toBe(12_000);
    if (getDatabase().dialect.insertReturning) {
      const ids = created.map((c) => c.id);
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
      expect(await Item.get({ id: ids[11_999]! }).then((it) => [it.sku, it.qty, it.label])).toEqual(['t-11999', 11_999, label]);
    }
  });

  it('a large create that violates a constraint writes nothing', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ sku: i === 11_999 ? 'big-0' : `big-${i}` }));
    await expect(Item.bulkCreate(rows)).rejects.toMatchObject({ code: 'QUERY_FAILED' });
    expect(await Item.all().count()).toBe(0);
  });

  it('honours an explicit batchSize', async () => {
    await Item.bulkCreate(Array.from({ length: 25 }, (_, i) => ({ sku: `b-${i}` })), { batchSize: 10 });
    expect(events.filter((e) => e.sql.startsWith('INSERT'))).toHaveLength(3);
    expect(await Item.all().count()).toBe(25);
  });

  it('ignores conflicting rows with onConflict: ignore', async () => {
    await Item.bulkCreate([{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }]);
    await Item.bulkCreate([{ sku: 'b', qty: 20 }, { sku: 'c', qty: 3 }], { onConflict: 'ignore' });
    expect(await Item.all().orderBy('sku').valuesList('sku', 'qty')).toEqual([['a', 1], ['b', 2], ['c', 3]]);
  });

  it('updates conflicting rows with onConflict: update', async () => {
    await Item.bulkCreate([{ sku: 'a', qty: 1, label: 'old' }]);
    await Item.bulkCreate([{ sku: 'a', qty: 5, label: 'new' }, { sku: 'z', qty: 9 }], { onConflict: { update: ['qty'], target: ['sku'] } });
    expect(await Item.all().orderBy('sku').valuesList('sku', 'qty', 'label')).toEqual([['a', 5, 'old'], ['z', 9, '']]);
  });

  it('fails whole: a duplicate in a multi-batch bulkCreate leaves no rows', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ sku: i === 29 ? 'dup-0' : `dup-${i}` }));
    await expect(Item.bulkCreate(rows, { batchSize: 10 })).rejects.toMatchObject({ code: 'QUERY_FAILED' });
    expect(await Item.all().count()).toBe(0);
  });

  it('bulkUpdate writes the given fields of many rows in few statements', async () => {
    await Item.bulkCreate(Array.from({ length: 500 }, (_, i) => ({ sku: `u-${i}`, qty: i })));
    const items = await Item.all().orderBy('id');
    for (const it of items) {
      it.qty = it.qty * 2;
      it.label = 'changed';
    }
    events = [];
    const n = await Item.bulkUpdate(items, ['qty']);
    expect(n).toBe(500);
    expect(events.filter((e) => e.sql.startsWith('UPDATE')).length).toBeLessThanOrEqual(Math.ceil(500 / Math.floor(getDatabase().executor.maxParams / 3)));
    expect(await Item.filter({ sku: 'u-7' }).valuesList('qty', { flat: true })).toEqual([14]);
    expect(await Item.filter({ label: 'changed' }).count()).toBe(0);
  });
});
