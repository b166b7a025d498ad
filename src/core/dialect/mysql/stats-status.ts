/**
 * MySQL/MariaDB's server-wide counters (SHOW GLOBAL STATUS) and the figures read with them: the
 * connection limit, the schema's size on disk, when this server run started, and who we are.
 */
import { DATABASE_SIZE_EVERY_MS, SlowGauge } from '../slow-gauge.js';
import { QueryError } from '../../ground/errors.js';
import type { Executor } from '../../executor/executor.js';
import { failedNote, numberOf, numberOrNull, queryOrError, textOrNull } from '../server-stats-values.js';

/** Status variables kept as counters, lowercased as mysqld_exporter lowercases them. */
export const STATUS_COUNTERS = [
  'questions',
  'com_commit',
  'com_rollback',
  'slow_queries',
  'innodb_buffer_pool_read_requests',
  'innodb_buffer_pool_reads',
  'innodb_row_lock_waits',
  'innodb_row_lock_time',
  'innodb_deadlocks',
  'bytes_received',
  'bytes_sent',
  'connections',
  'aborted_connects',
  'created_tmp_disk_tables',
] as const;

export const STATUS_GAUGES = ['threads_connected', 'threads_running', 'uptime'] as const;

const STATUS_SQL = `SHOW GLOBAL STATUS WHERE Variable_name IN (${[...STATUS_COUNTERS, ...STATUS_GAUGES].map((n) => `'${n}'`).join(', ')})`;

const SERVER_SQL = 'SELECT UNIX_TIMESTAMP(), @@max_connections, @@performance_schema, CURRENT_USER()';
const SIZE_SQL = 'SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?';
const schemaSize = new SlowGauge(DATABASE_SIZE_EVERY_MS);

export interface StatusReading {
  readonly counters: Record<string, number>;
  readonly gauges: Record<string, number>;
  readonly startedAt: string | null;
  readonly performanceSchema: boolean;
  /** CURRENT_USER() as `'user'@'host'`, ready for a GRANT in a note. */
  readonly account: string | null;
  readonly notes: string[];
}

/**
 * The start of this server run, per executor. MySQL only says how long it has been up (whole seconds,
 * read in another statement than the clock), so clock minus Uptime wobbles by a second between
 * readings. Rounding would still flip whenever the start lies near a rounding boundary; keeping the
 * first value while new ones stay within a few seconds of it is steady, and a restart moves it by far
 * more (the length of the previous run).
 */
const startedAtByExecutor = new WeakMap<Executor, number>();
const START_WOBBLE_S = 2;

export async function readStatus(executor: Executor, database: string): Promise<StatusReading> {
  const status = await queryOrError(executor, { sql: STATUS_SQL, params: [] });
  const server = await queryOrError(executor, { sql: SERVER_SQL, params: [] });
  const notes: string[] = [];
  const counters: Record<string, number> = {};
  const gauges: Record<string, number> = {};
  if (status instanceof QueryError) notes.push(failedNote('SHOW GLOBAL STATUS', status));
  else {
    const byName = new Map(status.rows.map(([name, value]) => [String(name).toLowerCase(), numberOrNull(value)]));
    for (const name of STATUS_COUNTERS) setIfKnown(counters, name, byName.get(name));
    for (const name of STATUS_GAUGES) setIfKnown(gauges, name, byName.get(name));
  }
  if (server instanceof QueryError) {
    notes.push(failedNote('the server clock', server));
    return { counters, gauges, startedAt: null, performanceSchema: false, account: null, notes };
  }
  const [now, maxConnections, performanceSchema, user] = server.rows[0] ?? [];
  gauges.max_connections = numberOf(maxConnections);
  const size = await schemaSize.read(executor, async () => {
    const sized = await queryOrError(executor, { sql: SIZE_SQL, params: [database] });
    return sized instanceof QueryError ? null : numberOf(sized.rows[0]?.[0]);
  });
  if (size) {
    gauges.database_size_bytes = size.value;
    gauges.database_size_measured_at = size.measuredAt;
  }
  const clock = numberOrNull(now);
  const uptime = gauges.uptime;
  const startedAt = clock === null || uptime === undefined ? null : steadyStart(executor, clock - uptime);
  return { counters, gauges, startedAt, performanceSchema: numberOf(performanceSchema) === 1, account: account(textOrNull(user)), notes };
}

function setIfKnown(into: Record<string, number>, name: string, value: number | null | undefined): void {
  if (value !== null && value !== undefined) into[name] = value;
}

function steadyStart(executor: Executor, startS: number): string {
  const previous = startedAtByExecutor.get(executor);
  const start = previous !== undefined && Math.abs(previous - startS) <= START_WOBBLE_S ? previous : startS;
  startedAtByExecutor.set(executor, start);
  return new Date(start * 1000).toISOString();
}

/** `user@host` as MySQL's GRANT spells an account. */
function account(currentUser: string | null): string | null {
  if (currentUser === null) return null;
  const at = currentUser.lastIndexOf('@');
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return at === -1 ? literal(currentUser) : `${literal(currentUser.slice(0, at))}@${literal(currentUser.slice(at + 1))}`;
}
