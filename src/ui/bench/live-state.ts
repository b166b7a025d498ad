/**
 * What the live view shows, folded from engine events by a pure reducer (so the view itself is a
 * function of this state and is tested with ink-testing-library without running a benchmark).
 */
import type { EngineEvent } from '../../core/bench/engine.js';

export interface LiveVariant {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export interface LiveRow {
  readonly key: string;
  readonly workload: string;
  readonly concurrency: number;
  readonly variantNames: readonly string[];
  /** Chunks finished and expected (rounds × variants). */
  readonly done: number;
  readonly total: number;
  readonly variants: Readonly<Record<string, LiveVariant>>;
  readonly finished: boolean;
  readonly ratios: Readonly<Record<string, number>>;
}

export interface LiveState {
  readonly title: string;
  /** What is happening outside the measured cells (connecting, seeding, dropping tables). */
  readonly status: string;
  readonly rows: readonly LiveRow[];
}

export function initialLiveState(title: string): LiveState {
  return { title, status: '', rows: [] };
}

export function reduceLive(state: LiveState, event: EngineEvent): LiveState {
  if (event.type === 'cell-start') {
    const row: LiveRow = {
      key: `${event.workload} c=${event.concurrency}`,
      workload: event.workload,
      concurrency: event.concurrency,
      variantNames: event.variants,
      done: 0,
      total: event.rounds * event.variants.length,
      variants: {},
      finished: false,
      ratios: {},
    };
    return { ...state, rows: [...state.rows, row] };
  }
  const key = event.type === 'round' ? `${event.workload} c=${event.concurrency}` : `${event.cell.workload} c=${event.cell.concurrency}`;
  return {
    ...state,
    rows: state.rows.map((row) => {
      if (row.key !== key) return row;
      if (event.type === 'cell-end') {
        const variants: Record<string, LiveVariant> = {};
        for (const v of event.cell.variants) {
          variants[v.variant] = { opsPerSec: v.opsPerSec, p50Ms: v.latencyMs?.p50 ?? NaN, p99Ms: v.latencyMs?.p99 ?? NaN, errors: v.errors + v.timeouts };
        }
        return { ...row, done: row.total, variants, finished: true, ratios: event.cell.ratios };
      }
      const live: LiveVariant = { opsPerSec: event.opsPerSec, p50Ms: event.p50Ms, p99Ms: event.p99Ms, errors: event.errors };
      return { ...row, done: row.done + 1, variants: { ...row.variants, [event.variant]: live } };
    }),
  };
}
