/** The ISO timestamp fast path agrees with `new Date(text)` wherever it answers, and defers elsewhere. */
import { describe, expect, it } from 'vitest';
import { parseIsoUtc } from '../../src/core/model/fields/parse-iso-utc.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

describe('parseIsoUtc', () => {
  it('reads what toISOString writes', () => {
    for (const ms of [0, 1, -1, 951_782_400_000, 1_709_164_800_123, 253_402_300_799_999, -59_011_459_200_000]) {
      const text = new Date(ms).toISOString();
      if (text.length === 24) expect(parseIsoUtc(text)?.getTime()).toBe(ms);
    }
  });

  it('agrees with new Date() on every field combination it accepts', () => {
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648), seed % n);
    for (let i = 0; i < 20_000; i++) {
      const text = `${pad(next(10_000), 4)}-${pad(next(15), 2)}-${pad(next(34), 2)}T${pad(next(26), 2)}:${pad(next(62), 2)}:${pad(next(62), 2)}.${pad(next(1000), 3)}Z`;
      const fast = parseIsoUtc(text);
      if (fast !== undefined) expect(fast.getTime()).toBe(new Date(text).getTime());
    }
  });

  it('leaves other forms and out-of-range fields to new Date()', () => {
    for (const text of ['2024-01-01T00:00:00Z', '2024-01-01 00:00:00.000Z', '2024-13-01T00:00:00.000Z', '2024-01-01T24:00:00.000Z', '2024-01-01T23:59:60.000Z', '0099-01-01T00:00:00.000Z', '2024-01-0xT00:00:00.000Z', '+02024-01-01T00:00:00.000Z']) {
      expect(parseIsoUtc(text)).toBeUndefined();
    }
  });

  it('rolls a day past the end of a short month over, as V8 does', () => {
    expect(parseIsoUtc('2023-02-31T00:00:00.000Z')?.getTime()).toBe(new Date('2023-02-31T00:00:00.000Z').getTime());
  });
});
