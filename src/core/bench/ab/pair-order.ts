/** The order of an `ab` cell's variants, each base beside its head. */

/** Pairs stay adjacent; the pairs' order rotates each round and which build goes first alternates. */
export function pairOrder(pairs: number): (round: number) => number[] {
  return (round) => {
    const out: number[] = [];
    for (let j = 0; j < pairs; j++) {
      const p = (round + j) % pairs;
      out.push(...(round % 2 === 0 ? [2 * p, 2 * p + 1] : [2 * p + 1, 2 * p]));
    }
    return out;
  };
}
