/**
 * The dashboard's top rows: what is watched (server, version, uptime, redacted URLs), how fresh the
 * figures are, the interval and the pause and filter state; then a banner for each source that is
 * down, since a stale screen that looks live is the one thing a monitor must not show.
 */
import { Text } from 'ink';
import type { DialectName } from '../../core/ground/values.js';
import { redactSecrets, redactUrl } from '../../core/ground/redact.js';
import type { SourceDown } from '../../core/monitoring/monitor/monitor-sample.js';
import type { Section } from './fit-sections.js';
import type { DashboardModel } from './dashboard-model.js';
import type { KeyState } from './dashboard-keys.js';
import { formatClock, formatDuration, secondsSince } from './format.js';
import { line, type LayoutContext, type Line } from './line.js';

const DIALECT_LABEL: Readonly<Record<DialectName, string>> = { postgres: 'PostgreSQL', mysql: 'MySQL', sqlite: 'SQLite' };

export interface HeaderState {
  readonly keys: KeyState;
  readonly intervalS: number;
  /** Samples that arrived while paused, shown on resume. */
  readonly pending: number;
  readonly status: string;
}

export function headerSection(model: DashboardModel, state: HeaderState, ctx: LayoutContext): Section<Line> {
  const lines: Line[] = [line('title', titleContent(model))];
  lines.push(line('freshness', freshnessContent(model, state, ctx)));
  const app = model.app;
  if (app) {
    const up = app.last;
    const about = up ? ` · pid ${up.pid} · up ${formatDuration(up.uptimeS)}` : '';
    lines.push(line('app', `app ${redactUrl(app.view.url)}${about}`, { dimColor: app.stale }));
  }
  if (state.status !== '') lines.push(line('status', redactSecrets(state.status), { dimColor: true }));
  return { name: 'header', priority: Infinity, lines };
}

function titleContent(model: DashboardModel) {
  const server = model.server;
  if (!server) {
    return (
      <>
        <Text bold>oxen monitor</Text>
        {model.latest ? '' : ' · waiting for the first sample'}
      </>
    );
  }
  const name = model.serverVersion ?? DIALECT_LABEL[server.view.dialect];
  const uptimeS = server.stale ? null : (server.last?.uptimeS ?? null);
  const uptime = uptimeS !== null ? ` · up ${formatDuration(uptimeS)}` : '';
  return (
    <>
      <Text bold>oxen monitor</Text>
      {` · ${name}${uptime} · ${redactUrl(server.view.url)}`}
    </>
  );
}

function freshnessContent(model: DashboardModel, state: HeaderState, ctx: LayoutContext) {
  const { keys } = state;
  const parts: string[] = [];
  if (model.latest) parts.push(`updated ${formatDuration(secondsSince(model.latest.at, ctx.nowMs))} ago`);
  parts.push(`every ${state.intervalS}s`);
  if (model.latest) parts.push(`sample ${model.latest.seq}`);
  if (keys.filter !== '' && keys.draft === null) parts.push(`filter "${keys.filter}"`);
  const paused = keys.paused ? (
    <Text color="yellow" inverse bold>
      {' PAUSED '}
    </Text>
  ) : null;
  const pending = keys.paused && state.pending > 0 ? `${state.pending} new sample${state.pending === 1 ? '' : 's'} held · ` : '';
  if (keys.draft !== null) {
    return (
      <>
        {paused}
        {paused ? ' ' : ''}
        <Text color="cyan">{`filter: ${keys.draft}▏`}</Text>
        {'  Enter applies · Esc clears'}
      </>
    );
  }
  return (
    <>
      {paused}
      {paused ? ` ${pending}` : ''}
      {`${parts.join(' · ')} · ? help`}
    </>
  );
}

/** One banner per source that is down, with what is still on screen and from when. */
export function bannerSection(model: DashboardModel, ctx: LayoutContext): Section<Line> | null {
  const lines: Line[] = [];
  if (model.server?.down) lines.push(...banner('server', 'server', model.server.down, model.server.lastAt, ctx));
  if (model.app?.down) lines.push(...banner('app', 'app exporter', model.app.down, model.app.lastAt, ctx));
  if (model.server?.last?.countersReset && !model.server.stale) {
    lines.push(line('reset', 'server counters reset (a restart or a statistics reset): rates resume with the next sample', { color: 'yellow' }));
  }
  return lines.length > 0 ? { name: 'banners', priority: Infinity, lines } : null;
}

function banner(key: string, what: string, down: SourceDown, lastAt: string | null, ctx: LayoutContext): Line[] {
  const head = `✖ ${what} disconnected since ${formatClock(down.since)} — `;
  const tail = ` — retrying at ${formatClock(down.nextAttemptAt)}`;
  return [
    line(`${key}-down`, `${head}${cutToFit(redactSecrets(down.error), ctx.columns - head.length - tail.length)}${tail}`, { color: 'red', bold: true }),
    line(`${key}-stale`, lastAt ? `  ${what} figures below are from ${formatClock(lastAt)}, dimmed` : `  no ${what} data yet`, { dimColor: true }),
  ];
}

/** The error is what gives way on a narrow terminal, so when the next attempt is due stays in view. */
function cutToFit(text: string, width: number): string {
  const room = Math.max(12, width);
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}
