/**
 * What the other client sessions are doing (information_schema.PROCESSLIST, with InnoDB's open
 * transactions and lock waits): counts by state, who is blocked by whom, the longest statements.
 * The monitor's own connection and the server's own threads are left out.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import type { BlockedSession, RunningQuery } from '../server-stats.js';
import { TEXT_LIMIT, failedNote, numberOf, queryOrError, textOf, textOrNull } from '../server-stats-values.js';

/** ER_SPECIFIC_ACCESS_DENIED_ERROR: INNODB_TRX wants the PROCESS privilege. */
const NEEDS_PRIVILEGE = '1227';

export interface SessionsReading {
  readonly sessions: Record<string, number>;
  readonly blocking: BlockedSession[];
  readonly longRunning: RunningQuery[];
  readonly notes: string[];
}

export interface SessionsTarget {
  readonly mariadb: boolean;
  readonly longRunningS: number;
  readonly account: string | null;
}

/** MariaDB counts a statement's time in milliseconds (TIME_MS); MySQL only in whole seconds. */
function processlistSql(mariadb: boolean): string {
  return `SELECT ID, USER, COMMAND, ${mariadb ? 'TIME_MS / 1000' : 'TIME'}, STATE, LEFT(INFO, ${TEXT_LIMIT})
FROM information_schema.PROCESSLIST
WHERE ID <> CONNECTION_ID() AND USER NOT IN ('system user', 'event_scheduler')
  AND COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Slave_IO', 'Slave_SQL', 'Slave_worker')`;
}

/** A cache InnoDB refreshes only once nobody has read it for 0.1 s: fine at the monitor's intervals. */
const TRX_SQL = `SELECT trx_mysql_thread_id, trx_state, TIMESTAMPDIFF(SECOND, trx_wait_started, NOW())
FROM information_schema.INNODB_TRX`;

/** Who waits for whom on row locks: MariaDB keeps it in information_schema, MySQL 8 in performance_schema. */
function lockWaitsSql(mariadb: boolean): string {
  const [table, requesting, blocking] = mariadb
    ? ['information_schema.INNODB_LOCK_WAITS', 'requesting_trx_id', 'blocking_trx_id']
    : ['performance_schema.data_lock_waits', 'REQUESTING_ENGINE_TRANSACTION_ID', 'BLOCKING_ENGINE_TRANSACTION_ID'];
  return `SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id
FROM ${table} w
JOIN information_schema.INNODB_TRX r ON r.trx_id = w.${requesting}
JOIN information_schema.INNODB_TRX b ON b.trx_id = w.${blocking}`;
}

/**
 * Table-level waits (metadata locks above all) show only as a PROCESSLIST state; who holds the lock is
 * not visible without the metadata_lock_info plugin, so such sessions are listed with no blockers.
 */
const SERVER_LOCK_WAIT = /^Waiting for .*lock$/i;

export async function readSessions(on: Queryable, target: SessionsTarget): Promise<SessionsReading> {
  const notes: string[] = [];
  const processlist = await queryOrError(on, { sql: processlistSql(target.mariadb), params: [] });
  if (processlist instanceof QueryError) return { sessions: {}, blocking: [], longRunning: [], notes: [failedNote('information_schema.PROCESSLIST', processlist)] };
  const trx = await queryOrError(on, { sql: TRX_SQL, params: [] });
  const transactions = new Map<number, { waiting: boolean; waitingS: number }>();
  if (trx instanceof QueryError) {
    notes.push(
      trx.dbCode === NEEDS_PRIVILEGE
        ? `other users' sessions, open transactions and lock waits need the PROCESS privilege: GRANT PROCESS ON *.* TO ${target.account ?? 'the monitoring user'}`
        : failedNote('information_schema.INNODB_TRX', trx),
    );
  } else {
    for (const [thread, state, waitingS] of trx.rows) transactions.set(numberOf(thread), { waiting: state === 'LOCK WAIT', waitingS: numberOf(waitingS) });
  }
  const blockers = await readLockWaits(on, target.mariadb, transactions, notes);

  const sessions = { active: 0, idle: 0, idle_in_transaction: 0, waiting: 0, total: 0 };
  const blocking: BlockedSession[] = [];
  const longRunning: RunningQuery[] = [];
  for (const [rawId, user, command, time, rawState, info] of processlist.rows) {
    const id = numberOf(rawId);
    const state = textOf(rawState);
    const transaction = transactions.get(id);
    const runningS = numberOf(time);
    sessions.total++;
    if (command === 'Sleep' && transaction) sessions.idle_in_transaction++;
    else if (command === 'Sleep') sessions.idle++;
    const running = command === 'Query' || command === 'Execute';
    if (running) sessions.active++;
    const rowLockWait = transaction?.waiting === true;
    const serverLockWait = running && SERVER_LOCK_WAIT.test(state);
    if (rowLockWait || serverLockWait) {
      sessions.waiting++;
      blocking.push({
        pid: id,
        blockedBy: rowLockWait ? [...(blockers.get(id) ?? [])] : [],
        waitingS: rowLockWait ? transaction.waitingS : runningS,
        query: textOf(info),
        user: textOrNull(user),
      });
    }
    if (running && runningS >= target.longRunningS) {
      longRunning.push({ pid: id, runningS, state: rowLockWait ? 'waiting for a row lock' : state || 'active', query: textOf(info), user: textOrNull(user) });
    }
  }
  blocking.sort((a, b) => b.waitingS - a.waitingS);
  longRunning.sort((a, b) => b.runningS - a.runningS);
  return { sessions, blocking, longRunning, notes };
}

/** Blocking thread ids by blocked thread id; asked only while some transaction waits, which is rare. */
async function readLockWaits(
  on: Queryable,
  mariadb: boolean,
  transactions: ReadonlyMap<number, { waiting: boolean }>,
  notes: string[],
): Promise<Map<number, Set<number>>> {
  const blockers = new Map<number, Set<number>>();
  if (![...transactions.values()].some((t) => t.waiting)) return blockers;
  const waits = await queryOrError(on, { sql: lockWaitsSql(mariadb), params: [] });
  if (waits instanceof QueryError) {
    notes.push(failedNote('InnoDB lock waits', waits));
    return blockers;
  }
  for (const [blocked, holder] of waits.rows) {
    const set = blockers.get(numberOf(blocked)) ?? new Set<number>();
    set.add(numberOf(holder));
    blockers.set(numberOf(blocked), set);
  }
  return blockers;
}
