/**
 * Parts of the public API with no test of their own before: F() division, random ordering, `toSQL()`
 * and a function `default` through `create`, on every database and executor.
 */
import { describe, expect, it } from 'vitest';
import { AutoField, CharField, F, FloatField, IntField, model } from '../../src/index.js';
import { recordQueries, testTargets, useDatabase } from '../support/orm.js';

let serial = 0;
const Meter = model('Meter', {
  id: AutoField(),
  label: CharField({ maxLength: 40, default: () => `meter-${++serial}` }),
  count: IntField(),
  ratio: FloatField(),
}, { tableName: 'expression_api_meter' });

describe.each(testTargets())('expression API on $label', (target) => {
  useDatabase(target, [Meter]);
  const queries = recordQueries();

  it('a function default is called once per created row, and an explicit value wins', async () => {
    const before = serial;
    const a = await Meter.create({ count: 5, ratio: 1.5 });
    const b = await Meter.create({ count: -7, ratio: 3 });
    const c = await Meter.create({ label: 'given', count: 9, ratio: 0.25 });
    const [d, e] = await Meter.bulkCreate([{ count: 1, ratio: 2 }, { count: 2, ratio: 4 }]);
    expect([a.label, b.label, c.label, d!.label, e!.label]).toEqual([`meter-${before + 1}`, `meter-${before + 2}`, 'given', `meter-${before + 3}`, `meter-${before + 4}`]);
    expect(await Meter.all().orderBy('id').valuesList('label', { flat: true })).toEqual([a.label, b.label, 'given', d!.label, e!.label]);
  });

  it('F().div divides floats exactly and integers with truncation toward zero on every database', async () => {
    const rows = await Meter.all().orderBy('id').annotate({ half: F('ratio').div(2), third: F('count').div(3) }).values('count', 'half', 'third');
    expect(rows.map((r) => r.half)).toEqual([0.75, 1.5, 0.125, 1, 2]);
    expect(rows.map((r) => Number(r.third))).toEqual([1, -2, 3, 0, 0]);
    await Meter.filter({ count: 9 }).update({ count: F('count').div(2) });
    expect(await Meter.get({ label: 'given' }).then((m) => m.count)).toBe(4);
    expect(await Meter.filter({ ratio__gt: F('count').div(2) }).orderBy('id').valuesList('count', { flat: true })).toEqual([-7, 1, 2]);
    // Non-whole numbers make it a real division, typed as such (PostgreSQL refused 1.5 beside an integer column).
    const scaled = await Meter.all().orderBy('id').annotate({ x: F('count').mul(1.5), y: F('count').div(2.5) }).values('x', 'y');
    expect(scaled.map((r) => [r.x, r.y])).toEqual([[7.5, 2], [-10.5, -2.8], [6, 1.6], [1.5, 0.4], [3, 0.8]]);
    await expect(Meter.all().update({ count: F('count').mul(1.5) })).rejects.toThrow(/^update\(\): Meter\.count is an integer field, and this F\(\) arithmetic can give fractions/);
    await expect(Meter.all().update({ count: F('ratio').add(1) })).rejects.toThrow(/is an integer field/);
    await Meter.all().update({ ratio: F('count').div(2) });
    expect(await Meter.all().orderBy('id').valuesList('ratio', { flat: true })).toEqual([2, -3, 2, 0, 1]);
  });

  it("orderBy('?') returns every row, in an order the database draws", async () => {
    const all = await Meter.all().orderBy('id').valuesList('id', { flat: true });
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const ids = await Meter.all().orderBy('?').valuesList('id', { flat: true });
      expect([...ids].sort((x, y) => x - y)).toEqual(all);
      seen.add(ids.join(','));
    }
    // Five rows have 120 orders: twelve draws all alike would mean no random order at all.
    expect(seen.size).toBeGreaterThan(1);
    expect(queries.list.at(-1)!.sql).toMatch(target.dialect === 'mysql' ? /ORDER BY RAND\(\)/ : /ORDER BY RANDOM\(\)/);
  });

  it('toSQL() is what runs: the same SQL the query event reports, values bound, identifiers quoted', async () => {
    const qs = Meter.filter({ label__startswith: "it's", count__gte: 2 }).orderBy('-count').limit(3);
    const { sql, params } = qs.toSQL();
    const q = target.dialect === 'mysql' ? '`' : '"';
    expect(sql).toContain(`FROM ${q}expression_api_meter${q}`);
    expect(sql).not.toContain("it's");
    expect(params).toHaveLength(2);
    expect(params).toContain(2);
    expect(params.find((p) => typeof p === 'string')).toMatch(/^it's[%*]$/);
    queries.clear();
    await qs.fetch();
    expect(queries.list.map((e) => e.sql)).toEqual([sql]);
  });
});
