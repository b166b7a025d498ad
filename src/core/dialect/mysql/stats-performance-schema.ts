/**
 * What only performance_schema knows: per-statement totals and rows written per table. Where it is
 * off, a consumer is disabled or the user may not read it, one note each says how to get them.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import type { StatementTotals, TableActivity } from '../server-stats.js';
import { type StatementSource, watchStatements } from '../server-stats-statements.js';
import { failedNote, numberOf, queryOrError, textOf } from '../server-stats-values.js';
import { digestSource, preparedSource } from './stats-statement-sources.js';

/** ER_TABLEACCESS_DENIED_ERROR: SELECT on performance_schema was not granted. */
const ACCESS_DENIED = '1142';

const CONSUMERS_SQL = `SELECT NAME, ENABLED FROM performance_schema.setup_consumers
WHERE NAME IN ('global_instrumentation', 'thread_instrumentation', 'statements_digest', 'events_statements_current')`;

const BUSY_TABLES_SQL = `SELECT OBJECT_NAME, COUNT_INSERT + COUNT_UPDATE + COUNT_DELETE AS writes
FROM performance_schema.table_io_waits_summary_by_table
WHERE OBJECT_SCHEMA = ? AND OBJECT_TYPE = 'TABLE'
ORDER BY writes DESC, OBJECT_NAME
LIMIT 10`;

/**
 * TABLE_ROWS is InnoDB's estimate, as n_live_tup is PostgreSQL's; InnoDB keeps no dead-row count. Asked
 * apart, for the busy tables only: joined to the performance_schema table it cost about 20 ms of server
 * CPU per sample, against about 1 ms for the two statements.
 */
const TABLE_ROWS_SQL = 'SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND FIND_IN_SET(TABLE_NAME, ?)';

export interface PerformanceSchemaReading {
  readonly statements: StatementTotals[] | null;
  readonly tables: TableActivity[];
  readonly notes: string[];
}

export interface PerformanceSchemaTarget {
  readonly enabled: boolean;
  readonly mariadb: boolean;
  readonly database: string;
  readonly account: string | null;
}

export async function readPerformanceSchema(on: Queryable, target: PerformanceSchemaTarget): Promise<PerformanceSchemaReading> {
  if (!target.enabled) {
    return { statements: null, tables: [], notes: ['statement statistics need performance_schema: set performance_schema=ON under [mysqld] in the server config and restart'] };
  }
  const consumers = await queryOrError(on, { sql: CONSUMERS_SQL, params: [] });
  if (consumers instanceof QueryError) {
    await watchStatements(on, []);
    return { statements: null, tables: [], notes: [deniedNote(consumers, target.account)] };
  }
  const enabled = new Set(consumers.rows.filter(([, state]) => state === 'YES').map(([name]) => String(name)));
  const missing = (...names: string[]) => names.filter((n) => !enabled.has(n));
  const notes: string[] = [];
  const sources: StatementSource[] = [];

  const digestsOff = missing('global_instrumentation', 'statements_digest');
  if (digestsOff.length > 0) notes.push(`statement digests are off: ${enableConsumers(digestsOff)}`);
  else sources.push(digestSource(target.database));
  // MariaDB files statements run through the binary protocol (prepared statements, as both of Oxen's
  // executors run them) under COM_STMT_EXECUTE, without a digest: only prepared_statements_instances
  // counts their executions, and only while events_statements_current is on.
  if (target.mariadb) {
    const preparedOff = missing('global_instrumentation', 'thread_instrumentation', 'events_statements_current');
    if (preparedOff.length > 0) notes.push(`prepared statements (how Oxen runs statements) are not counted: ${enableConsumers(preparedOff)}`);
    else sources.push(preparedSource(target.database));
  }

  // Watched even when there is no source, so the connection's watch knows they were off in between.
  const watched = await watchStatements(on, sources);
  for (const { error } of watched.sources) if (error !== null) notes.push(deniedNote(error, target.account));
  return { statements: watched.statements, tables: await readTables(on, target.database), notes };
}

async function readTables(on: Queryable, database: string): Promise<TableActivity[]> {
  const busy = await queryOrError(on, { sql: BUSY_TABLES_SQL, params: [database] });
  if (busy instanceof QueryError || busy.rows.length === 0) return [];
  const names = busy.rows.map(([table]) => textOf(table));
  const counted = await queryOrError(on, { sql: TABLE_ROWS_SQL, params: [database, names.join(',')] });
  const rowsOf = new Map(counted instanceof QueryError ? [] : counted.rows.map(([table, rows]) => [textOf(table), numberOf(rows)]));
  return busy.rows.map(([table, writes]) => ({ table: textOf(table), liveRows: rowsOf.get(textOf(table)) ?? 0, deadRows: 0, writes: numberOf(writes) }));
}

/** The statement that turns the consumers on (until the next restart; performance-schema-consumer-… in the config keeps them). */
function enableConsumers(names: readonly string[]): string {
  return `UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN (${names.map((n) => `'${n}'`).join(', ')})`;
}

function deniedNote(error: QueryError, account: string | null): string {
  if (error.dbCode !== ACCESS_DENIED) return failedNote('performance_schema', error);
  return `statement statistics need SELECT on performance_schema: GRANT SELECT ON performance_schema.* TO ${account ?? 'the monitoring user'}`;
}
