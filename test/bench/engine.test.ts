import { describe, expect, it } from 'vitest';
import { cellRatios } from '../../src/core/bench/cell-ratios.js';
import { runCell, type EngineEvent, type VariantSpec } from '../../src/core/bench/engine.js';
import { variant } from './fixtures.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function counting(name: string, seen: number[]): VariantSpec<number> {
  return { name, run: async (seq) => (seen.push(seq), tick().then(() => seq * 2)), verify: (r, seq) => (r === seq * 2 ? undefined : 'bad') };
}

describe('benchmark engine', () => {
  it('runs every variant for exactly the iterations asked, on the same inputs, interleaved with a rotating order', async () => {
    const a: number[] = [];
    const b: number[] = [];
    const events: EngineEvent[] = [];
    const cell = await runCell(
      { workload: 'w', concurrency: 3, variants: [counting('raw', a), counting('js', b)] },
      { iterations: 50, warmup: 7, rounds: 5, timeoutMs: 5000 },
      (e) => events.push(e),
    );
    expect(cell.variants.map((v) => v.ops)).toEqual([50, 50]);
    expect(a).toEqual(b);
    expect(a.length).toBe(57);
    const order = events.filter((e) => e.type === 'round').map((e) => (e.type === 'round' ? e.variant : ''));
    expect(order).toEqual(['raw', 'js', 'js', 'raw', 'raw', 'js', 'js', 'raw', 'raw', 'js']);
    const js = cell.variants[1]!;
    expect(js.opsPerSecRounds?.samples).toHaveLength(5);
    expect(js.latencyMs!.p50).toBeGreaterThan(0);
    expect(js.latencyMs!.min).toBeLessThanOrEqual(js.latencyMs!.p50);
    expect(js.latencyMs!.p99).toBeLessThanOrEqual(js.latencyMs!.max);
    expect(js.cpuUsPerOp).toBeGreaterThan(0);
    expect(js.peakRssBytes).toBeGreaterThan(0);
    expect(cell.ratios.js).toBeGreaterThan(0);
    expect(cell.ratios.raw).toBeUndefined();
    const [low, high] = cell.ratioCi95.js!;
    expect(low).toBeLessThanOrEqual(high);
  });

  it('keeps N operations in flight at concurrency N', async () => {
    let inFlight = 0;
    let most = 0;
    const v: VariantSpec<number> = {
      name: 'raw',
      run: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return 1;
      },
      verify: () => undefined,
    };
    await runCell({ workload: 'w', concurrency: 16, variants: [v] }, { iterations: 64, warmup: 0, rounds: 2, timeoutMs: 5000 });
    expect(most).toBe(16);
  });

  it('counts failures and wrong answers as errors, outside the latency figures', async () => {
    const v: VariantSpec<number> = {
      name: 'js',
      run: async (seq) => {
        if (seq % 4 === 0) throw new Error('connect to postgres://bob:hunter2@db failed');
        return seq % 4 === 1 ? -1 : seq;
      },
      verify: (r) => (r < 0 ? 'negative' : undefined),
    };
    const cell = await runCell({ workload: 'w', concurrency: 1, variants: [v] }, { iterations: 40, warmup: 0, rounds: 4, timeoutMs: 5000 });
    const r = cell.variants[0]!;
    expect(r.ops).toBe(20);
    expect(r.errors).toBe(20);
    expect(r.firstError).toBe('connect to postgres://bob:***@db failed');
    expect(r.warnings.some((w) => w.includes('20 operation(s) failed'))).toBe(true);
    expect(JSON.stringify(cell)).not.toContain('hunter2');
  });

  it('abandons an operation that never settles and counts it as a timeout', async () => {
    const v: VariantSpec<number> = {
      name: 'js',
      run: (seq) => (seq === 3 ? new Promise<number>(() => {}) : Promise.resolve(seq)),
      verify: () => undefined,
    };
    const cell = await runCell({ workload: 'w', concurrency: 2, variants: [v] }, { iterations: 10, warmup: 0, rounds: 1, timeoutMs: 60 });
    const r = cell.variants[0]!;
    expect(r.timeouts).toBe(1);
    expect(r.ops).toBe(9);
    expect(r.latencyMs!.max).toBeLessThan(60);
  });

  it('stops at the duration in duration mode and warns about too few samples', async () => {
    const v: VariantSpec<number> = { name: 'raw', run: () => new Promise((r) => setTimeout(() => r(1), 20)), verify: () => undefined };
    const cell = await runCell({ workload: 'w', concurrency: 1, rowsPerOp: 1000, variants: [v] }, { durationSeconds: 0.2, rounds: 2, timeoutMs: 5000 });
    const r = cell.variants[0]!;
    expect(r.ops).toBeGreaterThan(0);
    expect(r.ops).toBeLessThan(40);
    expect(r.rowsPerSec).toBeCloseTo(r.opsPerSec * 1000, 6);
    expect(r.warnings.some((w) => w.startsWith('too few samples'))).toBe(true);
  });

  it('ratios to raw, with a 95% interval from rounds paired in time', () => {
    // The machine slows down in rounds 3-4 for both variants; the paired ratio stays exactly 0.8.
    const raw = variant('raw', [1000, 1000, 500, 500, 1000]);
    const js = variant('js', [800, 800, 400, 400, 800]);
    const { ratios, ratioCi95 } = cellRatios([raw, js], 'raw');
    expect(ratios.js).toBeCloseTo(0.8, 12);
    expect(ratioCi95.js![0]).toBeCloseTo(0.8, 12);
    expect(ratioCi95.js![1]).toBeCloseTo(0.8, 12);
    expect(cellRatios([js], 'raw')).toEqual({ ratios: {}, ratioCi95: {} });
  });
});

