/**
 * What the other sessions of this database are doing (pg_stat_activity): counts by state, who is
 * blocked by whom, and the statements running longest. The monitor's own session is left out.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import type { BlockedSession, RunningQuery } from '../server-stats.js';
import { TEXT_LIMIT, failedNote, numberOf, queryOrError, textOf, textOrNull } from '../server-stats-values.js';

export interface Activity {
  readonly sessions: Record<string, number>;
  readonly blocking: BlockedSession[];
  readonly longRunning: RunningQuery[];
  readonly notes: string[];
}

/**
 * pg_blocking_pids takes the lock manager's locks, so it is asked only for sessions waiting on a lock.
 * The wait starts at pg_locks.waitstart from PostgreSQL 14; before that the statement's start stands in.
 */
function activitySql(versionNum: number): string {
  const waitStart =
    versionNum >= 140000 ? `coalesce((SELECT min(l.waitstart) FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted), a.query_start)` : 'a.query_start';
  return `SELECT a.pid, a.usename, a.state, a.wait_event_type, a.wait_event, left(a.query, ${TEXT_LIMIT}),
  extract(epoch FROM clock_timestamp() - a.query_start)::float8,
  CASE WHEN a.wait_event_type = 'Lock' THEN array_to_string(pg_blocking_pids(a.pid), ',') END,
  CASE WHEN a.wait_event_type = 'Lock' THEN extract(epoch FROM clock_timestamp() - ${waitStart})::float8 END
FROM pg_stat_activity a
WHERE a.datname = current_database() AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()`;
}

export async function readActivity(on: Queryable, versionNum: number, longRunningS: number): Promise<Activity> {
  const result = await queryOrError(on, { sql: activitySql(versionNum), params: [] });
  if (result instanceof QueryError) return { sessions: {}, blocking: [], longRunning: [], notes: [failedNote('pg_stat_activity', result)] };
  const sessions = { active: 0, idle: 0, idle_in_transaction: 0, waiting: 0, total: 0 };
  const blocking: BlockedSession[] = [];
  const longRunning: RunningQuery[] = [];
  for (const [pid, user, state, waitType, waitEvent, query, runningS, blockers, waitingS] of result.rows) {
    sessions.total++;
    if (state === 'active') sessions.active++;
    else if (state === 'idle') sessions.idle++;
    // Both the plain and the aborted form: either way the session holds its snapshot and locks.
    else if (typeof state === 'string' && state.startsWith('idle in transaction')) sessions.idle_in_transaction++;
    const lockWait = waitType === 'Lock';
    if (lockWait) sessions.waiting++;
    const blockedBy = parsePids(blockers);
    if (blockedBy.length > 0) {
      blocking.push({ pid: numberOf(pid), blockedBy, waitingS: numberOf(waitingS), query: textOf(query), user: textOrNull(user) });
    }
    if (state === 'active' && numberOf(runningS) >= longRunningS) {
      longRunning.push({
        pid: numberOf(pid),
        runningS: numberOf(runningS),
        state: lockWait ? `waiting for a ${textOf(waitEvent)} lock` : 'active',
        query: textOf(query),
        user: textOrNull(user),
      });
    }
  }
  blocking.sort((a, b) => b.waitingS - a.waitingS);
  longRunning.sort((a, b) => b.runningS - a.runningS);
  return { sessions, blocking, longRunning, notes: [] };
}

function parsePids(list: unknown): number[] {
  if (typeof list !== 'string' || list === '') return [];
  return list.split(',').map(Number);
}
