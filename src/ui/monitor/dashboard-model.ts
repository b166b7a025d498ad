/**
 * What the dashboard shows, derived from the samples it holds: the newest sample, each source's
 * last good reading (kept on screen, dimmed, while the source is down) and the series the
 * sparklines draw. Pure, so the view is a function of the samples and the key state.
 */
import type { AppUp, AppView, MonitorSample, ServerUp, ServerView, SourceDown } from '../../core/monitoring/monitor/monitor-sample.js';

export interface SourceModel<View, Up> {
  readonly view: View;
  /** The outage, when the newest sample could not read the source. */
  readonly down: SourceDown | null;
  /** Down now: what is shown of `last` is old, and drawn dimmed. */
  readonly stale: boolean;
  /** The newest reading that worked, if any. */
  readonly last: Up | null;
  /** When `last` was taken (ISO). */
  readonly lastAt: string | null;
}

export interface DashboardModel {
  readonly latest: MonitorSample | null;
  readonly server: SourceModel<ServerView, ServerUp> | null;
  readonly app: SourceModel<AppView, AppUp> | null;
  /** The server's version from whichever sample last knew it (it is unknown while down from the start). */
  readonly serverVersion: string | null;
  readonly series: {
    readonly tps: readonly (number | null)[];
    readonly qps: readonly (number | null)[];
    readonly appQps: readonly (number | null)[];
    readonly p95: readonly (number | null)[];
  };
}

export function dashboardModel(samples: readonly MonitorSample[]): DashboardModel {
  const latest = samples.at(-1) ?? null;
  const serverUp = (s: MonitorSample): ServerUp | null => (s.server?.status.state === 'up' ? s.server.status : null);
  const appUp = (s: MonitorSample): AppUp | null => (s.app?.status.state === 'up' ? s.app.status : null);
  return {
    latest,
    server: latest?.server ? sourceModel(latest.server, samples, serverUp) : null,
    app: latest?.app ? sourceModel(latest.app, samples, appUp) : null,
    serverVersion: [...samples].reverse().find((s) => s.server?.version)?.server?.version ?? null,
    series: {
      tps: samples.map((s) => serverUp(s)?.headline.tps ?? null),
      qps: samples.map((s) => serverUp(s)?.headline.qps ?? null),
      appQps: samples.map((s) => appUp(s)?.queriesPerS ?? null),
      p95: samples.map((s) => appUp(s)?.latencyMs?.p95 ?? null),
    },
  };
}

function sourceModel<View extends ServerView | AppView, Up>(
  view: View,
  samples: readonly MonitorSample[],
  up: (s: MonitorSample) => Up | null,
): SourceModel<View, Up> {
  for (let i = samples.length - 1; i >= 0; i--) {
    const last = up(samples[i]!);
    if (last) return { view, down: downOf(view.status), stale: view.status.state === 'down', last, lastAt: samples[i]!.at };
  }
  return { view, down: downOf(view.status), stale: view.status.state === 'down', last: null, lastAt: null };
}

function downOf(status: ServerUp | AppUp | SourceDown): SourceDown | null {
  return status.state === 'down' ? status : null;
}
