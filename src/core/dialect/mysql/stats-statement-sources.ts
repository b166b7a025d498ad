/**
 * The two places performance_schema keeps per-statement totals for one schema: digests (statements
 * sent as text) and prepared statement instances (statements executed through the binary protocol).
 * Each is read as server-stats-statements.ts asks: the numbers of every shape without text, then the
 * texts of the few shapes it needs, by id.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import type { ShapeNumbers, ShapeText, StatementSource } from '../server-stats-statements.js';
import { MONITOR_TAG, TEXT_LIMIT, numberOf, queryOrError, textOf } from '../server-stats-values.js';

const PICOSECONDS_PER_MS = 1e9;

/**
 * Digests drop comments, so the monitor's own reads (and other monitoring tools') are left out by what
 * they read: the system schemas, and SHOW. DIGEST_TEXT is in memory, so filtering on it costs little;
 * it is only not sent.
 */
const NOT_MONITORING_DIGEST = `DIGEST_TEXT NOT LIKE '%performance\\_schema%' AND DIGEST_TEXT NOT LIKE '%information\\_schema%' AND DIGEST_TEXT NOT LIKE 'SHOW %'`;

export const DIGEST_NUMBERS_SQL = `SELECT DIGEST, COUNT_STAR, SUM_TIMER_WAIT, SUM_ROWS_SENT + SUM_ROWS_AFFECTED
FROM performance_schema.events_statements_summary_by_digest
WHERE SCHEMA_NAME = ? AND DIGEST IS NOT NULL
  AND ${NOT_MONITORING_DIGEST}`;

/** FIND_IN_SET: the ids arrive as one comma-separated parameter, never spliced into the SQL. */
export const DIGEST_TEXTS_SQL = `SELECT DIGEST, LEFT(DIGEST_TEXT, ${TEXT_LIMIT})
FROM performance_schema.events_statements_summary_by_digest
WHERE SCHEMA_NAME = ? AND FIND_IN_SET(DIGEST, ?)`;

/**
 * Prepared statements belong to a connection and vanish with it, so their totals are summed per text
 * across the connections whose default schema is this one, and may drop when a connection closes (the
 * differ counts such a shape from zero again). The id is a hash of the text, prefixed so it can never
 * equal a digest. Prepared texts keep their comments: the monitor's own (Oxen's executors prepare every
 * statement) are left out by their tag, other monitoring by what it reads, as for digests.
 */
const PREPARED_ID = `CONCAT('prepared:', MD5(p.SQL_TEXT))`;
const PREPARED_FROM = `FROM performance_schema.prepared_statements_instances p
JOIN performance_schema.threads t ON t.THREAD_ID = p.OWNER_THREAD_ID
WHERE t.PROCESSLIST_DB = ? AND p.COUNT_EXECUTE > 0`;

export const PREPARED_NUMBERS_SQL = `SELECT ${PREPARED_ID}, SUM(p.COUNT_EXECUTE), SUM(p.SUM_TIMER_EXECUTE), SUM(p.SUM_ROWS_SENT + p.SUM_ROWS_AFFECTED)
${PREPARED_FROM}
  AND p.SQL_TEXT NOT LIKE '${MONITOR_TAG.trim()}%'
  AND p.SQL_TEXT NOT LIKE '%performance\\_schema%' AND p.SQL_TEXT NOT LIKE '%information\\_schema%' AND p.SQL_TEXT NOT LIKE 'SHOW %'
GROUP BY p.SQL_TEXT`;

export const PREPARED_TEXTS_SQL = `SELECT ${PREPARED_ID}, LEFT(p.SQL_TEXT, ${TEXT_LIMIT})
${PREPARED_FROM} AND FIND_IN_SET(${PREPARED_ID}, ?)
GROUP BY p.SQL_TEXT`;

export function digestSource(database: string): StatementSource {
  return source('digests', database, DIGEST_NUMBERS_SQL, DIGEST_TEXTS_SQL);
}

export function preparedSource(database: string): StatementSource {
  return source('prepared', database, PREPARED_NUMBERS_SQL, PREPARED_TEXTS_SQL);
}

/** Both queries return id first; the numbers one then calls, time in picoseconds and rows. */
function source(key: string, database: string, numbersSql: string, textsSql: string): StatementSource {
  return {
    key,
    async numbers(on: Queryable): Promise<ShapeNumbers[] | QueryError> {
      const result = await queryOrError(on, { sql: numbersSql, params: [database] });
      if (result instanceof QueryError) return result;
      return result.rows.map(([id, calls, picoseconds, rows]) => ({
        id: textOf(id),
        calls: numberOf(calls),
        totalMs: numberOf(picoseconds) / PICOSECONDS_PER_MS,
        rows: numberOf(rows),
      }));
    },
    async texts(on: Queryable, ids: readonly string[]): Promise<ReadonlyMap<string, ShapeText> | QueryError> {
      const result = await queryOrError(on, { sql: textsSql, params: [database, ids.join(',')] });
      if (result instanceof QueryError) return result;
      // What the numbers query lets through is not monitoring: it filters on the whole text.
      return new Map(result.rows.map(([id, text]) => [textOf(id), { text: textOf(text), monitoring: false }]));
    },
  };
}
