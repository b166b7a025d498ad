/**
 * Two snapshots of one server → what happened in between. Counters are diffed as Prometheus's
 * `rate()` does: a counter that went backwards was reset (pg_stat_reset, a statement evicted from
 * pg_stat_statements), so its new value is the increase since the reset — never a negative rate.
 * A changed start time means the server restarted: there is no interval to speak of, so the
 * reading becomes the new baseline.
 */
import type { CounterRates, ServerHeadline, ServerSnapshot, ServerStats, StatementTotals } from '../../dialect/server-stats.js';
import type { BusyTable, IntervalStatement, ServerUp } from './monitor-sample.js';

const TOP_STATEMENTS = 20;
const BUSY_TABLES = 10;
/** MySQL's start time is derived from Uptime and may wobble by a little; a restart moves it far more. */
const RESTART_TOLERANCE_MS = 2_000;

/** `previousGrowth`: the last interval's size growth, kept while the size has not been read again. */
export function serverInterval(stats: ServerStats, prev: ServerSnapshot | undefined, now: ServerSnapshot, previousGrowth: number | null = null): ServerUp {
  const restarted = prev !== undefined && startedApart(prev, now);
  const base = prev !== undefined && !restarted ? prev : undefined;
  const elapsedS = base ? (now.takenAt - base.takenAt) / 1000 : 0;
  const hasRates = base !== undefined && elapsedS > 0;
  const { rates, reset } = hasRates ? counterRates(base.counters, now.counters, elapsedS) : { rates: {}, reset: false };
  const headline = hasRates ? stats.headline(rates, now) : withoutRates(stats.headline({}, now));
  return {
    state: 'up',
    hasRates,
    countersReset: restarted || reset,
    uptimeS: now.startedAt !== null ? Math.max(0, Math.round((now.takenAt - Date.parse(now.startedAt)) / 1000)) : null,
    headline,
    sessions: now.sessions,
    topStatements: now.statements === null ? null : hasRates ? topStatements(base.statements, now.statements) : [],
    blocking: now.blocking,
    longRunning: now.longRunning,
    replicas: now.replicas,
    busyTables: busyTables(hasRates ? base : undefined, now, elapsedS),
    sizeGrowthBytesPerS: hasRates ? sizeGrowth(base, now, elapsedS, previousGrowth) : null,
    gauges: now.gauges,
    notes: now.notes,
  };
}

function startedApart(prev: ServerSnapshot, now: ServerSnapshot): boolean {
  if (prev.startedAt === null || now.startedAt === null) return false;
  return Math.abs(Date.parse(now.startedAt) - Date.parse(prev.startedAt)) > RESTART_TOLERANCE_MS;
}

/** Per-second increase of each counter present in both readings. */
export function counterRates(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
  elapsedS: number,
): { rates: CounterRates; reset: boolean } {
  const rates: Record<string, number> = {};
  let reset = false;
  for (const [name, value] of Object.entries(after)) {
    const old = before[name];
    if (old === undefined) continue;
    const increase = increaseOf(old, value);
    if (value < old) reset = true;
    rates[name] = increase / elapsedS;
  }
  return { rates, reset };
}

function increaseOf(before: number, after: number): number {
  return after >= before ? after - before : after;
}

const RATE_FIELDS = ['tps', 'qps', 'cacheHit', 'deadlocksPerS', 'tempFilesPerS', 'slowQueriesPerS', 'rowLockWaitsPerS'] as const;

/** The first reading of a run has gauges but no interval: its rate figures are unknown, not zero. */
function withoutRates(headline: ServerHeadline): ServerHeadline {
  const out: Record<string, number | null> = { ...headline };
  for (const field of RATE_FIELDS) out[field] = null;
  return out as unknown as ServerHeadline;
}

function topStatements(before: readonly StatementTotals[] | null, after: readonly StatementTotals[]): IntervalStatement[] {
  const old = new Map((before ?? []).map((s) => [s.id, s]));
  const rows: IntervalStatement[] = [];
  for (const s of after) {
    // Measured from the totals the module says the shape had at the previous reading, else from the
    // previous snapshot; a shape new since (or evicted and back, with fewer calls) counts from zero.
    const prev = s.previous ?? old.get(s.id);
    const since = prev !== undefined && s.calls >= prev.calls ? prev : undefined;
    const calls = s.calls - (since?.calls ?? 0);
    if (calls <= 0) continue;
    const totalMs = Math.max(0, s.totalMs - (since?.totalMs ?? 0));
    const rowsDone = Math.max(0, s.rows - (since?.rows ?? 0));
    rows.push({ id: s.id, text: s.text, calls, totalMs: round3(totalMs), meanMs: round3(totalMs / calls), rows: rowsDone });
  }
  return rows.sort((a, b) => b.totalMs - a.totalMs).slice(0, TOP_STATEMENTS);
}

function busyTables(before: ServerSnapshot | undefined, now: ServerSnapshot, elapsedS: number): BusyTable[] {
  const old = new Map((before?.tables ?? []).map((t) => [t.table, t]));
  return now.tables
    .map((t) => {
      const prev = old.get(t.table);
      const writesPerS = before && prev && elapsedS > 0 ? increaseOf(prev.writes, t.writes) / elapsedS : 0;
      return { table: t.table, writesPerS: round3(writesPerS), deadRows: t.deadRows, liveRows: t.liveRows };
    })
    .sort((a, b) => b.writesPerS - a.writesPerS || b.deadRows - a.deadRows)
    .slice(0, BUSY_TABLES);
}

/**
 * Database size is re-read only every few samples (it is costly to read; see dialect/slow-gauge.ts):
 * growth is measured between the times it was read, and carried over while it was not.
 */
function sizeGrowth(before: ServerSnapshot, after: ServerSnapshot, elapsedS: number, previousGrowth: number | null): number | null {
  const [b, a] = [before.gauges.database_size_bytes, after.gauges.database_size_bytes];
  if (b === undefined || a === undefined) return null;
  const [bAt, aAt] = [before.gauges.database_size_measured_at, after.gauges.database_size_measured_at];
  if (bAt === undefined || aAt === undefined) return round3((a - b) / elapsedS);
  if (aAt === bAt) return previousGrowth;
  return round3(((a - b) * 1000) / (aAt - bAt));
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
