/**
 * The dashboard's overview: throughput and latency sparklines over the samples held, then gauges for
 * the server's sessions and each application pool, and one line of the remaining headline figures
 * per source. A source that is down keeps its last figures, dimmed.
 */
import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { AppPool, AppReplica, ServerUp } from '../../core/monitoring/monitor/monitor-sample.js';
import type { Section } from './fit-sections.js';
import type { DashboardModel } from './dashboard-model.js';
import { formatBytes, formatCount, formatNumber, formatRatio } from './format.js';
import { gaugeCells } from './gauge.js';
import { line, type LayoutContext, type Line } from './line.js';
import { sparkline } from './sparkline.js';

const LABEL = 11;
const VALUE = 10;

export function chartSection(model: DashboardModel, ctx: LayoutContext): Section<Line> | null {
  const width = Math.max(0, ctx.columns - LABEL - VALUE - 2);
  const lines: Line[] = [];
  const chart = (key: string, label: string, value: string, series: readonly (number | null)[], dim: boolean): Line =>
    line(key, (
      <>
        {label.padEnd(LABEL)}
        {value.padStart(VALUE)}
        {' '}
        <Text color={dim ? undefined : 'cyan'}>{sparkline(series, width)}</Text>
      </>
    ), { dimColor: dim });
  const server = model.server;
  if (server) {
    const h = server.last?.headline;
    const dim = server.stale;
    lines.push(chart('tps', 'server tps', formatNumber(h?.tps), model.series.tps, dim));
    lines.push(chart('qps', 'server qps', formatNumber(h?.qps), model.series.qps, dim));
  }
  const app = model.app;
  if (app) {
    const dim = app.stale;
    const p95 = app.last?.latencyMs?.p95;
    lines.push(chart('app-qps', 'app qps', formatNumber(app.last?.queriesPerS), model.series.appQps, dim));
    lines.push(chart('app-p95', 'app p95', p95 === undefined ? formatNumber(null) : `${formatNumber(p95)} ms`, model.series.p95, dim));
  }
  return lines.length > 0 ? { name: 'charts', priority: 80, lines } : null;
}

interface GaugePart {
  readonly count: number;
  readonly glyph: string;
  readonly color?: string;
  readonly label: string;
}

interface GaugeSpec {
  readonly label: string;
  readonly labelWidth: number;
  readonly parts: readonly GaugePart[];
  /** The whole the parts are shares of (max connections, pool size); the parts' sum when unknown. */
  readonly capacity: number;
  /** The figure after the bar: connections of the limit, connections in use of the pool's size. */
  readonly figure: string;
  readonly tail: ReactNode;
  readonly dim: boolean;
}

function gauge(key: string, { label, labelWidth, parts, capacity, figure, tail, dim }: GaugeSpec, ctx: LayoutContext): Line {
  const width = Math.min(30, Math.max(10, Math.floor(ctx.columns / 4)));
  const cells = gaugeCells(parts.map((p) => p.count), capacity, width);
  const free = width - cells.reduce((n, c) => n + c, 0);
  return line(key, (
    <>
      {label.padEnd(labelWidth)}
      {'['}
      {parts.map((p, i) => (
        <Text key={p.label} color={dim ? undefined : p.color} dimColor={p.color === undefined}>
          {p.glyph.repeat(cells[i]!)}
        </Text>
      ))}
      <Text dimColor>{'·'.repeat(free)}</Text>
      {`] ${figure.padStart(7)}  `}
      {parts.map((p) => `${p.glyph} ${p.label} ${p.count}`).join('  ')}
      {tail}
    </>
  ), { dimColor: dim });
}

