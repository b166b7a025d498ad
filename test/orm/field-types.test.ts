/** A round trip of every field type on every database, including nulls in every nullable field. */
import { describe, expect, it } from 'vitest';
import {
  AutoField, BigIntField, BinaryField, BooleanField, CharField, DateField, DateTimeField, DecimalField, FloatField, IntField, JSONField,
  model, TextField, UUIDField,
} from '../../src/index.js';
import { testTargets, useDatabase } from '../support/orm.js';

const Everything = model('Everything', {
  id: AutoField(),
  int: IntField({ null: true }),
  big: BigIntField({ null: true }),
  float: FloatField({ null: true }),
  money: DecimalField({ maxDigits: 20, decimalPlaces: 4, null: true }),
  flag: BooleanField({ null: true }),
  code: CharField({ maxLength: 32, null: true }),
  text: TextField({ null: true }),
  at: DateTimeField({ null: true }),
  day: DateField({ null: true }),
  doc: JSONField({ null: true }),
  uid: UUIDField({ null: true }),
  blob: BinaryField({ null: true }),
}, { tableName: 'ft_everything' });

const full = {
  int: -2147483648,
  big: 9007199254740993n, // 2^53 + 1: not representable as a JS number
  float: 3.141592653589793,
  money: '12345678901234.5678',
  flag: true,
  code: 'ünïcödé ✓',
  text: 'emoji 😀👩‍👩‍👧 and "quotes" and \'single\' and \\ backslash\nnewline',
  at: new Date('2024-02-29T23:59:58.123Z'),
  day: '1999-12-31',
  doc: { a: [1, 2.5, 'x', null, true], nested: { 'k"ey': 'välue' } },
  uid: '0b6c1d5e-8f5a-4c1e-9d6e-3b2a1f0e9c8d',
  blob: Buffer.from([0, 1, 2, 253, 254, 255]),
};

describe.each(testTargets())('field round trip on $label', (target) => {
  useDatabase(target, [Everything]);

  it('every type comes back exactly', async () => {
    const created = await Everything.create(full);
    const back = await Everything.get({ id: created.id });
    expect(back.int).toBe(full.int);
    expect(back.big).toBe(full.big);
    expect(back.float).toBe(full.float);
    expect(back.money).toBe(full.money);
    expect(back.flag).toBe(true);
    expect(back.code).toBe(full.code);
    expect(back.text).toBe(full.text);
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at!.toISOString()).toBe(full.at.toISOString());
    expect(back.day).toBe(full.day);
    expect(back.doc).toEqual(full.doc);
    expect(back.uid).toBe(full.uid);
    expect(Buffer.isBuffer(back.blob)).toBe(true);
    expect([...back.blob!]).toEqual([...full.blob]);
  });

  it('null in every nullable field', async () => {
    const created = await Everything.create({});
    const back = await Everything.get({ id: created.id });
    for (const key of Object.keys(full)) expect((back as unknown as Record<string, unknown>)[key]).toBeNull();
  });

  it('decimals stay exact and are normalised to their scale', async () => {
    const a = await Everything.create({ money: '0.1' });
    const b = await Everything.create({ money: '-0.0001' });
    expect((await Everything.get({ id: a.id })).money).toBe('0.1000');
    expect((await Everything.get({ id: b.id })).money).toBe('-0.0001');
    await expect(Everything.create({ money: '1.23456' })).rejects.toMatchObject({ code: 'VALUE_INVALID' });
  });

  it('filters by each type', async () => {
    expect(await Everything.filter({ big: full.big }).count()).toBe(1);
    expect(await Everything.filter({ big__gt: 9007199254740992n }).count()).toBe(1);
    expect(await Everything.filter({ uid: full.uid.toUpperCase() }).count()).toBe(1);
    expect(await Everything.filter({ at: full.at }).count()).toBe(1);
    expect(await Everything.filter({ at__gt: new Date('2024-02-29T23:59:58.122Z') }).count()).toBe(1);
    expect(await Everything.filter({ day__lt: '2000-01-01' }).count()).toBe(1);
    expect(await Everything.filter({ flag: true }).count()).toBe(1);
    expect(await Everything.filter({ blob: full.blob }).count()).toBe(1);
  });

  it('bigint sums and min/max keep their types', async () => {
    const { Sum, Max, Count, Avg } = await import('../../src/index.js');
    const agg = await Everything.filter({ big__isnull: false }).aggregate({ total: Sum('big'), top: Max('big'), n: Count(), avgInt: Avg('int') });
    expect(agg).toEqual({ total: full.big, top: full.big, n: 1, avgInt: full.int });
  });
});
