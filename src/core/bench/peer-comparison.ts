/**
 * `--peers`: per cell, the fastest Oxen executor against the fastest peer ORM — the seed's comparison
 * table, measured. Only variants whose every operation succeeded compete: a variant with failures
 * has no throughput worth comparing.
 */
import { pairedRatios } from './cell-ratios.js';
import type { BenchmarkReport, VariantResult } from './report.js';

export interface PeerComparison {
  readonly workload: string;
  readonly concurrency: number;
  /** The fastest Oxen executor's variant and the fastest peer's. */
  readonly oxen: string;
  readonly peer: string;
  /** Oxen's throughput over the peer's: above 1, Oxen is faster. */
  readonly ratio: number;
  /** 95% interval of that ratio over the rounds the two ran side by side. */
  readonly ci95: readonly [number, number] | undefined;
}

export function compareWithPeers(report: BenchmarkReport): PeerComparison[] {
  const peers = new Set((report.peers ?? []).map((p) => p.variant));
  if (peers.size === 0) return [];
  const executors = new Set(report.environment.executors);
  const out: PeerComparison[] = [];
  for (const cell of report.results) {
    const oxen = fastest(cell.variants.filter((v) => executors.has(v.variant)));
    const peer = fastest(cell.variants.filter((v) => peers.has(v.variant)));
    if (!oxen || !peer) continue;
    out.push({
      workload: cell.workload,
      concurrency: cell.concurrency,
      oxen: oxen.variant,
      peer: peer.variant,
      ratio: oxen.opsPerSec / peer.opsPerSec,
      ci95: pairedRatios(oxen.opsPerSecRounds?.samples, peer.opsPerSecRounds?.samples),
    });
  }
  return out;
}

function fastest(variants: readonly VariantResult[]): VariantResult | undefined {
  let best: VariantResult | undefined;
  for (const v of variants) {
    if (v.ops === 0 || v.errors > 0 || v.timeouts > 0) continue;
    if (!best || v.opsPerSec > best.opsPerSec) best = v;
  }
  return best;
}
