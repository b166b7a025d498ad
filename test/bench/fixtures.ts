/** Synthetic reports for the compare and renderer tests: real report structure, chosen samples. */
import { series } from '../../src/core/bench/variant-result.js';
import { makeReport } from '../../src/core/bench/make-report.js';
import { collectEnvironment } from '../../src/core/bench/environment.js';
import type { BenchmarkReport, CellResult, VariantResult } from '../../src/core/bench/report.js';

/** Deterministic normal samples (LCG + Box–Muller), so no test depends on luck. */
export function normalSamples(n: number, mean: number, sd: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const out: number[] = [];
  while (out.length < n) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    out.push(mean + sd * r * Math.cos(t), mean + sd * r * Math.sin(t));
  }
  return out.slice(0, n);
}

export function variant(name: string, opsRounds: number[], extra: Partial<VariantResult> = {}): VariantResult {
  const ops = opsRounds.reduce((a, b) => a + b, 0);
  const lat = opsRounds.map((o) => 1000 / o);
  return {
    variant: name,
    ops: Math.round(ops),
    errors: 0,
    timeouts: 0,
    firstError: null,
    measuredSeconds: opsRounds.length,
    opsPerSec: ops / opsRounds.length,
    opsPerSecRounds: series(opsRounds),
    rowsPerSec: null,
    latencyMs: { mean: 1, stddev: 0.1, min: 0.5, max: 3, p50: 1, p90: 1.5, p95: 1.7, p99: 2, p999: 2.9 },
    latencyRoundsMs: { p50: series(lat)!, p95: series(lat.map((x) => x * 1.7))!, p99: series(lat.map((x) => x * 2))! },
    cpuUsPerOp: 12.5,
    peakRssBytes: 100 * 1024 * 1024,
    peakHeapBytes: 40 * 1024 * 1024,
    warnings: [],
    ...extra,
  };
}

export function cell(workload: string, concurrency: number, variants: VariantResult[]): CellResult {
  const raw = variants.find((v) => v.variant === 'raw');
  const ratios: Record<string, number> = {};
  for (const v of variants) if (raw && v !== raw) ratios[v.variant] = v.opsPerSec / raw.opsPerSec;
  return { workload, concurrency, rowsPerOp: null, variants, ratios, ratioCi95: {} };
}

export function report(results: CellResult[], url = 'postgres://bench:***@db:5432/x'): BenchmarkReport {
  return makeReport({
    tool: 'oxen benchmark performance',
    settings: { durationSeconds: 1, rounds: 10, timeoutMs: 30_000 },
    concurrency: [...new Set(results.map((r) => r.concurrency))],
    workloads: [...new Set(results.map((r) => r.workload))],
    variants: ['raw', 'js'],
    environment: collectEnvironment({
      database: { dialect: 'postgres', url, serverVersion: 'PostgreSQL 15.19', settings: { fsync: 'on' } },
      executors: ['js'],
      poolSize: 16,
      dataset: { users: 10_000, posts: 20_000 },
      drivers: ['pg'],
    }),
    results,
  });
}
