/**
 * The transaction context switches its AsyncLocalStorage off when no transaction is open (context.ts):
 * frames must still be seen while any transaction is open, and again after the next one begins.
 */
import { describe, expect, it } from 'vitest';
import { activeFrame, closeFrame, openFrame, runInFrame, type TransactionFrame } from '../../src/core/database/transaction-context.js';

const frame = (database: string): TransactionFrame =>
  openFrame({ database, connection: {} as TransactionFrame['connection'], depth: 0, done: false, writtenTables: new Set() });

describe('transaction context', () => {
  it('sees a frame across awaits, and none once every transaction has ended', async () => {
    const a = frame('a');
    let later: Promise<TransactionFrame | undefined> | undefined;
    await runInFrame(a, async () => {
      await Promise.resolve();
      expect(activeFrame('a')).toBe(a);
      later = new Promise((resolve) => setTimeout(() => resolve(activeFrame('a')), 5));
    });
    closeFrame(a);
    expect(a.done).toBe(true);
    // A continuation of the finished transaction finds no frame, as it would find a done one.
    expect(await later).toBeUndefined();
  });

  it('keeps frames of a transaction still open when another one ends', async () => {
    const a = frame('a');
    const b = frame('b');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inA = runInFrame(a, async () => {
      await gate;
      return activeFrame('a');
    });
    await runInFrame(b, async () => expect(activeFrame('b')).toBe(b));
    closeFrame(b);
    release();
    expect(await inA).toBe(a);
    closeFrame(a);
  });

  it('works again for the next transaction', async () => {
    const c = frame('c');
    await runInFrame(c, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(activeFrame('c')).toBe(c);
    });
    closeFrame(c);
    expect(activeFrame('c')).toBeUndefined();
  });
});
