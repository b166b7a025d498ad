/**
 * `__in` lists longer than any database's parameter limit (65,535 on PostgreSQL and MySQL, 32,766 on
 * SQLite) work on every field kind: past max values the list is bound as one JSON array
 * and read back as the column's type. Answers are checked against the rows the test wrote.
 */
import { describe, expect, it } from 'vitest';
import {
  AutoField, BigIntField, BinaryField, BooleanField, CharField, DateField, DateTimeField, DecimalField, ForeignKey, IntField, model, UsageError, UUIDField,
} from '../../src/index.js';
import { inlineMax } from '../../src/core/query/lookups.js';
import { recordQueries, testTargets, useDatabase } from '../support/orm.js';

const Shelf = model('Shelf', { id: AutoField(), label: CharField({ maxLength: 20 }) }, { tableName: 'long_in_shelf' });
const Box = model('Box', {
  id: AutoField(),
  shelf: ForeignKey(() => Shelf, { onDelete: 'CASCADE' }),
  code: CharField({ maxLength: 30 }),
  n: IntField(),
  big: BigIntField(),
  at: DateTimeField(),
  day: DateField(),
  flag: BooleanField(),
  price: DecimalField({ maxDigits: 10, decimalPlaces: 2 }),
  uid: UUIDField(),
  blob: BinaryField({ null: true }),
}, { tableName: 'long_in_box' });

const ROWS = 300;
/** Longer than every database's parameter limit. */
const LONG = 70_000;
const BASE = Date.UTC(2024, 0, 1);
const uuid = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const row = (i: number) => ({
  code: `box-${i}`,
  n: i * 3,
  big: 9_007_199_254_740_993n + BigInt(i),
  at: new Date(BASE + i * 1234),
  day: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  flag: i % 3 === 0,
  price: `${i}.${String(i % 100).padStart(2, '0')}`,
  uid: uuid(i),
});
/** Every 7th row's value, padded past LONG with values no row holds. */
function longList<T>(pick: (i: number) => T, miss: (k: number) => T): T[] {
  const out: T[] = [];
  for (let i = 1; i <= ROWS; i += 7) out.push(pick(i));
  for (let k = 0; out.length < LONG; k++) out.push(miss(k));
  return out;
}
const wanted = (): number[] => Array.from({ length: ROWS }, (_, k) => k + 1).filter((i) => (i - 1) % 7 === 0);

describe.each(testTargets())('__in past the parameter limit on $label', (target) => {
  useDatabase(target, [Shelf, Box]);
  const queries = recordQueries();
  let ids: number[] = [];

  it('seeds', async () => {
    const shelves = await Shelf.bulkCreate([{ label: 'a' }, { label: 'b' }]);
    const boxes = await Box.bulkCreate(Array.from({ length: ROWS }, (_, k) => ({ ...row(k + 1), shelf: shelves[k % 2]! })));
    ids = boxes.map((b) => b.id);
    expect(ids).toEqual(Array.from({ length: ROWS }, (_, k) => k + 1));
  });

  it('matches on every field kind with one parameter for the whole list', async () => {
    const want = wanted();
    const max = inlineMax(target.dialect);
    const lists: [string, unknown[]][] = [
      ['id__in', longList((i) => i, (k) => ROWS + 1 + k)],
      ['code__in', longList((i) => row(i).code, (k) => `none-${k}`)],
      ['n__in', longList((i) => row(i).n, (k) => -1 - k)],
      ['big__in', longList((i) => row(i).big, (k) => -1n - BigInt(k))],
      ['at__in', longList((i) => row(i).at, (k) => new Date(BASE - 1000 - k))],
      ['uid__in', longList((i) => row(i).uid, (k) => uuid(100_000 + k))],
      ['price__in', longList((i) => row(i).price, (k) => `-${k}.50`)],
    ];
    for (const [key, list] of lists) {
      queries.clear();
      const qs = Box.filter({ [key]: list } as never).orderBy('id');
      expect(await qs.valuesList('id', { flat: true }), key).toEqual(want);
      expect(queries.list, key).toHaveLength(1);
      expect(qs.toSQL().params, key).toHaveLength(1);
    }
    // Booleans and dates repeat across rows: the answer is every row holding one of the values.
    const days = longList((i) => row(i).day, () => '1999-01-01').slice(0, max + 5);
    const daySet = new Set(days);
    expect(await Box.filter({ day__in: days }).count()).toBe(ids.filter((i) => daySet.has(row(i).day)).length);
    const flags = Array.from({ length: max + 1 }, () => true);
    expect(await Box.filter({ flag__in: flags }).count()).toBe(ids.filter((i) => row(i).flag).length);
  });

  it('works across a relation, in exclude, count, exists, update and delete', async () => {
    const want = wanted();
    const max = inlineMax(target.dialect);
    const list = longList((i) => i, (k) => ROWS + 1 + k);
    const shelfIds = Array.from({ length: max + 1 }, (_, k) => (k === 0 ? 1 : 1000 + k));
    expect(await Box.filter({ shelf__in: shelfIds }).count()).toBe(ROWS / 2);
    expect(await Box.filter({ shelf__id__in: shelfIds, id__in: list }).count()).toBe(want.filter((i) => (i - 1) % 2 === 0).length);
    expect(await Box.exclude({ id__in: list }).count()).toBe(ROWS - want.length);
    expect(await Box.filter({ id__in: list, n__gte: 300 }).orderBy('-id').limit(3).valuesList('id', { flat: true })).toEqual(want.slice(-3).reverse());
    expect(await Box.filter({ id__in: list.slice(want.length) }).exists()).toBe(false);
    expect(await Box.filter({ id__in: list }).update({ n: -5 })).toBe(want.length);
    expect(await Box.filter({ n: -5 }).orderBy('id').valuesList('id', { flat: true })).toEqual(want);
    expect(await Box.filter({ id__in: list }).delete()).toBe(want.length);
    expect(await Box.all().count()).toBe(ROWS - want.length);
  });

  it('keeps lists up to the inline maximum as one parameter each, and says what to do for bytes', async () => {
    const max = inlineMax(target.dialect);
    expect(Box.filter({ id__in: Array.from({ length: max }, (_, k) => k + 1) }).toSQL().params).toHaveLength(max);
    const blobs = Array.from({ length: max + 1 }, (_, k) => Buffer.from([k % 256]));
    const error = await Box.filter({ blob__in: blobs }).count().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`blob__in has ${max + 1} values: lists that long are sent as one JSON array, which cannot carry binary values; split the list into parts of 1000`);
    expect(await Box.filter({ id__in: [] }).count()).toBe(0);
  });
});
