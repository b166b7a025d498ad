/**
 * Values a field cannot hold are refused before anything reaches the database, with the same one-line
 * error on every database and executor and on every way in (create, update, bulkCreate, filters,
 * `in` lists): an IntField past 32 bits (SQLite would have stored it, PostgreSQL and MariaDB refused
 * it in their own words), and JSON that cannot be serialised (an internal TypeError before).
 */
import { describe, expect, it } from 'vitest';
import { AutoField, CharField, IntField, JSONField, model, QueryError, TextField, UsageError } from '../../src/index.js';
import { recordQueries, testTargets, useDatabase } from '../support/orm.js';

const Gauge = model('Gauge', {
  id: AutoField(),
  name: CharField({ maxLength: 50 }),
  level: IntField(),
  detail: JSONField({ null: true }),
  note: TextField({ default: '' }),
}, { tableName: 'value_checks_gauge' });

const TOO_BIG = /^invalid value 2147483648 for Gauge\.level: expected an integer from -2147483648 to 2147483647 \(a 32-bit column; use BigIntField for larger values\)$/;

describe.each(testTargets())('value checks on $label', (target) => {
  useDatabase(target, [Gauge]);
  const queries = recordQueries();

  it('refuses integers past 32 bits everywhere they can be given, sending nothing, and keeps the bounds themselves', async () => {
    queries.clear();
    const attempts: (() => Promise<unknown>)[] = [
      () => Gauge.create({ name: 'a', level: 2 ** 31 }),
      () => Gauge.bulkCreate([{ name: 'a', level: 1 }, { name: 'b', level: 2 ** 31 }]),
      () => Gauge.all().update({ level: 2 ** 31 }),
      () => Gauge.filter({ level: 2 ** 31 }).count(),
      () => Gauge.filter({ level__in: [1, 2 ** 31] }).count(),
    ];
    for (const attempt of attempts) {
      const error = await attempt().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(TOO_BIG);
    }
    expect(await Gauge.filter({ level: -(2 ** 31) - 1 }).count().catch((e: Error) => e.message)).toMatch(/invalid value -2147483649 for Gauge\.level/);
    expect(queries.list).toEqual([]);

    const low = await Gauge.create({ name: 'low', level: -(2 ** 31) });
    const high = await Gauge.create({ name: 'high', level: 2 ** 31 - 1 });
    expect(await Gauge.filter({ id__in: [low.id, high.id] }).orderBy('level').valuesList('level', { flat: true })).toEqual([-(2 ** 31), 2 ** 31 - 1]);
  });

  it('refuses JSON it cannot serialise with one line naming the field and why', async () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    await expect(Gauge.create({ name: 'c', level: 1, detail: cyclic as never })).rejects.toThrow(
      /^invalid value \[object Object\] for Gauge\.detail: expected a JSON-serialisable value \(Converting circular structure to JSON\)$/,
    );
    await expect(Gauge.create({ name: 'c', level: 1, detail: { n: 1n } as never })).rejects.toThrow(
      /^invalid value \[object Object\] for Gauge\.detail: expected a JSON-serialisable value \(Do not know how to serialize a BigInt\)$/,
    );
    await expect(Gauge.create({ name: 'c', level: 1, detail: { n: 1n } as never })).rejects.toBeInstanceOf(UsageError);
    expect(await Gauge.filter({ name: 'c' }).count()).toBe(0);
  });

  it.runIf(target.dialect === 'mysql')('a value past the server\'s max_allowed_packet fails that statement only: nothing written, the next query works', async () => {
    const before = await Gauge.all().count();
    // 20 MiB against MariaDB's default 16 MiB: refused before it is sent, in the same words on both executors.
    const error = await Gauge.create({ name: 'huge', level: 1, note: 'x'.repeat(20 * 1024 * 1024) }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(/^the statement with its values is 20\.0 MiB, over max_allowed_packet of mysql:\/\/\S+ \(16\.0 MiB\); nothing was sent: raise the server's max_allowed_packet, or send less per statement$/);
    expect(await Gauge.all().count()).toBe(before);
    expect(await Gauge.filter({ name: 'huge' }).exists()).toBe(false);
  });
});
