/**
 * What `ab` and `compare` decide, in one plain structure every renderer reads (the terminal
 * table, Markdown, JSON). Exit codes follow DESIGN.md §3: "no change" 0, "regression" and
 * "failed" 3, "inconclusive" 4.
 */
import type { Judgement } from './judge-cells.js';

/** `ops`: throughput; `share`: throughput as a share of raw in the same run; p50/p95/p99: latency. */
export type GateMetric = 'ops' | 'share' | 'p50' | 'p95' | 'p99';

export interface LatencyTriple {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface GateRow {
  readonly workload: string;
  readonly concurrency: number;
  /** The executor (or suite variant) compared. */
  readonly variant: string;
  readonly metric: GateMetric;
  /** The metric's mean on each side: ops/s, a share (0..1+), or milliseconds. */
  readonly base: number;
  readonly head: number;
  readonly gated: boolean;
  readonly judgement: Judgement;
  /** Threshold this row was judged against (a noise floor for absolute changes in `compare`). */
  readonly threshold: number;
  readonly latency?: { readonly base: LatencyTriple | null; readonly head: LatencyTriple | null };
}

export type GateOutcome = 'no change' | 'regression' | 'inconclusive' | 'failed';

export interface GateSide {
  readonly label: string;
  readonly commit: string | null;
  readonly dirty: boolean | null;
}

export interface GateResult {
  readonly mode: 'ab' | 'compare';
  readonly metric: GateMetric;
  readonly threshold: number;
  /** `compare` only: absolute changes between two runs count past this. */
  readonly noiseFloor: number | null;
  readonly correction: 'holm';
  /** `ab --processes`: the pairs of worker processes each cell's rounds were split among, each pair one sample. */
  readonly processPairs?: number;
  readonly gatedCells: number;
  readonly base: GateSide;
  readonly head: GateSide;
  readonly rows: readonly GateRow[];
  /** What fails the gate whatever the numbers: missing cells, failed operations, an executor lost. */
  readonly failures: readonly string[];
  readonly notes: readonly string[];
  readonly outcome: GateOutcome;
}

export function gateOutcome(rows: readonly GateRow[], failures: readonly string[]): GateOutcome {
  if (failures.length > 0) return 'failed';
  const gated = rows.filter((r) => r.gated).map((r) => r.judgement.verdict);
  if (gated.includes('regression')) return 'regression';
  if (gated.includes('inconclusive')) return 'inconclusive';
  return 'no change';
}
