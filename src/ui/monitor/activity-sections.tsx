/**
 * What is happening on the server right now: sessions blocked and what they wait on, the statements
 * that have run longest, replicas and how far behind they are, the tables written to most, and the
 * raw gauges (SQLite's file, page and WAL sizes). Each section is there only when it has something
 * to say.
 */
import type { BlockedSession } from '../../core/dialect/server-stats.js';
import type { ServerUp } from '../../core/monitoring/monitor/monitor-sample.js';
import type { Section } from './fit-sections.js';
import type { DashboardModel } from './dashboard-model.js';
import { formatBytes, formatCount, formatNumber, formatSeconds, MISSING, oneLine } from './format.js';
import { line, type Line } from './line.js';

interface ServerContext {
  readonly server: ServerUp;
  readonly dim: boolean;
}

function serverOf(model: DashboardModel): ServerContext | null {
  const server = model.server?.last;
  return server ? { server, dim: model.server?.stale === true } : null;
}

export function blockingSection(model: DashboardModel): Section<Line> | null {
  const ctx = serverOf(model);
  if (!ctx || ctx.server.blocking.length === 0) return null;
  const { blocking } = ctx.server;
  const lines = [line('title', `Blocked sessions · ${blocking.length} (pid → the sessions it waits on)`, { bold: true, color: ctx.dim ? undefined : 'red', dimColor: ctx.dim })];
  const sorted = [...blocking].sort((a, b) => b.waitingS - a.waitingS);
  for (const s of sorted) {
    const text = `  ${blockingChain(s, blocking)}  waiting ${formatSeconds(s.waitingS)}  ${s.user ?? MISSING}  ${oneLine(s.query)}`;
    lines.push(line(`blocked-${s.pid}`, text, { dimColor: ctx.dim }));
  }
  return { name: 'blocking', priority: 60, lines, minLines: Math.min(lines.length, 2) };
}

/**
 * `4711 → 4702 → 4690`: a blocked session, the session it waits on, and so on up to the one holding
 * everyone up. Several blockers at one step are shown together; a deadlock's cycle stops at the
 * first repeat.
 */
export function blockingChain(session: BlockedSession, all: readonly BlockedSession[]): string {
  const byPid = new Map(all.map((s) => [s.pid, s]));
  const seen = new Set<number>([session.pid]);
  const steps = [String(session.pid)];
  let blockers = session.blockedBy;
  while (blockers.length > 0) {
    steps.push(blockers.join(','));
    const next = blockers.map((pid) => byPid.get(pid)).find((s) => s !== undefined && !seen.has(s.pid));
    if (!next || blockers.some((pid) => seen.has(pid))) break;
    seen.add(next.pid);
    blockers = next.blockedBy;
  }
  return steps.join(' → ');
}

export function longRunningSection(model: DashboardModel): Section<Line> | null {
  const ctx = serverOf(model);
  if (!ctx || ctx.server.longRunning.length === 0) return null;
  const queries = [...ctx.server.longRunning].sort((a, b) => b.runningS - a.runningS);
  const lines = [line('title', `Long-running · ${queries.length}`, { bold: true, dimColor: ctx.dim })];
  for (const q of queries) {
    const text = `  ${String(q.pid).padStart(7)} ${formatSeconds(q.runningS).padStart(8)}  ${q.state}  ${q.user ?? MISSING}  ${oneLine(q.query)}`;
    lines.push(line(`running-${q.pid}`, text, { dimColor: ctx.dim }));
  }
  return { name: 'long-running', priority: 40, lines, minLines: Math.min(lines.length, 2) };
}

export function replicationSection(model: DashboardModel): Section<Line> | null {
  const ctx = serverOf(model);
  if (!ctx || ctx.server.replicas.length === 0) return null;
  const lines = [line('title', 'Replication', { bold: true, dimColor: ctx.dim })];
  for (const r of ctx.server.replicas) {
    const bytes = r.lagBytes !== null ? ` · ${formatBytes(r.lagBytes)}` : '';
    lines.push(line(`replica-${r.name}`, `  ${r.name}  ${r.state}  lag ${formatSeconds(r.lagS)}${bytes}`, { dimColor: ctx.dim }));
  }
  return { name: 'replication', priority: 30, lines, minLines: Math.min(lines.length, 2) };
}

export function busyTablesSection(model: DashboardModel): Section<Line> | null {
  const ctx = serverOf(model);
  if (!ctx || ctx.server.busyTables.length === 0) return null;
  const tables = ctx.server.busyTables;
  const width = Math.min(32, Math.max(...tables.map((t) => t.table.length)));
  const lines = [line('title', 'Busy tables', { bold: true, dimColor: ctx.dim })];
  for (const t of tables) {
    const rows = t.deadRows + t.liveRows;
    const share = rows > 0 ? ` (${((t.deadRows / rows) * 100).toFixed(1)}% dead)` : '';
    const text = `  ${t.table.padEnd(width)}  ${formatNumber(t.writesPerS).padStart(8)} writes/s  ${formatCount(t.deadRows)} dead / ${formatCount(t.liveRows)} live${share}`;
    lines.push(line(`table-${t.table}`, text, { dimColor: ctx.dim }));
  }
  return { name: 'busy-tables', priority: 20, lines, minLines: Math.min(lines.length, 2) };
}

/** The raw gauges in one line: all SQLite has beyond its sizes, and detail for the others. */
export function serverGaugesSection(model: DashboardModel): Section<Line> | null {
  const ctx = serverOf(model);
  // Times a gauge was read (…_measured_at) are bookkeeping for the rates, not figures to show.
  const entries = ctx ? Object.entries(ctx.server.gauges).filter(([name]) => !name.endsWith('_measured_at')) : [];
  if (!ctx || entries.length === 0) return null;
  const text = entries.map(([name, value]) => `${name} ${/bytes/.test(name) ? formatBytes(value) : Number.isInteger(value) ? formatCount(value) : formatNumber(value)}`).join(' · ');
  return { name: 'server-gauges', priority: 15, lines: [line('gauges', `server gauges  ${text}`, { dimColor: true })] };
}
