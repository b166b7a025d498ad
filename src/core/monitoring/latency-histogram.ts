/**
 * Latencies in a bounded HDR histogram (3 significant digits): constant memory however many values
 * are recorded, percentiles exact to 0.1%. The one wrapper of hdr-histogram-js, used by the monitors
 * (query latencies in microseconds: `new LatencyHistogram()`) and by the benchmark (operation
 * latencies in nanoseconds: `LatencyHistogram.forOperations()`, which can also travel between processes).
 */
import { createRequire } from 'node:module';
import type * as Hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

// Loaded on first use: importing Oxen (every command, every models file) need not pay ~60 ms for it.
let hdrModule: typeof Hdr | undefined;
const hdr = (): typeof Hdr => (hdrModule ??= createRequire(import.meta.url)('hdr-histogram-js') as typeof Hdr);

/** A monitor's summary, in milliseconds rounded to the microsecond. */
export interface LatencySummary {
  readonly count: number;
  /** Milliseconds. */
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Latency statistics in milliseconds. */
export interface LatencyStats {
  readonly mean: number;
  readonly stddev: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
}

/** The tick values are recorded in: microseconds or nanoseconds. */
export type LatencyResolution = 'us' | 'ns';

export interface LatencyHistogramOptions {
  /** Default: 'us'. */
  readonly resolution?: LatencyResolution;
  /** Bits per bucket count (default 32); 64 where histograms are encoded and added across processes. */
  readonly bitBucketSize?: 32 | 64;
}

const TICKS_PER_MS: Readonly<Record<LatencyResolution, number>> = { us: 1e3, ns: 1e6 };

export class LatencyHistogram {
  private readonly histogram: Histogram;
  private readonly bitBucketSize: 32 | 64;
  /** Ticks per millisecond (1e3 or 1e6), nanoseconds per tick (1e3 or 1), ticks per microsecond (1 or 1e3): exact divisors. */
  private readonly ticksPerMs: number;
  private readonly nsPerTick: number;
  private readonly ticksPerUs: number;

  /** The benchmark's: nanosecond ticks, 64-bit counts. */
  static forOperations(): LatencyHistogram {
    return new LatencyHistogram({ resolution: 'ns', bitBucketSize: 64 });
  }

  constructor(options: LatencyHistogramOptions = {}) {
    const resolution = options.resolution ?? 'us';
    this.bitBucketSize = options.bitBucketSize ?? 32;
    this.ticksPerMs = TICKS_PER_MS[resolution];
    this.nsPerTick = 1e6 / this.ticksPerMs;
    this.ticksPerUs = this.ticksPerMs / 1e3;
    this.histogram = hdr().build({ bitBucketSize: this.bitBucketSize, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** Records one value; under one tick it still counts as one, so it is not lost from the mean. */
  recordNs(durationNs: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(durationNs / this.nsPerTick)));
  }

  /** As `recordNs`, from milliseconds. */
  recordMs(durationMs: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(durationMs * this.ticksPerMs)));
  }

