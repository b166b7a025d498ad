/** The flags `monitor start` and `monitor check` share, and turning them into the monitor's job. */
import { Flags } from '@oclif/core';
import type { ResolvedConfig } from '../../core/config/resolve-config.js';
import { UsageError } from '../../core/ground/errors.js';
import { parseAlertRule } from '../../core/monitoring/monitor/alert-rules.js';
import { INTERVAL_LIMITS_S } from '../../core/monitoring/monitor/monitor-loop.js';
import type { MonitorJob } from '../../core/monitoring/monitor/run-monitor.js';
import { connectionFlags } from '../base-command.js';

export const monitorFlags = {
  url: Flags.string({
    description: 'The database server to watch (else OXEN_DATABASE_URL, then the config file\'s default database).',
    helpValue: '<url>',
  }),
  config: connectionFlags.config,
  app: Flags.string({ description: 'An app exporter to read (serveMetrics() in your app), e.g. http://127.0.0.1:9464.', helpValue: '<url>' }),
  interval: Flags.string({ description: 'Seconds between samples.', default: '5', helpValue: '<seconds>' }),
  alert: Flags.string({
    description: "An alert rule, e.g. 'p95>50ms', 'pool.waiting>0', 'cache_hit<0.95', 'blocked>0 for 3'; repeatable.",
    multiple: true,
    helpValue: '<rule>',
  }),
  'long-running': Flags.string({ description: 'List statements running at least this many seconds.', default: '5', helpValue: '<seconds>' }),
};

export interface MonitorFlagValues {
  readonly app?: string | undefined;
  readonly interval: string;
  readonly alert?: string[] | undefined;
  readonly 'long-running': string;
}

export function monitorJob(flags: MonitorFlagValues, config: ResolvedConfig): MonitorJob {
  const alerts = (flags.alert ?? []).map(parseAlertRule);
  return {
    config,
    ...(flags.app !== undefined ? { app: flags.app } : {}),
    intervalS: parseSeconds('interval', flags.interval, INTERVAL_LIMITS_S.min, INTERVAL_LIMITS_S.max),
    alerts,
    longRunningS: parseSeconds('long-running', flags['long-running'], 0, 86_400),
  };
}

export function parseSeconds(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError('USAGE', `--${flag} ${text} is not a number of seconds between ${min} and ${max}`);
  }
  return value;
}
