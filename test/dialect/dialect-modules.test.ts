import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../src/core/dialect/dialects.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { UsageError } from '../../src/core/ground/errors.js';
import { testDatabases } from '../support/databases.js';
import { openExecutor } from '../executor/open-executor.js';

const field = (kind: 'char' | 'text' | 'datetime' | 'boolean' | 'bigint') => ({ kind, describe: () => `Probe.${kind}` });
const instant = new Date('2024-02-29T23:59:58.123Z');

describe('the database modules', () => {
  it('one module per database, each under its own name', () => {
    expect(Object.keys(dialects).sort()).toEqual(['mysql', 'postgres', 'sqlite']);
    for (const [name, module] of Object.entries(dialects)) expect(module.name).toBe(name);
  });

  it('spell a field value for their driver', () => {
    const to = (db: keyof typeof dialects, kind: Parameters<typeof field>[0], value: Parameters<NonNullable<(typeof dialects)['mysql']['codec']['toDriver']['text']>>[0]) =>
      (dialects[db].codec.toDriver[kind] ?? ((v) => v))(value, field(kind));
    expect([to('postgres', 'datetime', instant), to('mysql', 'datetime', instant), to('sqlite', 'datetime', instant)]).toEqual([
      instant,
      '2024-02-29 23:59:58.123',
      '2024-02-29 23:59:58.123',
    ]);
    expect([to('postgres', 'boolean', true), to('mysql', 'boolean', true), to('sqlite', 'boolean', false)]).toEqual([true, 1, 0]);
    expect([to('postgres', 'bigint', 2n ** 63n - 1n), to('mysql', 'bigint', -5n), to('sqlite', 'bigint', 7n)]).toEqual(['9223372036854775807', '-5', 7n]);
  });

  it('PostgreSQL refuses NUL in text before anything is sent, naming the field', () => {
    expect(() => dialects.postgres.codec.toDriver.text!('a\u0000b', field('text'))).toThrow(UsageError);
    expect(() => dialects.postgres.codec.toDriver.char!('a\u0000b', field('char'))).toThrow(/Probe\.char/);
    expect(dialects.mysql.codec.toDriver.text).toBeUndefined();
  });

  it('MySQL begins with START TRANSACTION; savepoints are spelled alike everywhere', () => {
    expect(Object.values(dialects).map((d) => d.adapter.transactions.begin)).toEqual(['BEGIN', 'START TRANSACTION', 'BEGIN']);
    for (const d of Object.values(dialects)) expect(d.adapter.transactions.rollbackToSavepoint('"sp"')).toBe('ROLLBACK TO SAVEPOINT "sp"');
  });
});

describe.each(testDatabases().filter((db) => db.dialect !== 'sqlite'))('the migration lock on $dialect', (db) => {
  let executor: Executor;
  beforeAll(async () => {
    executor = await openExecutor(db, { connectionPoolSize: 2, maxOverflow: 0 });
  });
  afterAll(() => executor.close());

  it('is held by one connection until released; a second one is refused without waiting', async () => {
    const lock = dialects[db.dialect].adapter.migrationLock!;
    const key = `oxen_test_lock_${process.pid}`;
    const first = await executor.acquire();
    const second = await executor.acquire();
    const taken = async (conn: typeof first) => Boolean(Number((await conn.query(lock.tryAcquire(key))).rows[0]![0]));
    try {
      expect(await taken(first)).toBe(true);
      expect(await taken(second)).toBe(false);
      await first.query(lock.release(key));
      expect(await taken(second)).toBe(true);
      await second.query(lock.release(key));
    } finally {
      first.release();
      second.release();
    }
  });
});