  /** As `recordNs`, `count` times in one step: how a `LatencyTally` hands its counts over. */
  recordNsTimes(durationNs: number, count: number): void {
    this.histogram.recordValueWithCount(Math.max(1, Math.round(durationNs / this.nsPerTick)), count);
  }

  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram);
  }

  /** The histogram as compressed base64, to carry it from a worker process. */
  encode(): string {
    return hdr().encodeIntoCompressedBase64(this.histogram);
  }

  addEncoded(base64: string): void {
    this.histogram.add(hdr().decodeFromCompressedBase64(base64, this.bitBucketSize, false));
  }

  /**
   * Removes an earlier reading of this same cumulative histogram, leaving only what was recorded
   * since: how the monitor turns two exporter readings into the interval's latencies. Throws when
   * `base64` holds counts this histogram does not (it was not an earlier reading of it).
   */
  subtractEncoded(base64: string): void {
    this.histogram.subtract(hdr().decodeFromCompressedBase64(base64, this.bitBucketSize, false));
  }

  reset(): void {
    this.histogram.reset();
  }

  /** Milliseconds at percentile p (0..100); NaN when nothing was recorded. */
  percentileMs(p: number): number {
    if (this.histogram.totalCount === 0) return NaN;
    return this.histogram.getValueAtPercentile(p) / this.ticksPerMs;
  }

  /** The benchmark's statistics; null when nothing was recorded. */
  stats(): LatencyStats | null {
    const h = this.histogram;
    if (h.totalCount === 0) return null;
    const perMs = this.ticksPerMs;
    const max = h.maxValue;
    // A percentile reads as its bucket's upper edge; never let it exceed the largest value recorded.
    const at = (p: number): number => Math.min(h.getValueAtPercentile(p), max) / perMs;
    return {
      mean: h.mean / perMs,
      stddev: h.stdDeviation / perMs,
      min: h.minNonZeroValue / perMs,
      max: max / perMs,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
    };
  }

  /** A monitor's summary: milliseconds rounded to the microsecond; all 0 when nothing was recorded. */
  summary(): LatencySummary {
    const h = this.histogram;
    if (h.totalCount === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    const toMs = (ticks: number): number => Math.round(ticks / this.ticksPerUs) / 1000;
    return {
      count: h.totalCount,
      mean: toMs(h.mean),
      p50: toMs(h.getValueAtPercentile(50)),
      p95: toMs(h.getValueAtPercentile(95)),
      p99: toMs(h.getValueAtPercentile(99)),
      max: toMs(h.maxValue),
    };
  }
}

/**
 * HDR's bucket layout at 3 significant digits from 1 µs (hdr-histogram-js's, which the tally must
 * match to hand over without loss): 2048 sub-buckets, the top half of each bucket doubling in width.
 */
const SUB_BUCKET_HALF_MAGNITUDE = 10;
const SUB_BUCKET_HALF = 1 << SUB_BUCKET_HALF_MAGNITUDE;
/** Microseconds at and above this (about 36 minutes) bypass the tally's integer indexing. */
const TALLY_LIMIT_US = 2 ** 31;
const TALLY_SLOTS = (31 - SUB_BUCKET_HALF_MAGNITUDE + 1) * SUB_BUCKET_HALF;

/**
 * A hot path's front for a microsecond `LatencyHistogram`. hdr-histogram-js computes a value's bucket
 * with floating-point log2 and pow (30-150 ns a record, more once histograms of several count widths
 * share its code); the tally counts in the same layout with integer operations (a few ns) and hands
 * the counts over when the histogram is about to be read, so nothing is lost. A value is kept as its
 * bucket's lowest value: percentiles are unchanged, the maximum reads within its bucket's 0.1%.
 */
export class LatencyTally {
  private readonly counts = new Float64Array(TALLY_SLOTS);
  private readonly beyond: number[] = [];
  private pending = 0;

  recordNs(durationNs: number): void {
    // Rounds as LatencyHistogram.recordNs does, so both count the same value in the same bucket.
    const us = Math.max(1, Math.round(durationNs / 1000));
    if (us >= TALLY_LIMIT_US) {
      this.beyond.push(us);
      return;
    }
    const bucket = Math.max(0, 31 - Math.clz32(us) - SUB_BUCKET_HALF_MAGNITUDE);
    this.counts[((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + (us >>> bucket) - SUB_BUCKET_HALF]!++;
    this.pending++;
  }

  /** Moves every count recorded since the last call into `histogram`, which must be in microseconds. */
  flushInto(histogram: LatencyHistogram): void {
    for (const us of this.beyond.splice(0)) histogram.recordNsTimes(us * 1000, 1);
    if (this.pending === 0) return;
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i]!;
      if (n === 0) continue;
      counts[i] = 0;
      const bucket = (i >> SUB_BUCKET_HALF_MAGNITUDE) - 1;
      const lowest = bucket < 0 ? i : ((i & (SUB_BUCKET_HALF - 1)) + SUB_BUCKET_HALF) * 2 ** bucket;
      histogram.recordNsTimes(lowest * 1000, n);
    }
    this.pending = 0;
  }
}
