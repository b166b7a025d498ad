/**
 * `oxen monitor start` and `oxen monitor check` as a service: which sources to read (from the flags
 * and the configuration), connecting to the server first so a wrong URL fails at once, the optional
 * `--prometheus` exporter, and the loop. The command only parses flags and picks the view.
 */
import type { ResolvedConfig } from '../../config/resolve-config.js';
import { UsageError } from '../../ground/errors.js';
import { AlertEvaluator, type AlertRule } from './alert-rules.js';
import { AppSource } from './app-source.js';
import type { ListenAddress } from './listen-address.js';
import { METRICS } from './metrics.js';
import { MonitorLoop } from './monitor-loop.js';
import type { MonitorSample } from './monitor-sample.js';
import { serveServerMetrics, type RunningExporter } from './server-exporter.js';
import { ServerSource } from './server-source.js';

export interface MonitorJob {
  /** The configuration's `default` database is the server watched, when one was named (--url, OXEN_DATABASE_URL, a config file). */
  readonly config: ResolvedConfig;
  /** The app exporter's base URL (--app). */
  readonly app?: string;
  readonly intervalS: number;
  readonly alerts: readonly AlertRule[];
  readonly prometheus?: ListenAddress;
  readonly longRunningS?: number;
}

export interface MonitorRunOptions {
  readonly onSample: (sample: MonitorSample) => void;
  readonly emitBaseline: boolean;
  readonly samples?: number;
  readonly durationS?: number;
  readonly signal?: AbortSignal;
}

export interface OpenMonitor {
  /** Redacted; null when only an app is watched. */
  readonly serverUrl: string | null;
  readonly exporterUrl: string | null;
  readonly intervalS: number;
  setIntervalS(seconds: number): void;
  /** Samples until the count or duration is reached, or the signal aborts; returns the rules that fired. */
  run(options: MonitorRunOptions): Promise<{ readonly fired: readonly string[] }>;
  close(): Promise<void>;
}

export async function openMonitor(job: MonitorJob): Promise<OpenMonitor> {
  const server = serverSource(job);
  const app = job.app !== undefined ? new AppSource(checkAppUrl(job.app)) : undefined;
  checkAlertSources(job.alerts, server !== undefined, app !== undefined);
  let exporter: RunningExporter | undefined;
  try {
    await server?.open();
    if (job.prometheus) {
      if (!server) throw new UsageError('USAGE', '--prometheus serves the server\'s statistics: give --url (the app exporter serves its own /metrics)');
      exporter = await serveServerMetrics(server, job.prometheus);
    }
  } catch (error) {
    await server?.close();
    throw error;
  }
  let loop: MonitorLoop | undefined;
  let intervalS = job.intervalS;
  return {
    serverUrl: server ? job.config.urls.default!.redacted : null,
    exporterUrl: exporter?.url ?? null,
    get intervalS() {
      return loop?.intervalS ?? intervalS;
    },
    setIntervalS(seconds) {
      intervalS = seconds;
      loop?.setIntervalS(seconds);
    },
    async run(options) {
      const alerts = new AlertEvaluator(job.alerts);
      loop = new MonitorLoop({ ...options, intervalS, alerts, ...(server ? { server } : {}), ...(app ? { app } : {}) });
      await loop.run();
      return { fired: [...alerts.fired] };
    },
    async close() {
      await Promise.allSettled([exporter?.close(), server?.close()]);
    },
  };
}

function serverSource(job: MonitorJob): ServerSource | undefined {
  const named = job.config.sources.databases.default !== 'default';
  if (!named) {
    if (job.app !== undefined) return undefined;
    throw new UsageError('USAGE', 'nothing to monitor: give --url (or OXEN_DATABASE_URL, or a database in oxen.config) for the server, --app for an app exporter, or both');
  }
  return new ServerSource(job.config.urls.default!, job.longRunningS !== undefined ? { longRunningS: job.longRunningS } : {});
}

/** An alert on a source that is not read could never fire: say so before sampling, not after. */
function checkAlertSources(alerts: readonly AlertRule[], hasServer: boolean, hasApp: boolean): void {
  for (const rule of alerts) {
    const source = METRICS.find((m) => m.name === rule.metric)!.source;
    if (source === 'app' && !hasApp) throw new UsageError('USAGE', `--alert '${rule.text}' reads the app exporter: add --app http://host:port (serveMetrics() in your app)`);
    if (source === 'server' && !hasServer) throw new UsageError('USAGE', `--alert '${rule.text}' reads the database server: add --url`);
  }
}

function checkAppUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError('USAGE', `--app ${text} is not a URL: give the exporter's address, e.g. http://127.0.0.1:9464`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('USAGE', `--app ${url.protocol} is not supported: the exporter speaks http, e.g. http://127.0.0.1:9464`);
  }
  // The exporter's base is wanted; a pasted /metrics or /metrics.json address means the same exporter.
  return text.replace(/\/+$/, '').replace(/\/metrics(\.json)?$/, '');
}