export function gaugeSection(model: DashboardModel, ctx: LayoutContext): Section<Line> | null {
  const lines: Line[] = [];
  const server = model.server?.last ?? null;
  const serverDim = model.server?.stale === true;
  const pools = model.app?.last?.pools ?? [];
  const appDim = model.app?.stale === true;
  const labels = ['sessions', ...pools.map(poolLabel)];
  const labelWidth = Math.min(16, Math.max(LABEL, ...labels.map((l) => l.length + 1)));
  if (server && Object.keys(server.sessions).length > 0) lines.push(sessionsGauge(server, labelWidth, ctx, serverDim));
  for (const pool of pools) {
    const tail = pool.waiting > 0 ? <Text color="red" bold>{`  ${pool.waiting} waiting`}</Text> : `  0 waiting`;
    const parts: GaugePart[] = [
      { count: pool.inUse, glyph: '█', color: 'green', label: 'in use' },
      { count: pool.idle, glyph: '░', label: 'idle' },
    ];
    lines.push(gauge(`pool-${pool.database}`, { label: poolLabel(pool), labelWidth, parts, capacity: pool.max, figure: `${pool.inUse}/${pool.max}`, tail, dim: appDim }, ctx));
  }
  for (const replica of model.app?.last?.replicas ?? []) lines.push(replicaLine(replica, labelWidth, appDim));
  if (server) lines.push(line('server-figures', serverFigures(server), { dimColor: serverDim }));
  const app = model.app?.last;
  if (app) {
    const l = app.latencyMs;
    const latency = l ? `p50 ${formatNumber(l.p50)} · p95 ${formatNumber(l.p95)} · p99 ${formatNumber(l.p99)} · max ${formatNumber(l.max)} ms` : 'latency –';
    const errors = app.errorsPerS !== null && app.errorsPerS > 0 ? <Text color="red">{`errors ${formatNumber(app.errorsPerS)}/s`}</Text> : `errors ${formatNumber(app.errorsPerS)}/s`;
    lines.push(line('app-figures', (
      <>
        {`app ${latency} · `}
        {errors}
        {` · heap ${formatNumber(app.heapUsedMb)} MB · rss ${formatNumber(app.rssMb)} MB`}
      </>
    ), { dimColor: appDim }));
  }
  return lines.length > 0 ? { name: 'gauges', priority: 70, lines } : null;
}

/** A read replica as the app routes to it: its state, lag at the last sample, and its share of the interval's reads. */
function replicaLine(replica: AppReplica, labelWidth: number, dim: boolean): Line {
  const color = replica.state === 'healthy' ? 'green' : replica.state === 'down' ? 'red' : 'yellow';
  const lag = replica.lagMs === null ? 'lag –' : `lag ${formatNumber(replica.lagMs)} ms`;
  const share = replica.readShare === null ? 'reads –' : `reads ${formatNumber(replica.readShare * 100)}%`;
  return line(`replica-${replica.name}`, (
    <>
      {replica.name.padEnd(labelWidth)}
      <Text color={color}>{replica.state}</Text>
      {`  ${lag} · ${share}`}
    </>
  ), { dimColor: dim });
}

function poolLabel(pool: AppPool): string {
  return `pool ${pool.database}`;
}

function sessionsGauge(server: ServerUp, labelWidth: number, ctx: LayoutContext, dim: boolean): Line {
  const s = server.sessions;
  const parts: GaugePart[] = [
    { count: s.active ?? 0, glyph: '█', color: 'green', label: 'active' },
    { count: s.waiting ?? 0, glyph: '▓', color: 'red', label: 'waiting' },
    { count: s.idle_in_transaction ?? 0, glyph: '▒', color: 'yellow', label: 'idle in tx' },
    { count: s.idle ?? 0, glyph: '░', label: 'idle' },
  ];
  const total = s.total ?? parts.reduce((n, p) => n + p.count, 0);
  const max = server.headline.maxConnections;
  const figure = max !== null ? `${total}/${max}` : String(total);
  return gauge('sessions', { label: 'sessions', labelWidth, parts, capacity: max ?? total, figure, tail: '', dim }, ctx);
}

function serverFigures(server: ServerUp): string {
  const h = server.headline;
  const figures = [
    h.cacheHit !== null ? `cache hit ${formatRatio(h.cacheHit)}` : null,
    h.connections !== null ? `connections ${formatCount(h.connections)}${h.maxConnections !== null ? `/${formatCount(h.maxConnections)}` : ''}` : null,
    h.deadlocksPerS !== null ? `deadlocks ${formatNumber(h.deadlocksPerS)}/s` : null,
    h.tempFilesPerS !== null ? `temp files ${formatNumber(h.tempFilesPerS)}/s` : null,
    h.slowQueriesPerS !== null ? `slow queries ${formatNumber(h.slowQueriesPerS)}/s` : null,
    h.rowLockWaitsPerS !== null ? `row lock waits ${formatNumber(h.rowLockWaitsPerS)}/s` : null,
    h.databaseSizeBytes !== null ? `size ${formatBytes(h.databaseSizeBytes)}${growth(server.sizeGrowthBytesPerS)}` : null,
  ].filter((f): f is string => f !== null);
  return `server ${figures.length > 0 ? figures.join(' · ') : 'no figures yet'}`;
}

function growth(bytesPerS: number | null): string {
  if (bytesPerS === null || bytesPerS === 0) return '';
  return ` (${bytesPerS > 0 ? '+' : ''}${formatBytes(bytesPerS)}/s)`;
}
