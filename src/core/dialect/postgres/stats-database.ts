/**
 * PostgreSQL's counters for the connected database (pg_stat_database) and the server-wide figures read
 * with them, in one statement: the less the monitor sends, the less it costs the server it watches.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import { DATABASE_SIZE_EVERY_MS, SlowGauge } from '../slow-gauge.js';
import { failedNote, numberOf, numberOrNull, queryOrError, textOrNull } from '../server-stats-values.js';

/** pg_stat_database columns kept as counters, under their own names. */
export const DATABASE_COUNTERS = [
  'xact_commit',
  'xact_rollback',
  'blks_hit',
  'blks_read',
  'tup_returned',
  'tup_fetched',
  'tup_inserted',
  'tup_updated',
  'tup_deleted',
  'deadlocks',
  'temp_files',
  'temp_bytes',
] as const;

const SQL = `SELECT ${DATABASE_COUNTERS.map((c) => `d.${c}`).join(', ')},
  extract(epoch FROM pg_postmaster_start_time())::float8,
  current_setting('max_connections')::int,
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
  current_user,
  pg_has_role('pg_read_all_stats', 'USAGE'),
  (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'),
  current_setting('server_version_num')::int
FROM pg_stat_database d
WHERE d.datname = current_database()`;

export interface DatabaseStats {
  readonly counters: Record<string, number>;
  readonly gauges: Record<string, number>;
  readonly startedAt: string | null;
  readonly user: string | null;
  /** Superuser or member of pg_read_all_stats: other users' sessions and statements are visible. */
  readonly readsAllStats: boolean;
  /** Schema pg_stat_statements is installed in, in this database; null when it is not. */
  readonly statementsSchema: string | null;
  readonly versionNum: number;
  /**
   * The pg_stat_statements library is loaded: its settings exist with their real types (a setting
   * named in postgresql.conf without the library is a string placeholder). Readable by any user, unlike
   * shared_preload_libraries itself.
   */
  readonly statementsLoaded: boolean;
  readonly notes: string[];
}

/** Scans every setting (milliseconds): asked only when the extension is missing, to say which step is. */
const LOADED_SQL = "SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'pg_stat_statements.max' AND vartype = 'integer')";
const SIZE_SQL = 'SELECT pg_database_size(current_database())';
const databaseSize = new SlowGauge(DATABASE_SIZE_EVERY_MS);

export async function readDatabaseStats(on: Queryable): Promise<DatabaseStats> {
  const result = await queryOrError(on, { sql: SQL, params: [] });
  if (result instanceof QueryError) return unreadable(failedNote('pg_stat_database', result));
  const row = result.rows[0];
  if (!row) return unreadable('pg_stat_database has no row for the current database');
  const counters: Record<string, number> = {};
  DATABASE_COUNTERS.forEach((name, i) => (counters[name] = numberOf(row[i])));
  const at = DATABASE_COUNTERS.length;
  const started = numberOrNull(row[at]);
  const statementsSchema = textOrNull(row[at + 5]);
  const size = await databaseSize.read(on, async () => {
    const sized = await queryOrError(on, { sql: SIZE_SQL, params: [] });
    return sized instanceof QueryError ? null : numberOf(sized.rows[0]?.[0]);
  });
  return {
    counters,
    gauges: {
      ...(size ? { database_size_bytes: size.value, database_size_measured_at: size.measuredAt } : {}),
      max_connections: numberOf(row[at + 1]),
      connections: numberOf(row[at + 2]),
    },
    startedAt: started === null ? null : new Date(started * 1000).toISOString(),
    user: textOrNull(row[at + 3]),
    readsAllStats: row[at + 4] === true,
    statementsSchema,
    versionNum: numberOf(row[at + 6]),
    statementsLoaded: statementsSchema !== null || (await statementsLibraryLoaded(on)),
    notes: [],
  };
}

function unreadable(note: string): DatabaseStats {
  return { counters: {}, gauges: {}, startedAt: null, user: null, readsAllStats: false, statementsSchema: null, versionNum: 0, statementsLoaded: false, notes: [note] };
}

async function statementsLibraryLoaded(on: Queryable): Promise<boolean> {
  const result = await queryOrError(on, { sql: LOADED_SQL, params: [] });
  return !(result instanceof QueryError) && result.rows[0]?.[0] === true;
}
