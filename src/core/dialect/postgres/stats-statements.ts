/**
 * Per-statement totals from pg_stat_statements for this database, and their sum of calls (the headline
 * qps). Where the extension is missing or not loaded, one note says which step is missing. Which shapes
 * are listed, and when their texts are read, is server-stats-statements.ts's business.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import type { StatementTotals } from '../server-stats.js';
import { type ShapeNumbers, type ShapeText, type StatementSource, watchStatements } from '../server-stats-statements.js';
import { MONITOR_TAG, TEXT_LIMIT, failedNote, numberOf, queryOrError, textOf } from '../server-stats-values.js';
import type { Dialect } from '../dialect.js';

const HIDDEN = '<insufficient privilege>';
const HIDDEN_TEXT: ShapeText = { text: HIDDEN, monitoring: false };
/** SQLSTATE 55000: what reading the view raises when the library is not in shared_preload_libraries. */
const NOT_PRELOADED = '55000';

export interface StatementsReading {
  readonly statements: StatementTotals[] | null;
  /** Calls of every statement shape in this database but monitoring ones; null without the view. */
  readonly calls: number | null;
  readonly notes: string[];
}

export interface StatementsSetup {
  readonly database: string;
  /** Schema the extension is installed in, in this database; null when it is not. */
  readonly schema: string | null;
  /** The library is loaded (its settings exist), so the view would answer once created. */
  readonly loaded: boolean;
  readonly versionNum: number;
}

const THIS_DATABASE = 's.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())';

/**
 * The numbers of every shape, without text: pg_stat_statements(false) leaves the query-text file
 * unread, which is most of what reading the view costs. Rows are per user, statement and nesting
 * level; the monitor wants statement shapes, so they are summed by queryid — here, which costs the
 * server less than a GROUP BY. Without pg_read_all_stats other users' rows come with a NULL queryid:
 * they add up to one shape under that text, rather than vanishing from the totals.
 */
function numbersSql(dialect: Dialect, schema: string, versionNum: number): string {
  const time = versionNum >= 130000 ? 's.total_exec_time' : 's.total_time';
  return `SELECT s.queryid::text, s.calls::float8, ${time}, s.rows::float8
FROM ${dialect.quoteIdent(schema)}.pg_stat_statements(false) s
WHERE ${THIS_DATABASE}`;
}

function shapesOf(rows: readonly (readonly unknown[])[]): ShapeNumbers[] {
  const shapes = new Map<string, { id: string; calls: number; totalMs: number; rows: number }>();
  for (const [queryid, calls, totalMs, rowsDone] of rows) {
    const id = queryid === null || queryid === undefined ? HIDDEN : textOf(queryid);
    const shape = shapes.get(id);
    if (shape === undefined) shapes.set(id, { id, calls: numberOf(calls), totalMs: numberOf(totalMs), rows: numberOf(rowsDone) });
    else {
      shape.calls += numberOf(calls);
      shape.totalMs += numberOf(totalMs);
      shape.rows += numberOf(rowsDone);
    }
  }
  return [...shapes.values()];
}

/**
 * The texts of some shapes, with whether each is a monitoring statement. Every statement the monitor
 * runs starts with MONITOR_TAG, but pg_stat_statements keeps the text of a shape's first execution:
 * a shape another client (or an older monitor) ran first keeps an untagged text. So any shape that
 * reads a pg_stat_ view or function counts as monitoring too — the monitor's own reads, and other
 * tools' (postgres_exporter, pgwatch, a psql session watching) are not the server's work. Matched on
 * the whole text, not the cut one.
 */
function textsSql(dialect: Dialect, schema: string): string {
  return `SELECT s.queryid::text, left(max(s.query), ${TEXT_LIMIT}),
  bool_or(s.query ~ '\\mpg_stat_' OR s.query LIKE '${MONITOR_TAG.trim()}%')::int
FROM ${dialect.quoteIdent(schema)}.pg_stat_statements(true) s
WHERE ${THIS_DATABASE} AND s.queryid::text = ANY(string_to_array($1, ','))
GROUP BY s.queryid`;
}

function statementSource(dialect: Dialect, schema: string, versionNum: number): StatementSource {
  return {
    key: 'pg_stat_statements',
    async numbers(on) {
      const result = await queryOrError(on, { sql: numbersSql(dialect, schema, versionNum), params: [] });
      return result instanceof QueryError ? result : shapesOf(result.rows);
    },
    async texts(on, ids) {
      const result = await queryOrError(on, { sql: textsSql(dialect, schema), params: [ids.join(',')] });
      if (result instanceof QueryError) return result;
      return new Map(result.rows.map(([id, text, monitoring]) => [textOf(id), { text: textOf(text), monitoring: numberOf(monitoring) === 1 }]));
    },
    knownText: (id) => (id === HIDDEN ? HIDDEN_TEXT : undefined),
  };
}

export async function readStatements(on: Queryable, dialect: Dialect, setup: StatementsSetup): Promise<StatementsReading> {
  if (setup.schema === null) return unavailable(missingNote(setup));
  const { statements, sources } = await watchStatements(on, [statementSource(dialect, setup.schema, setup.versionNum)]);
  const error = sources[0]?.error;
  if (error) return unavailable(error.dbCode === NOT_PRELOADED ? notLoadedNote(setup.database) : failedNote('pg_stat_statements', error));
  return { statements, calls: sources[0]?.calls ?? null, notes: [] };
}

function unavailable(note: string): StatementsReading {
  return { statements: null, calls: null, notes: [note] };
}

function missingNote(setup: StatementsSetup): string {
  if (setup.loaded) return `pg_stat_statements is not created in ${setup.database}: run CREATE EXTENSION pg_stat_statements in it for top statements and qps`;
  return `pg_stat_statements is not installed in ${setup.database}: add it to shared_preload_libraries, restart, and run CREATE EXTENSION pg_stat_statements for top statements and qps`;
}

function notLoadedNote(database: string): string {
  return `pg_stat_statements is created in ${database} but not loaded: add it to shared_preload_libraries and restart for top statements and qps`;
}
