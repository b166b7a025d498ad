/**
 * The seed's MemoryMonitor: `track(fn)` samples heap and RSS before, during (on a timer) and after
 * `fn`, and `getUsage()` reports the last tracked run. Peaks are sampled, so a spike shorter than
 * the interval inside synchronous code can be missed; the end sample always counts.
 */
export interface MemoryUsage {
  /** Heap used when `fn` settled, in MB. */
  readonly heapUsedMb: number;
  readonly heapPeakMb: number;
  /** End minus start; negative when a garbage collection freed more than `fn` kept. */
  readonly heapDeltaMb: number;
  readonly rssMb: number;
  readonly rssPeakMb: number;
  readonly rssDeltaMb: number;
  readonly samples: number;
  readonly durationMs: number;
}

export interface MemoryMonitorOptions {
  /** Milliseconds between samples while `fn` runs. */
  readonly intervalMs?: number;
}

export class MemoryMonitor {
  private readonly intervalMs: number;
  private last: MemoryUsage | undefined;

  constructor(options: MemoryMonitorOptions = {}) {
    this.intervalMs = options.intervalMs ?? 10;
  }

  async track<T>(fn: () => T | Promise<T>): Promise<T> {
    const start = process.memoryUsage();
    const started = performance.now();
    let heapPeak = start.heapUsed;
    let rssPeak = start.rss;
    let samples = 1;
    const sample = (): NodeJS.MemoryUsage => {
      const now = process.memoryUsage();
      samples++;
      if (now.heapUsed > heapPeak) heapPeak = now.heapUsed;
      if (now.rss > rssPeak) rssPeak = now.rss;
      return now;
    };
    const timer = setInterval(sample, this.intervalMs);
    // Sampling must never keep the process alive on its own.
    timer.unref();
    try {
      return await fn();
    } finally {
      clearInterval(timer);
      const end = sample();
      this.last = {
        heapUsedMb: bytesToMb(end.heapUsed),
        heapPeakMb: bytesToMb(heapPeak),
        heapDeltaMb: bytesToMb(end.heapUsed - start.heapUsed),
        rssMb: bytesToMb(end.rss),
        rssPeakMb: bytesToMb(rssPeak),
        rssDeltaMb: bytesToMb(end.rss - start.rss),
        samples,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      };
    }
  }

  /** The last tracked run; undefined before the first `track` settles. */
  getUsage(): MemoryUsage | undefined {
    return this.last;
  }
}

export function bytesToMb(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 1000) / 1000;
}
