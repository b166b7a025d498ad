import { describe, expect, it } from 'vitest';
import { confidenceInterval95, mean, percentile, stddev, summarise, tCritical95, welchInterval } from '../../src/core/bench/statistics.js';

describe('statistics', () => {
  it('mean and sample standard deviation', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(stddev(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(stddev([3])).toBe(0);
    expect(mean([])).toBeNaN();
  });

  it('percentiles interpolate like NumPy (type 7)', () => {
    expect(percentile([15, 20, 35, 40, 50], 40)).toBeCloseTo(29, 12);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 90)).toBeCloseTo(9.1, 12);
    expect(percentile([5, 1], 0)).toBe(1);
    expect(percentile([5, 1], 100)).toBe(5);
  });

  it("Student's t critical values match the published table", () => {
    expect(tCritical95(1)).toBeCloseTo(12.7062, 4);
    expect(tCritical95(10)).toBeCloseTo(2.2281, 4);
    expect(tCritical95(30)).toBeCloseTo(2.0423, 4);
    expect(tCritical95(40)).toBeCloseTo(2.0211, 3);
    expect(tCritical95(120)).toBeCloseTo(1.9799, 3);
    expect(tCritical95(Infinity)).toBeCloseTo(1.96, 3);
    const between = tCritical95(10.5);
    expect(between).toBeLessThan(2.2281);
    expect(between).toBeGreaterThan(2.201);
  });

  it('95% confidence interval of the mean', () => {
    const ci = confidenceInterval95([2, 4, 4, 4, 5, 5, 7, 9]);
    const half = (2.3646 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(ci.mean).toBe(5);
    expect(ci.low).toBeCloseTo(5 - half, 3);
    expect(ci.high).toBeCloseTo(5 + half, 3);
  });

  it("Welch's interval for the difference of two means", () => {
    const r = welchInterval({ n: 10, mean: 20, stddev: 2 }, { n: 10, mean: 22, stddev: 2 });
    expect(r.df).toBeCloseTo(18, 9);
    expect(r.low).toBeCloseTo(2 - 2.1009 * Math.sqrt(0.8), 3);
    expect(r.high).toBeCloseTo(2 + 2.1009 * Math.sqrt(0.8), 3);
    expect(r.significant).toBe(true);
    const unequal = welchInterval({ n: 5, mean: 0, stddev: 1 }, { n: 15, mean: 0.5, stddev: 3 });
    expect(unequal.df).toBeCloseTo(0.64 / (0.01 + 0.36 / 14), 6);
    expect(unequal.significant).toBe(false);
    expect(summarise([1, 2, 3])).toEqual({ n: 3, mean: 2, stddev: 1 });
  });
});
