/**
 * The JSON an app exporter serves at `/metrics.json`, and its check. Everything in it is cumulative
 * since the process started, so any number of readers can diff their own pairs of readings without
 * the exporter keeping per-reader state.
 *
 * Version 1:
 * ```
 * { format: 'oxen-app-metrics', version: 1,
 *   instance,          random id of this process's collector: a new one means the app restarted
 *   pid, startedAt,    the process's, ISO time
 *   takenAt,           ISO time of this reading
 *   uptimeS,           monotonic seconds since the process started (intervals use this, not the clock)
 *   queries, errors,   statements settled and failed (errors are among the queries)
 *   cached, rows,      query-cache hits (not among the queries); rows returned or affected
 *   latency,           HDR histogram of every query's duration in microseconds, compressed base64
 *   digests: [{ digest, sql, count, errors, totalMs, maxMs, rows }],   per statement shape; past the
 *                      exporter's bound the rest sum up under digest '*'; `sql` capped at 2000 chars
 *   pools: [{ database, total, inUse, idle, waiting, max }],           every connected database, now
 *   memory: { heapUsed, heapTotal, rss },                               bytes, now
 *   routing: [{ database, primaryReads, replicas: [{ name, url, state, lagMs, reads }] }] }
 *                      databases with read replicas: reads routed since connect (cumulative), and
 *                      each replica's state and lag at its last sample; absent from older exporters
 * ```
 * A reader accepts only its own major version: a new field is added without a bump, a changed
 * meaning bumps it.
 */
export const SNAPSHOT_FORMAT = 'oxen-app-metrics';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotDigest {
  readonly digest: string;
  readonly sql: string;
  readonly count: number;
  readonly errors: number;
  /** Milliseconds, to the microsecond. */
  readonly totalMs: number;
  /** Longest single run since the process started, milliseconds. */
  readonly maxMs: number;
  readonly rows: number;
}

export interface SnapshotPool {
  readonly database: string;
  readonly total: number;
  readonly inUse: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

export interface SnapshotRouting {
  readonly database: string;
  readonly primaryReads: number;
  readonly replicas: readonly { readonly name: string; readonly url: string; readonly state: string; readonly lagMs: number | null; readonly reads: number }[];
}

export interface AppSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly instance: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly takenAt: string;
  readonly uptimeS: number;
  readonly queries: number;
  readonly errors: number;
  readonly cached: number;
  readonly rows: number;
  readonly latency: string;
  readonly digests: readonly SnapshotDigest[];
  readonly pools: readonly SnapshotPool[];
  readonly memory: { readonly heapUsed: number; readonly heapTotal: number; readonly rss: number };
  readonly routing?: readonly SnapshotRouting[];
}

/**
 * `value` as a snapshot, or the one reason it is not: a wrong `format` means the URL is not an Oxen
 * exporter, a wrong `version` an exporter this reader cannot understand.
 */
export function checkSnapshot(value: unknown): { ok: true; snapshot: AppSnapshot } | { ok: false; reason: string } {
  if (!isObject(value) || value.format !== SNAPSHOT_FORMAT) return { ok: false, reason: `not an Oxen app exporter (no "format": "${SNAPSHOT_FORMAT}")` };
  if (value.version !== SNAPSHOT_VERSION) {
    return { ok: false, reason: `an Oxen app exporter of format version ${String(value.version)}; this oxen reads version ${SNAPSHOT_VERSION}: use the same Oxen version on both sides` };
  }
  const missing = [
    ...['instance', 'startedAt', 'takenAt', 'latency'].filter((k) => typeof value[k] !== 'string'),
    ...['pid', 'uptimeS', 'queries', 'errors', 'cached', 'rows'].filter((k) => !isCount(value[k])),
    ...(Array.isArray(value.digests) && value.digests.every(isDigest) ? [] : ['digests']),
    ...(Array.isArray(value.pools) && value.pools.every(isPool) ? [] : ['pools']),
    ...(isObject(value.memory) && ['heapUsed', 'heapTotal', 'rss'].every((k) => isCount((value.memory as Record<string, unknown>)[k])) ? [] : ['memory']),
  ];
  if (missing.length > 0) return { ok: false, reason: `a malformed Oxen app snapshot (bad or missing: ${missing.join(', ')})` };
  return { ok: true, snapshot: value as unknown as AppSnapshot };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isDigest(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.digest === 'string' &&
    typeof value.sql === 'string' &&
    ['count', 'errors', 'totalMs', 'maxMs', 'rows'].every((k) => isCount(value[k]))
  );
}

function isPool(value: unknown): boolean {
  return isObject(value) && typeof value.database === 'string' && ['total', 'inUse', 'idle', 'waiting', 'max'].every((k) => isCount(value[k]));
}
