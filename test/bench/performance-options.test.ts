import { describe, expect, it } from 'vitest';
import { parseThreshold } from '../../src/core/bench/parse-threshold.js';
import { parseConcurrency, parseExecutors, parsePositive, parseWorkloads } from '../../src/core/bench/performance-options.js';
import { UsageError } from '../../src/core/ground/errors.js';
import { WORKLOAD_NAMES } from '../../src/core/bench/workloads/index.js';

const usage = (fn: () => unknown, message: RegExp): void => {
  expect(fn).toThrow(UsageError);
  expect(fn).toThrow(message);
};

describe('benchmark flags', () => {
  it('--concurrency: a list of whole numbers, deduplicated', () => {
    expect(parseConcurrency('1,16,16')).toEqual([1, 16]);
    usage(() => parseConcurrency('1,x'), /--concurrency: "x" is not a whole number from 1 to 1024/);
    usage(() => parseConcurrency('0'), /"0"/);
    usage(() => parseConcurrency('1,,2'), /empty item/);
  });

  it('--workloads: known names, run in the canonical order', () => {
    expect(parseWorkloads(undefined)).toEqual(WORKLOAD_NAMES);
    expect(parseWorkloads('large_select,simple_select')).toEqual(['simple_select', 'large_select']);
    usage(() => parseWorkloads('simple_select,nope'), /unknown workload "nope": choose from simple_select/);
  });

  it('--executor: js and/or native', () => {
    expect(parseExecutors('js,native')).toEqual(['js', 'native']);
    usage(() => parseExecutors('rust'), /"rust" is not an executor/);
  });

  it('numbers and the threshold', () => {
    expect(parsePositive('duration', '0.5', 3600)).toBe(0.5);
    usage(() => parsePositive('duration', '0', 3600), /--duration must be a number above 0/);
    usage(() => parsePositive('scale', 'big', 100), /--scale/);
    expect(parseThreshold('10%')).toBeCloseTo(0.1, 12);
    expect(parseThreshold('2.5')).toBeCloseTo(0.025, 12);
    usage(() => parseThreshold('lots'), /--threshold must be a percentage/);
    usage(() => parseThreshold('-5%'), /--threshold/);
  });
});
