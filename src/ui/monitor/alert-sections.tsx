/**
 * The alerts as the last sample evaluated them, firing ones first and loud, and the sources' notes
 * (what could not be read and the grant or setting that would make it readable).
 */
import { Text } from 'ink';
import type { Section } from './fit-sections.js';
import type { DashboardModel } from './dashboard-model.js';
import { formatClock, formatDuration, formatMetricValue, secondsSince } from './format.js';
import { line, type LayoutContext, type Line } from './line.js';

export function alertsSection(model: DashboardModel, ctx: LayoutContext): Section<Line> | null {
  const alerts = model.latest?.alerts ?? [];
  if (alerts.length === 0) return null;
  const firing = alerts.filter((a) => a.firing);
  const quiet = alerts.filter((a) => !a.firing);
  const width = Math.max(...alerts.map((a) => a.rule.length));
  const title = (
    <>
      {'Alerts · '}
      {firing.length > 0 ? <Text color="red">{`${firing.length} firing`}</Text> : 'none firing'}
      {` of ${alerts.length}`}
    </>
  );
  const lines = [line('title', title, { bold: true })];
  for (const a of firing) {
    const since = a.since ? `  firing since ${formatClock(a.since)} (${formatDuration(secondsSince(a.since, ctx.nowMs))})` : '  firing';
    lines.push(line(`firing-${a.rule}`, `● ${a.rule.padEnd(width)}  now ${formatMetricValue(a.metric, a.value)}${since}`, { color: 'red', bold: true }));
  }
  for (const a of quiet) {
    lines.push(line(`ok-${a.rule}`, `○ ${a.rule.padEnd(width)}  now ${formatMetricValue(a.metric, a.value)}`, { dimColor: true }));
  }
  // Firing alerts are never cut for room; the quiet ones are.
  return { name: 'alerts', priority: 90, lines, minLines: 1 + firing.length };
}

/** The sources' notes, less the one the statements table already shows. */
export function notesSection(model: DashboardModel, shown: string | null): Section<Line> | null {
  const notes = (model.server?.last?.notes ?? []).filter((n) => n !== shown);
  if (notes.length === 0) return null;
  const lines = [line('title', 'Notes', { bold: true }), ...notes.map((n, i) => line(`note-${i}`, `  ${n}`, { dimColor: true }))];
  return { name: 'notes', priority: 10, lines, minLines: Math.min(lines.length, 2) };
}
