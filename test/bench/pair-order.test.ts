import { describe, expect, it } from 'vitest';
import { alternatingOrder, pairOrder } from '../../src/core/bench/ab/pair-order.js';

/** The chunks of `rounds` rounds one after the other, as variant indices. */
function timeline(order: (round: number) => readonly number[], rounds: number): number[] {
  return Array.from({ length: rounds }, (_, r) => order(r)).flat();
}

const build = (variant: number): 'base' | 'head' => (variant % 2 === 0 ? 'base' : 'head');

describe('ab round order', () => {
  it('pairOrder: every variant once a round, no variant twice in a row, each build first in half the rounds', () => {
    for (const pairs of [2, 3, 4]) {
      const order = pairOrder(pairs);
      for (let r = 0; r < 8; r++) expect([...order(r)].sort((a, b) => a - b)).toEqual(Array.from({ length: 2 * pairs }, (_, k) => k));
      const t = timeline(order, 8);
      for (let k = 1; k < t.length; k++) expect(t[k]).not.toBe(t[k - 1]);
      for (let p = 0; p < pairs; p++) {
        const baseFirst = Array.from({ length: 8 }, (_, r) => order(r)).filter((o) => o.indexOf(2 * p) < o.indexOf(2 * p + 1)).length;
        expect(baseFirst).toBe(4);
      }
    }
  });

  it('pairOrder: where a build\'s process runs twice in a row, it does so as base and as head of the same pair alike', () => {
    // The order this replaced passed a count over all pairs: its repeats fell on base in the js pair and
    // on head in the native pair, and head's js reads looked 6-12% faster.
    for (const pairs of [1, 2, 3]) {
      const t = timeline(pairOrder(pairs), 9); // 8 round boundaries
      const repeats = Array.from({ length: pairs }, () => ({ base: 0, head: 0 }));
      for (let k = 1; k < t.length; k++) if (build(t[k]!) === build(t[k - 1]!)) repeats[Math.floor(t[k]! / 2)]![build(t[k]!)]++;
      for (const pair of repeats) expect(pair.base).toBe(pair.head);
    }
  });

  it('alternatingOrder: within a generation the builds strictly take turns; the lead alternates between generations', () => {
    for (const pairs of [1, 2, 3]) {
      const order = alternatingOrder(pairs);
      for (const generation of [0, 1, 2, 3]) {
        // The warm-up's two rounds and then the generation's measured rounds, as the engine runs them.
        const t = [...timeline((r) => order(r, generation), 2), ...timeline((r) => order(10 * generation + r, generation), 10)];
        for (let k = 1; k < t.length; k++) expect(build(t[k]!)).not.toBe(build(t[k - 1]!));
        expect(build(t[0]!)).toBe(generation % 2 === 0 ? 'base' : 'head');
        for (let r = 0; r < 6; r++) expect([...order(r, generation)].sort((a, b) => a - b)).toEqual(Array.from({ length: 2 * pairs }, (_, k) => k));
      }
    }
  });
});
