import { describe, expect, it } from 'vitest';
import { abGate } from '../../src/core/bench/gate/ab-gate.js';
import { runCell, type VariantSpec } from '../../src/core/bench/engine.js';
import { cell, normalSamples, variant } from './fixtures.js';

const side = (label: string) => ({ label, commit: null, dirty: null });
const options = { metric: 'ops' as const, threshold: 0.05, base: side('base'), head: side('head'), failures: [], notes: [] };
const rounds = normalSamples(20, 1000, 20, 7);
// Head's rounds so spread that no cell is decided: the notes explain undecided and convicted cells only.
const noisy = normalSamples(20, 1000, 300, 11);

function gate(baseGc: number | undefined, headGc: number | undefined) {
  const extra = (gc: number | undefined) => (gc === undefined ? {} : { gcUsPerOp: gc });
  return abGate([cell('prefetch_related', 16, [variant('base:native', rounds, extra(baseGc)), variant('head:native', noisy, extra(headGc))])], options);
}

describe('ab gate: garbage-collection time per operation', () => {
  it('names a cell where one side collected far more per operation, whichever side it is', () => {
    expect(gate(9, 28.6).rows[0]!.judgement.verdict).toBe('inconclusive');
    expect(gate(9, 28.6).notes).toEqual([
      'prefetch_related c=16 native: head spent 28.6 µs per operation collecting garbage, base 9.0: the code allocates more, or head\'s process settled into continuous marking (rerun with --processes to tell)',
    ]);
    expect(gate(30, 10).notes.join('\n')).toMatch(/^prefetch_related c=16 native: base spent 30\.0 µs per operation collecting garbage, head 10\.0/);
  });

  it('with process pairs, counts the pairs in which one side collected far more, each side apart', () => {
    // Four pairs of five rounds: head's worker in the marking regime in pairs 1 and 3, base's in pair 2.
    const groups = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3];
    const perPair = (values: number[]) => groups.map((g) => values[g]!);
    const pairsCell = {
      ...cell('prefetch_related', 16, [
        variant('base:native', rounds, { gcUsPerOp: 12, gcUsPerOpRounds: perPair([9, 10, 30, 9]) }),
        variant('head:native', noisy, { gcUsPerOp: 19, gcUsPerOpRounds: perPair([10, 28, 11, 29]) }),
      ]),
      roundGroups: groups,
    };
    const result = abGate([pairsCell], options);
    expect(result.rows[0]!.judgement.verdict).toBe('inconclusive');
    expect(result.notes).toEqual([
      "prefetch_related c=16 native: in 2 of 4 process pairs head's worker spent more than twice base's time collecting garbage per operation, in 1 base's more than head's: processes settled into continuous marking, or code that allocates more",
    ]);
    const baseOnly = { ...pairsCell, variants: [variant('base:native', rounds, { gcUsPerOpRounds: perPair([9, 30, 11, 9]) }), variant('head:native', noisy, { gcUsPerOpRounds: perPair([10, 12, 9, 14]) })] };
    expect(abGate([baseOnly], options).notes[0]).toBe(
      "prefetch_related c=16 native: in 1 of 4 process pairs base's worker spent more than twice head's time collecting garbage per operation: processes settled into continuous marking, or code that allocates more",
    );
    const calm = { ...pairsCell, variants: [variant('base:native', rounds, { gcUsPerOpRounds: perPair([9, 10, 11, 9]) }), variant('head:native', noisy, { gcUsPerOpRounds: perPair([10, 12, 9, 14]) })] };
    expect(abGate([calm], options).notes).toEqual([]);
    // A decided cell needs no explanation, whatever its collector did.
    const decided = { ...pairsCell, variants: [pairsCell.variants[0]!, variant('head:native', rounds, { gcUsPerOpRounds: perPair([10, 28, 11, 29]) })] };
    const quiet = abGate([decided], options);
    expect(quiet.rows[0]!.judgement.verdict).toBe('no change');
    expect(quiet.notes).toEqual([]);
  });

  it('says nothing for differences under twice or under 5 µs, or when a side did not count it', () => {
    const gcNotes = (base: number | undefined, head: number | undefined) => gate(base, head).notes;
    expect(gcNotes(9, 17)).toEqual([]);
    expect(gcNotes(1, 4)).toEqual([]);
    expect(gcNotes(undefined, 40)).toEqual([]);
  });
});

describe('benchmark engine: garbage-collection time', () => {
  it('counts the collections a variant\'s chunks caused, per operation', async () => {
    let sink: unknown;
    const allocating: VariantSpec<number> = {
      name: 'js',
      run: async () => {
        // Short-lived garbage: enough per operation for the young generation to be collected many times.
        for (let i = 0; i < 200; i++) sink = new Array(1000).fill(i);
        return 1;
      },
      verify: () => undefined,
    };
    const result = await runCell({ workload: 'w', concurrency: 1, variants: [allocating] }, { iterations: 2000, warmup: 10, rounds: 4, timeoutMs: 5000 });
    expect(sink).toBeDefined();
    const [v] = result.variants;
    expect(v!.gcUsPerOp).toBeGreaterThan(0);
    expect(v!.gcUsPerOp!).toBeLessThan(v!.cpuUsPerOp!);
    expect(v!.gcUsPerOpRounds).toHaveLength(v!.opsPerSecRounds!.samples.length);
  });
});
