/**
 * Query latencies in a bounded HDR histogram (microsecond resolution, 3 significant digits), so a
 * monitor left running for hours keeps constant memory and still reports exact-enough percentiles.
 */
import { build, type Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
  readonly count: number;
  /** Milliseconds. */
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export class LatencyHistogram {
  private histogram: Histogram = build({ numberOfSignificantValueDigits: 3 });

  recordNs(durationNs: number): void {
    // A statement answered in under a microsecond still took time; 0 would vanish from the mean.
    this.histogram.recordValue(Math.max(1, Math.round(durationNs / 1000)));
  }

  summary(): LatencySummary {
    const h = this.histogram;
    if (h.totalCount === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    return {
      count: h.totalCount,
      mean: toMs(h.mean),
      p50: toMs(h.getValueAtPercentile(50)),
      p95: toMs(h.getValueAtPercentile(95)),
      p99: toMs(h.getValueAtPercentile(99)),
      max: toMs(h.maxValue),
    };
  }

  reset(): void {
    this.histogram = build({ numberOfSignificantValueDigits: 3 });
  }
}

function toMs(micros: number): number {
  return Math.round(micros) / 1000;
}
