/**
 * The exporter's latency arithmetic: the hot path's tally hands over to the HDR histogram without
 * loss, an earlier cumulative reading subtracts out to leave just the interval, and Prometheus
 * buckets follow `le` (a value equal to a bound counts in it).
 */
import { describe, expect, it } from 'vitest';
import { BUCKET_SLOTS, DURATION_BUCKETS_S, bucketSlot } from '../../src/core/monitoring/app-exporter/duration-buckets.js';
import { LatencyHistogram, LatencyTally } from '../../src/core/monitoring/latency-histogram.js';

/** Durations in ns from 300 ns to ~2 h, log-spread, deterministic. */
function durations(n: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return Math.round(300 * Math.exp((x / 2 ** 32) * Math.log(2.4e13 / 300)));
  });
}

describe('LatencyTally', () => {
  it('gives the same count and percentiles as recording into the histogram directly, the maximum within 0.1%', () => {
    const values = [...durations(50_000, 7), 1, 999, 1_000, 1_500, 2_047_000, 2_048_000, 2 ** 31 * 1000 + 5];
    const direct = new LatencyHistogram({ bitBucketSize: 64 });
    const tallied = new LatencyHistogram({ bitBucketSize: 64 });
    const tally = new LatencyTally();
    for (const ns of values) {
      direct.recordNs(ns);
      tally.recordNs(ns);
    }
    expect(tallied.count).toBe(0);
    tally.flushInto(tallied);
    expect(tallied.count).toBe(values.length);
    for (const p of [1, 10, 50, 90, 95, 99, 99.9, 99.99]) expect(tallied.percentileMs(p)).toBe(direct.percentileMs(p));
    const max = direct.stats()!.max;
    expect(tallied.stats()!.max).toBeLessThanOrEqual(max);
    expect(tallied.stats()!.max).toBeGreaterThanOrEqual(max * 0.999);

    // A second flush moves only what came after the first.
    tally.flushInto(tallied);
    expect(tallied.count).toBe(values.length);
    tally.recordNs(5_000);
    tally.flushInto(tallied);
    expect(tallied.count).toBe(values.length + 1);
  });
});

describe('LatencyHistogram.subtractEncoded', () => {
  it('leaves only what was recorded after the earlier reading', () => {
    const cumulative = new LatencyHistogram({ bitBucketSize: 64 });
    const before = durations(10_000, 1).map((ns) => ns * 50);
    const after = durations(5_000, 2).map((ns) => (ns % 2e7) + 1_000);
    for (const ns of before) cumulative.recordNs(ns);
    const earlier = cumulative.encode();
    const interval = new LatencyHistogram({ bitBucketSize: 64 });
    for (const ns of after) {
      cumulative.recordNs(ns);
      interval.recordNs(ns);
    }
    const diff = new LatencyHistogram({ bitBucketSize: 64 });
    diff.addEncoded(cumulative.encode());
    diff.subtractEncoded(earlier);
    expect(diff.count).toBe(after.length);
    for (const p of [50, 95, 99, 99.9]) expect(diff.percentileMs(p)).toBe(interval.percentileMs(p));
    // Subtraction finds the new maximum from the buckets: the top of its bucket, within 0.1%.
    const max = interval.summary().max;
    expect(diff.summary().max).toBeGreaterThanOrEqual(max);
    expect(diff.summary().max).toBeLessThanOrEqual(max * 1.001);
    // The earlier reading held far slower values; none of them is left.
    expect(cumulative.summary().max).toBeGreaterThan(diff.summary().max * 10);
  });
});

describe('Prometheus duration buckets', () => {
  it('count a value equal to a bound in that bucket, and past the last bound in +Inf', () => {
    expect(BUCKET_SLOTS).toBe(DURATION_BUCKETS_S.length + 1);
    expect(bucketSlot(0)).toBe(0);
    expect(bucketSlot(500_000)).toBe(0);
    expect(bucketSlot(500_001)).toBe(1);
    expect(bucketSlot(1_000_000)).toBe(1);
    expect(bucketSlot(99_000_000)).toBe(DURATION_BUCKETS_S.indexOf(0.1));
    expect(bucketSlot(10e9)).toBe(DURATION_BUCKETS_S.length - 1);
    expect(bucketSlot(10e9 + 1)).toBe(DURATION_BUCKETS_S.length);
  });
});
