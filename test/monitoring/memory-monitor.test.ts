import { describe, expect, it } from 'vitest';
import { MemoryMonitor } from '../../src/core/monitoring/memory-monitor.js';

describe('MemoryMonitor', () => {
  it('has no usage before the first tracked run', () => {
    expect(new MemoryMonitor().getUsage()).toBeUndefined();
  });

  it('sees the heap grow while work holds memory, and reports peak ≥ end', async () => {
    const monitor = new MemoryMonitor({ intervalMs: 1 });
    let kept: number[][] = [];
    const result = await monitor.track(async () => {
      for (let i = 0; i < 40; i++) {
        kept.push(Array.from({ length: 50_000 }, (_, j) => j * i));
        await new Promise((r) => setTimeout(r, 1));
      }
      return kept.length;
    });
    expect(result).toBe(40);
    const usage = monitor.getUsage();
    expect(usage).toBeDefined();
    // 40 arrays of 50k small integers are ~16 MB of heap; allow for GC slack but not for nothing.
    expect(usage!.heapDeltaMb).toBeGreaterThan(8);
    expect(usage!.heapPeakMb).toBeGreaterThanOrEqual(usage!.heapUsedMb);
    expect(usage!.rssPeakMb).toBeGreaterThanOrEqual(usage!.rssMb);
    expect(usage!.samples).toBeGreaterThan(2);
    kept = [];
  });

  it('records usage even when the work throws, and rethrows', async () => {
    const monitor = new MemoryMonitor();
    await expect(monitor.track(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(monitor.getUsage()?.samples).toBeGreaterThanOrEqual(2);
  });
});
