/**
 * The rows of the top-statements table: the server's statement statistics where it keeps them, else
 * the application's slowest digests (the only per-statement view a server without
 * pg_stat_statements or performance_schema leaves), sorted and filtered as the keys ask.
 */
import type { AppUp, ServerUp } from '../../core/monitoring/monitor/monitor-sample.js';
import { oneLine } from './format.js';

export type StatementSort = 'total' | 'calls' | 'mean';

export const STATEMENT_SORTS: readonly StatementSort[] = ['total', 'calls', 'mean'];

export const SORT_LABEL: Readonly<Record<StatementSort, string>> = { total: 'total time', calls: 'calls', mean: 'mean time' };

export function nextSort(sort: StatementSort): StatementSort {
  return STATEMENT_SORTS[(STATEMENT_SORTS.indexOf(sort) + 1) % STATEMENT_SORTS.length]!;
}

export interface StatementRow {
  readonly id: string;
  /** On one line. */
  readonly text: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  /** Server statistics: rows returned or affected. */
  readonly rows: number | null;
  /** Application digests: failed executions. */
  readonly errors: number | null;
}

export interface StatementTable {
  readonly source: 'server' | 'app' | null;
  /** After filtering, sorted, all of them: the view cuts to the rows it has room for. */
  readonly rows: readonly StatementRow[];
  /** Shapes before filtering. */
  readonly unfiltered: number;
  /** Why the server's own statistics are missing, when they are. */
  readonly note: string | null;
}

export function statementTable(server: ServerUp | null, app: AppUp | null, sort: StatementSort, filter: string): StatementTable {
  const note = server ? missingStatementsNote(server) : null;
  let source: StatementTable['source'] = null;
  let all: StatementRow[] = [];
  if (server?.topStatements) {
    source = 'server';
    all = server.topStatements.map((s) => ({ id: s.id, text: oneLine(s.text), calls: s.calls, totalMs: s.totalMs, meanMs: s.meanMs, rows: s.rows, errors: null }));
  } else if (app) {
    source = 'app';
    all = app.slowest.map((s) => ({ id: s.digest, text: oneLine(s.sql), calls: s.count, totalMs: s.totalMs, meanMs: s.meanMs, rows: null, errors: s.errors }));
  }
  const needle = filter.trim().toLowerCase();
  const rows = (needle === '' ? all : all.filter((r) => r.text.toLowerCase().includes(needle))).sort(byKey(sort));
  return { source, rows, unfiltered: all.length, note };
}

function byKey(sort: StatementSort): (a: StatementRow, b: StatementRow) => number {
  const key = (r: StatementRow): number => (sort === 'calls' ? r.calls : sort === 'mean' ? r.meanMs : r.totalMs);
  return (a, b) => key(b) - key(a) || b.totalMs - a.totalMs || a.id.localeCompare(b.id);
}

/** Statement statistics the server does not keep (or, on its first reading, cannot diff yet). */
function missingStatementsNote(server: ServerUp): string | null {
  if (server.topStatements !== null) return null;
  if (!server.hasRates) return 'statement times appear from the second sample on';
  return server.notes.find((n) => /statement|performance_schema|digest/i.test(n)) ?? 'the server keeps no per-statement statistics';
}
