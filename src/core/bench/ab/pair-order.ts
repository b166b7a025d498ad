/**
 * The order of an `ab` cell's variants in each round: variant 2p is pair p's base, 2p + 1 its head.
 *
 * Why the order is this careful: a chunk that runs right after another chunk of the same variant (or,
 * with each build in a worker process, of the same process) is not measured like the others. On
 * PostgreSQL and MariaDB at concurrency 1 the js executor ran 20–29% slower in such chunks. An earlier
 * order (pairs rotating each round, the first build alternating) put every such chunk of the js pair
 * on base and every one of the native pair on head, and A/A runs of identical code read head +8–12%
 * faster on js reads (bench-results/relayering/README.md).
 */

/**
 * Every variant in one process, or one pair of worker processes for the whole cell: which build goes
 * first in every pair alternates each round, and the pairs keep their places. With two pairs or more
 * no variant runs twice in a row. Where a build's process does (the round's first pair after the
 * last), it falls on base and head in turn, so it adds noise to one pair but no bias.
 */
export function pairOrder(pairs: number): (round: number) => number[] {
  return (round) => {
    const out: number[] = [];
    for (let p = 0; p < pairs; p++) out.push(...(round % 2 === 0 ? [2 * p, 2 * p + 1] : [2 * p + 1, 2 * p]));
    return out;
  };
}

/**
 * Each generation its own fresh pair of worker processes (`ab --processes`): the two builds' workers
 * strictly take turns, so neither ever runs two chunks in a row. Which build leads is fixed within a
 * generation and alternates between generations (an even number of them balances it); the pairs'
 * order rotates each round.
 */
export function alternatingOrder(pairs: number): (round: number, generation: number) => number[] {
  return (round, generation) => {
    const lead = generation % 2; // 0: base leads, 1: head leads
    const out: number[] = [];
    for (let j = 0; j < pairs; j++) {
      const p = (round + j) % pairs;
      out.push(2 * p + lead, 2 * p + 1 - lead);
    }
    return out;
  };
}
