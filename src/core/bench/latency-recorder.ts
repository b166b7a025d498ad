/**
 * Operation latencies in an HDR histogram at nanosecond resolution with 3 significant digits:
 * constant memory however many operations a run makes, and percentiles exact to 0.1%.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

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

const NS_PER_MS = 1e6;

export class LatencyRecorder {
  private readonly histogram: Histogram = build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3, useWebAssembly: false });

  get count(): number {
    return this.histogram.totalCount;
  }

  /** Records one operation; a sub-nanosecond reading still counts as 1 ns so it is not lost from the mean. */
  recordMs(durationMs: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(durationMs * NS_PER_MS)));
  }

  add(other: LatencyRecorder): void {
    this.histogram.add(other.histogram);
  }

  /** The histogram as compressed base64, to carry it from a worker process. */
  encode(): string {
    return encodeIntoCompressedBase64(this.histogram);
  }

  addEncoded(base64: string): void {
    this.histogram.add(decodeFromCompressedBase64(base64, 64, false));
  }

  reset(): void {
    this.histogram.reset();
  }

  /** Milliseconds at percentile p (0..100); NaN when nothing was recorded. */
  percentileMs(p: number): number {
    if (this.histogram.totalCount === 0) return NaN;
    return this.histogram.getValueAtPercentile(p) / NS_PER_MS;
  }

  stats(): LatencyStats | null {
    const h = this.histogram;
    if (h.totalCount === 0) return null;
    const max = h.maxValue;
    // A percentile reads as its bucket's upper edge; never let it exceed the largest value recorded.
    const at = (p: number): number => Math.min(h.getValueAtPercentile(p), max) / NS_PER_MS;
    return {
      mean: h.mean / NS_PER_MS,
      stddev: h.stdDeviation / NS_PER_MS,
      min: h.minNonZeroValue / NS_PER_MS,
      max: max / NS_PER_MS,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
    };
  }
}
