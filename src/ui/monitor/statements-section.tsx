/**
 * The top-statements table. Figures sit in fixed columns on the left and the statement text takes
 * the rest of the row, cut at the terminal's edge, so the columns stay aligned at any width.
 */
import { Text } from 'ink';
import type { Section } from './fit-sections.js';
import type { DashboardModel } from './dashboard-model.js';
import type { KeyState } from './dashboard-keys.js';
import { formatCount, formatNumber } from './format.js';
import { line, type Line } from './line.js';
import { SORT_LABEL, statementTable, type StatementRow } from './statement-table.js';

/** Rows shown when the terminal has room; fewer when it has not. */
const MAX_ROWS = 10;

const COLUMNS = [
  { head: 'total ms', width: 10 },
  { head: 'calls', width: 9 },
  { head: 'mean ms', width: 9 },
] as const;

export function statementsSection(model: DashboardModel, keys: KeyState): { section: Section<Line>; note: string | null } | null {
  const server = model.server?.last ?? null;
  const app = model.app?.last ?? null;
  if (!server && !app) return null;
  const table = statementTable(server, app, keys.sort, keys.filter);
  const dim = table.source === 'server' ? model.server?.stale === true : table.source === 'app' ? model.app?.stale === true : false;
  const lines: Line[] = [line('title', title(table.source, keys, table.rows.length, table.unfiltered), { bold: true, dimColor: dim })];
  if (table.note !== null) lines.push(line('note', `  ${table.source === 'app' ? 'server: ' : ''}${table.note}`, { dimColor: true }));
  if (table.source === null) return { section: { name: 'statements', priority: 50, lines }, note: table.note };
  const last = table.source === 'server' ? 'rows' : 'errors';
  const head = `${COLUMNS.map((c) => c.head.padStart(c.width)).join('')}${last.padStart(8)}  statement`;
  lines.push(line('head', head, { dimColor: true }));
  const shown = table.rows.slice(0, MAX_ROWS);
  if (shown.length === 0) {
    lines.push(line('empty', keys.filter !== '' ? `  no statement matches "${keys.filter}"` : '  no statements in this interval', { dimColor: true }));
  }
  for (const row of shown) lines.push(statementLine(row, dim));
  return { section: { name: 'statements', priority: 50, lines, minLines: lines.length - shown.length + Math.min(2, shown.length) }, note: table.note };
}

function title(source: 'server' | 'app' | null, keys: KeyState, matched: number, all: number): string {
  if (source === null) return 'Top statements';
  const from = source === 'server' ? 'server' : 'app digests';
  const filter = keys.filter !== '' ? ` · filter "${keys.filter}" (${matched} of ${all})` : '';
  return `Top statements · ${from} · by ${SORT_LABEL[keys.sort]}${filter}`;
}

function statementLine(row: StatementRow, dim: boolean): Line {
  const figures = [formatNumber(row.totalMs), formatCount(row.calls), formatNumber(row.meanMs)];
  const cells = COLUMNS.map((c, i) => figures[i]!.padStart(c.width)).join('');
  const last = row.errors !== null && row.errors > 0 ? <Text color="red">{formatCount(row.errors).padStart(8)}</Text> : formatCount(row.rows ?? row.errors).padStart(8);
  return line(row.id, (
    <>
      {cells}
      {last}
      {`  ${row.text}`}
    </>
  ), { dimColor: dim });
}
