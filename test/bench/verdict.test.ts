import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/core/bench/compare-reports.js';
import { decide } from '../../src/core/bench/verdict.js';
import { cell, normalSamples, report, variant } from './fixtures.js';

describe('the gate decides on samples', () => {
  it('identical distributions: no change', () => {
    const d = decide(normalSamples(20, 1000, 50, 1), normalSamples(20, 1000, 50, 2), true, 0.1);
    expect(d.verdict).toBe('no change');
    expect(Math.abs(d.change)).toBeLessThan(0.05);
    expect(d.low).toBeLessThan(0);
    expect(d.high).toBeGreaterThan(0);
  });

  it('a 20% drop in throughput with ample samples: slower; a 20% rise: faster', () => {
    const base = normalSamples(20, 1000, 50, 3);
    expect(decide(base, normalSamples(20, 800, 50, 4), true, 0.1).verdict).toBe('slower');
    expect(decide(base, normalSamples(20, 1200, 50, 5), true, 0.1).verdict).toBe('faster');
  });

  it('for latencies a rise is the regression', () => {
    expect(decide(normalSamples(20, 1, 0.05, 6), normalSamples(20, 1.2, 0.05, 7), false, 0.1).verdict).toBe('slower');
  });

  it('a significant change within the threshold is no change', () => {
    const d = decide(normalSamples(30, 1000, 10, 8), normalSamples(30, 950, 10, 9), true, 0.1);
    expect(d.verdict).toBe('no change');
    expect(d.high).toBeLessThan(0);
  });

  it('too few samples: inconclusive, whatever the shift', () => {
    const d = decide([1000, 1010, 990], [500, 505, 495], true, 0.1);
    expect(d.verdict).toBe('inconclusive');
    expect(d.reason).toMatch(/too few samples/);
  });

  it('very noisy samples past the threshold: inconclusive, not a failure', () => {
    const d = decide([600, 1400, 700, 1300, 1000, 1000], [500, 1300, 600, 1200, 850, 850], true, 0.1);
    expect(d.change).toBeLessThan(-0.1);
    expect(d.verdict).toBe('inconclusive');
    expect(d.reason).toMatch(/too noisy/);
  });
});

describe('compareReports', () => {
  const base = report([cell('simple_select', 1, [variant('raw', normalSamples(10, 5000, 100, 10)), variant('js', normalSamples(10, 4000, 100, 11))])]);

  it('a report against itself passes', () => {
    const c = compareReports(base, base, { threshold: 0.1, metric: 'ops' });
    expect(c.outcome).toBe('pass');
    expect(c.rows).toHaveLength(2);
    expect(c.rows.every((r) => r.metrics.every((m) => m.verdict === 'no change'))).toBe(true);
    expect(c.notes).toEqual([]);
  });

  it('a regression of an ORM variant fails the gate; one of raw alone does not', () => {
    const slowJs = report([cell('simple_select', 1, [variant('raw', normalSamples(10, 5000, 100, 12)), variant('js', normalSamples(10, 3000, 100, 13))])]);
    expect(compareReports(base, slowJs, { threshold: 0.1, metric: 'ops' }).outcome).toBe('regression');
    const slowRaw = report([cell('simple_select', 1, [variant('raw', normalSamples(10, 3000, 100, 14)), variant('js', normalSamples(10, 4000, 100, 15))])]);
    const c = compareReports(base, slowRaw, { threshold: 0.1, metric: 'ops' });
    expect(c.rows.find((r) => r.variant === 'raw')!.metrics[0]!.verdict).toBe('slower');
    expect(c.outcome).toBe('pass');
  });

  it('gates on the chosen latency percentile', () => {
    const slow = report([cell('simple_select', 1, [variant('raw', normalSamples(10, 5000, 100, 16)), variant('js', normalSamples(10, 2500, 50, 17))])]);
    const c = compareReports(base, slow, { threshold: 0.1, metric: 'p99' });
    expect(c.rows.find((r) => r.variant === 'js')!.metrics.find((m) => m.metric === 'p99')!.verdict).toBe('slower');
    expect(c.outcome).toBe('regression');
  });

  it('names results present on one side only, and environment differences', () => {
    const other = { ...report([cell('filter_limit', 1, [variant('raw', [1, 2, 3, 4, 5])])]), environment: { ...base.environment, node: 'v99.0.0' } };
    const c = compareReports(base, other, { threshold: 0.1, metric: 'ops' });
    expect(c.rows).toHaveLength(0);
    expect(c.unmatched).toEqual(['only in base: simple_select c=1 raw, simple_select c=1 js', 'only in head: filter_limit c=1 raw']);
    expect(c.notes.some((n) => n.startsWith('Node.js differs'))).toBe(true);
  });
});
