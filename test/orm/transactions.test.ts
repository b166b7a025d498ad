/** transaction(): commit, rollback on throw, savepoints, and isolation of concurrent transactions. */
import { describe, expect, it, beforeEach } from 'vitest';
import { AutoField, CharField, IntField, model, transaction } from '../../src/index.js';
import { testTargets, useDatabase } from '../support/orm.js';

const Account = model('Account', {
  id: AutoField(),
  owner: CharField({ maxLength: 50 }),
  balance: IntField({ default: 0 }),
}, { tableName: 'tx_account' });

class Boom extends Error {}

describe.each(testTargets())('transactions on $label', (target) => {
  useDatabase(target, [Account]);
  beforeEach(async () => {
    await Account.all().delete();
  });

  it('commits on success', async () => {
    const result = await transaction(async () => {
      await Account.create({ owner: 'a', balance: 10 });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await Account.all().count()).toBe(1);
  });

  it('rolls back on throw and rethrows', async () => {
    await expect(transaction(async () => {
      await Account.create({ owner: 'a', balance: 10 });
      throw new Boom('no');
    })).rejects.toBeInstanceOf(Boom);
    expect(await Account.all().count()).toBe(0);
  });

  it('nested transactions are savepoints: an inner failure caught by the caller keeps the outer work', async () => {
    await transaction(async (outer) => {
      expect(outer.depth).toBe(0);
      await Account.create({ owner: 'outer' });
      await expect(transaction(async (inner) => {
        expect(inner.depth).toBe(1);
        await Account.create({ owner: 'inner' });
        throw new Boom('inner');
      })).rejects.toBeInstanceOf(Boom);
      await transaction(async () => {
        await Account.create({ owner: 'inner-ok' });
      });
    });
    expect((await Account.all().orderBy('owner').valuesList('owner', { flat: true }))).toEqual(['inner-ok', 'outer']);
  });

  it('an outer rollback undoes released savepoints too', async () => {
    await expect(transaction(async () => {
      await transaction(async () => {
        await Account.create({ owner: 'x' });
      });
      throw new Boom('outer');
    })).rejects.toBeInstanceOf(Boom);
    expect(await Account.all().count()).toBe(0);
  });

  it('isolates concurrent transactions: uncommitted rows are invisible to others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let seenInside = -1;
    const writer = transaction(async () => {
      await Account.create({ owner: 'pending', balance: 1 });
      seenInside = await Account.all().count();
      await gate;
    });
    // Give the writer time to insert; on SQLite the reader waits for the writer's connection instead.
    await new Promise((r) => setTimeout(r, 50));
    const reader = Account.filter({ owner: 'pending' }).count();
    if (target.dialect === 'sqlite') {
      release();
      expect(await reader).toBe(1);
    } else {
      expect(await reader).toBe(0);
      release();
    }
    await writer;
    expect(seenInside).toBe(1);
    expect(await Account.filter({ owner: 'pending' }).count()).toBe(1);
  });

  it('keeps a balance invariant across concurrent transfers', async () => {
    const a = await Account.create({ owner: 'a', balance: 1000 });
    const b = await Account.create({ owner: 'b', balance: 1000 });
    const { F } = await import('../../src/index.js');
    await Promise.all(Array.from({ length: 20 }, (_, i) => transaction(async () => {
      // Rows are always locked in the same order (a, then b), so transfers queue rather than deadlock.
      const delta = i % 2 ? 10 : -10;
      await Account.filter({ id: a.id }).update({ balance: F('balance').add(delta) });
      await Account.filter({ id: b.id }).update({ balance: F('balance').sub(delta) });
    })));
    const total = (await Account.all().valuesList('balance', { flat: true })) as number[];
    expect(total.reduce((s, x) => s + x, 0)).toBe(2000);
  });
});