describe('benchmark engine: warm-up and round planning', () => {
  const sleepy = (name: string, ms: (seq: number) => number, log?: string[]): VariantSpec<number> => ({
    name,
    run: async (seq) => {
      log?.push(name);
      await new Promise((r) => setTimeout(r, ms(seq)));
      return seq;
    },
    verify: () => undefined,
  });

  it('interleaves the warm-up like the rounds, in a caller-given order', async () => {
    const log: string[] = [];
    const events: EngineEvent[] = [];
    await runCell(
      { workload: 'w', concurrency: 1, variants: [sleepy('a', () => 0, log), sleepy('b', () => 0, log)], order: (r) => (r % 2 === 0 ? [1, 0] : [0, 1]) },
      { iterations: 4, warmup: 4, rounds: 2, timeoutMs: 5000 },
      (e) => events.push(e),
    );
    // Two warm-up rounds of 2 operations each, then two measured rounds of 2, in the given order.
    expect(log.join('')).toBe('bbaaaabbbbaaaabb');
    expect(events.filter((e) => e.type === 'round').map((e) => (e.type === 'round' ? e.variant : ''))).toEqual(['b', 'a', 'a', 'b']);
  });

  it('in duration mode gives slow operations fewer, longer rounds so each worker completes enough of them, and says so', async () => {
    // 4 workers × 5 operations of ~20 ms need ~100 ms a round; 0.2 s in 20 rounds would give 10 ms.
    const cell = await runCell({ workload: 'w', concurrency: 4, variants: [sleepy('a', () => 20)] }, { durationSeconds: 0.2, warmupSeconds: 0.1, rounds: 20, timeoutMs: 5000 });
    const v = cell.variants[0]!;
    expect(v.opsPerSecRounds!.samples).toHaveLength(10);
    expect(v.ops / 10 / 4).toBeGreaterThanOrEqual(4);
    expect(v.measuredSeconds).toBeGreaterThan(0.5);
    expect(v.warnings.join('\n')).toMatch(/rounds lengthened: measured for \d\.\d\d s against 0\.20 s asked, so that each worker completes 5 operations per round/);
  });

  it('warns when operations outlast the rounds they were planned into', async () => {
    // 1 ms while warming up (40 operations), then 60 ms each: rounds planned from the warm-up are far too short.
    const slow: VariantSpec<number> = {
      name: 'b',
      run: async (seq) => {
        await new Promise((r) => setTimeout(r, seq >= 40 ? 60 : 1));
        return seq;
      },
      verify: () => undefined,
    };
    const overrun = await runCell({ workload: 'w', concurrency: 2, variants: [slow] }, { durationSeconds: 0.2, warmup: 40, rounds: 10, timeoutMs: 5000 });
    expect(overrun.variants[0]!.warnings.join('\n')).toMatch(/overrun: measured for \d\.\d\d s against 0\.\d\d s nominal; operations outlast the rounds/);
  });
});
