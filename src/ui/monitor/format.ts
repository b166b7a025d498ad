/**
 * Number, size, time and duration formats shared by the monitor's renderers, so the plain line and
 * the dashboard agree. `grouping` is off for the plain line: "1234" splits on whitespace and parses
 * back, "1,234" does not.
 */
import { METRICS, type MetricUnit } from '../../core/monitoring/monitor/metrics.js';

export const MISSING = '–';

/** Three significant digits below 100, whole numbers above: 0.412, 4.12, 41.2, 412, 4,120. */
export function formatNumber(n: number | null | undefined, grouping = true, missing = MISSING): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return missing;
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 100) return grouping ? Math.round(n).toLocaleString('en-US') : String(Math.round(n));
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

/** A whole count, grouped: sessions, rows, pids are never fractional. */
export function formatCount(n: number | null | undefined, missing = MISSING): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return missing;
  return Math.round(n).toLocaleString('en-US');
}

export function formatRatio(ratio: number | null | undefined, missing = MISSING): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return missing;
  return `${(ratio * 100).toFixed(1)}%`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Powers of 1024, as the alert grammar's kb/mb/gb are. */
export function formatBytes(bytes: number | null | undefined, missing = MISSING): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return missing;
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const sign = bytes < 0 ? '-' : '';
  return `${sign}${unit === 0 ? String(Math.round(value)) : formatNumber(value, true)} ${BYTE_UNITS[unit]}`;
}

/** The largest two units: 42s, 12m 5s, 3h 4m, 3d 4h. */
export function formatDuration(seconds: number | null | undefined, missing = MISSING): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return missing;
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** Seconds of a running statement or a wait, with a tenth below a minute: 0.4s, 12.3s, 2m 5s. */
export function formatSeconds(seconds: number | null | undefined, missing = MISSING): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return missing;
  return seconds < 60 ? `${seconds.toFixed(1)}s` : formatDuration(seconds);
}

/** The local wall-clock time of an ISO instant, as a person reads it next to their own clock. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** Seconds from `iso` to `nowMs`, never negative (the clock of the sampler and the screen may differ). */
export function secondsSince(iso: string, nowMs: number): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((nowMs - at) / 1000));
}

const UNIT_OF: ReadonlyMap<string, MetricUnit> = new Map(METRICS.map((m) => [m.name, m.unit]));

/**
 * An alert metric's value in its own unit. `compact` drops the space before the unit so the plain
 * line stays one token per figure.
 */
export function formatMetricValue(metric: string, value: number | null, compact = false): string {
  if (value === null || !Number.isFinite(value)) return compact ? '-' : MISSING;
  const gap = compact ? '' : ' ';
  const grouping = !compact;
  switch (UNIT_OF.get(metric)) {
    case 'ratio':
      return formatRatio(value);
    case 'ms':
      return `${formatNumber(value, grouping)}${gap}ms`;
    case 's':
      return `${formatNumber(value, grouping)}${gap}s`;
    case 'per_s':
      return `${formatNumber(value, grouping)}/s`;
    case 'bytes':
      return compact ? formatBytes(value).replace(' ', '') : formatBytes(value);
    case 'mb':
      return `${formatNumber(value, grouping)}${gap}MB`;
    default:
      return formatNumber(value, grouping);
  }
}

/** SQL on one line: newlines and runs of spaces would break a table row or a log line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
