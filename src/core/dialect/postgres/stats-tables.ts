/**
 * The ten tables of this database with the most rows written (pg_stat_user_tables), with their live and
 * dead tuples: the differ turns the cumulative writes into a rate, and dead tuples say where VACUUM lags.
 */
import { QueryError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import type { TableActivity } from '../server-stats.js';
import { failedNote, numberOf, queryOrError, textOf } from '../server-stats-values.js';

/** Names as PostgreSQL prints them (quote_ident), schema-qualified outside public: unambiguous to split again. */
const SQL = `SELECT CASE WHEN schemaname = 'public' THEN quote_ident(relname) ELSE quote_ident(schemaname) || '.' || quote_ident(relname) END,
  n_live_tup, n_dead_tup, n_tup_ins + n_tup_upd + n_tup_del AS writes
FROM pg_stat_user_tables
ORDER BY writes DESC, schemaname, relname
LIMIT 10`;

export async function readTables(on: Queryable): Promise<{ tables: TableActivity[]; notes: string[] }> {
  const result = await queryOrError(on, { sql: SQL, params: [] });
  if (result instanceof QueryError) return { tables: [], notes: [failedNote('pg_stat_user_tables', result)] };
  const tables = result.rows.map(([table, live, dead, writes]) => ({
    table: textOf(table),
    liveRows: numberOf(live),
    deadRows: numberOf(dead),
    writes: numberOf(writes),
  }));
  return { tables, notes: [] };
}

const PART = '("(?:[^"]|"")*"|[^".]*)';
const QUALIFIED = new RegExp(`^${PART}(?:\\.${PART})?$`);

/** Schema and table of a name printed by the query above (for the exporter's schemaname/relname labels). */
export function splitTableName(name: string): { schema: string; table: string } {
  const match = QUALIFIED.exec(name);
  if (!match) return { schema: 'public', table: name };
  const unquote = (part: string) => (part.startsWith('"') ? part.slice(1, -1).replaceAll('""', '"') : part);
  if (match[2] === undefined) return { schema: 'public', table: unquote(match[1]!) };
  return { schema: unquote(match[1]!), table: unquote(match[2]) };
}
