/**
 * The plain renderer's one line per sample, for logs and pipes:
 *
 *   12:00:05 server up tps=1234 qps=5678 cache_hit=99.2% sessions(a/i/w)=3/10/1 blocked=0 size_mb=512
 *     | app up qps=812 p50=0.410ms p95=2.10ms p99=8.30ms errors=0/s pool(used/idle/wait)=4/6/0 heap=45.0MB rss=120MB
 *     | firing: p95>50ms (61.2ms)
 *
 * (one line, shown wrapped here). Every figure is a `key=value` token without spaces and a figure
 * the sample lacks is `-`, so the same field is always in the same place for grep, cut and awk.
 */
import type { AlertState, AppView, MonitorSample, ServerView, SourceDown } from '../../core/monitoring/monitor/monitor-sample.js';
import { redactSecrets, redactUrl } from '../../core/ground/redact.js';
import { formatClock, formatMetricValue, formatNumber, formatRatio } from './format.js';

const NONE = '-';

const figure = (n: number | null | undefined): string => formatNumber(n, false, NONE);
const count = (n: number | null | undefined): string => (n === null || n === undefined ? NONE : String(Math.round(n)));

export function plainMonitorLine(sample: MonitorSample): string {
  const segments: string[] = [];
  if (sample.server) segments.push(serverSegment(sample.server));
  if (sample.app) segments.push(appSegment(sample.app));
  const alerts = alertSegment(sample.alerts);
  if (alerts) segments.push(alerts);
  return `${formatClock(sample.at)} ${segments.join(' | ')}`.trimEnd();
}

function serverSegment(server: ServerView): string {
  const { status } = server;
  if (status.state === 'down') return downSegment('server', status);
  const h = status.headline;
  const s = status.sessions;
  const hasSessions = Object.keys(s).length > 0;
  const sessions = hasSessions ? [s.active, s.idle, s.waiting].map((n) => count(n ?? 0)).join('/') : `${NONE}/${NONE}/${NONE}`;
  return [
    status.countersReset ? 'server up (counters reset)' : 'server up',
    `tps=${figure(h.tps)}`,
    `qps=${figure(h.qps)}`,
    `cache_hit=${formatRatio(h.cacheHit, NONE)}`,
    `sessions(a/i/w)=${sessions}`,
    `blocked=${status.blocking.length}`,
    `size_mb=${h.databaseSizeBytes === null ? NONE : figure(h.databaseSizeBytes / 1024 ** 2)}`,
  ].join(' ');
}

function appSegment(app: AppView): string {
  const { status } = app;
  if (status.state === 'down') return downSegment('app', status);
  const latency = status.latencyMs;
  const pools = status.pools;
  const pool = pools.length === 0 ? `${NONE}/${NONE}/${NONE}` : [sum(pools, 'inUse'), sum(pools, 'idle'), sum(pools, 'waiting')].join('/');
  return [
    'app up',
    `qps=${figure(status.queriesPerS)}`,
    `p50=${ms(latency?.p50)}`,
    `p95=${ms(latency?.p95)}`,
    `p99=${ms(latency?.p99)}`,
    `errors=${status.errorsPerS === null ? NONE : `${figure(status.errorsPerS)}/s`}`,
    `pool(used/idle/wait)=${pool}`,
    `heap=${figure(status.heapUsedMb)}MB`,
    `rss=${figure(status.rssMb)}MB`,
    ...status.replicas.map((r) => `${r.name}=${r.state},lag=${r.lagMs === null ? NONE : `${figure(r.lagMs)}ms`},reads=${r.readShare === null ? NONE : `${figure(r.readShare * 100)}%`}`),
  ].join(' ');
}

function ms(value: number | undefined): string {
  return value === undefined ? NONE : `${figure(value)}ms`;
}

function sum<K extends 'inUse' | 'idle' | 'waiting'>(pools: readonly { readonly [key in K]: number }[], key: K): number {
  return pools.reduce((n, p) => n + p[key], 0);
}

function downSegment(source: 'server' | 'app', down: SourceDown): string {
  return `${source} disconnected since ${formatClock(down.since)} (${redactSecrets(down.error)})`;
}

function alertSegment(alerts: readonly AlertState[]): string | undefined {
  if (alerts.length === 0) return undefined;
  const firing = alerts.filter((a) => a.firing);
  if (firing.length === 0) return 'alerts ok';
  return `firing: ${firing.map((a) => `${a.rule} (${formatMetricValue(a.metric, a.value, true)})`).join(', ')}`;
}

/** The URL line the plain renderer prints once, before the first sample. */
export function plainHeading(sample: MonitorSample): string | undefined {
  const sources = [
    sample.server ? `server ${sample.server.version ?? sample.server.dialect} ${redactUrl(sample.server.url)}` : undefined,
    sample.app ? `app ${redactUrl(sample.app.url)}` : undefined,
  ].filter((s): s is string => s !== undefined);
  return sources.length > 0 ? `monitoring ${sources.join(', ')}` : undefined;
}
