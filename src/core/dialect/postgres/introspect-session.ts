/**
 * Where the catalog queries run: one read-only REPEATABLE READ transaction on a pinned connection, so
 * every query sees the same schema, with the settings that shape PostgreSQL's deparsed text fixed for
 * its duration (SET LOCAL, gone at COMMIT, so a pooled connection comes back as it was lent):
 *  - search_path = the inspected schema alone: its own objects print unqualified and everything outside
 *    it schema-qualified, whatever the user's search_path — the same SQL text for the same schema;
 *  - TimeZone UTC, DateStyle ISO, IntervalStyle postgres, bytea_output hex, standard_conforming_strings
 *    on, extra_float_digits 1: constants in defaults print in the forms introspect-defaults.ts reads.
 * Given a connection that cannot be pinned (already a transaction's), the queries run on it as they are.
 */
import type { Queryable, QueryResult } from '../../executor/executor.js';
import { QueryError, UsageError } from '../../ground/errors.js';
import type { Statement } from '../../ground/values.js';

const BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** Resolves the schema (the given one, else current_schema()) and sets the session up; no row: no such schema. */
const RESOLVE_SQL = `SELECT n.nspname, current_user,
  set_config('search_path', quote_ident(n.nspname), true), set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
  set_config('IntervalStyle', 'postgres', true), set_config('bytea_output', 'hex', true),
  set_config('standard_conforming_strings', 'on', true), set_config('extra_float_digits', '1', true)
FROM pg_namespace n WHERE n.nspname = coalesce($1::text, current_schema())`;

const SCHEMAS_SQL = `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname`;

export interface CatalogRead {
  readonly schema: string;
  readonly results: readonly QueryResult[];
}

interface Pinnable extends Queryable {
  acquire(): Promise<Queryable & { release(broken?: boolean): void }>;
}

const canPin = (db: Queryable): db is Pinnable => typeof (db as Partial<Pinnable>).acquire === 'function';

/**
 * Runs `queries` (each with the schema name as $1) for the schema asked for, in two round trips:
 * BEGIN and the schema's resolution, then the queries and COMMIT.
 */
export async function readCatalogs(db: Queryable, schema: string | undefined, queries: readonly string[]): Promise<CatalogRead> {
  if (!canPin(db)) return read(db, schema, queries, false);
  const conn = await db.acquire();
  let broken = false;
  try {
    return await read(conn, schema, queries, true);
  } catch (error) {
    await conn.execute({ sql: 'ROLLBACK', params: [] }).catch(() => (broken = true));
    throw error;
  } finally {
    conn.release(broken);
  }
}

async function read(on: Queryable, schema: string | undefined, queries: readonly string[], transaction: boolean): Promise<CatalogRead> {
  let role: string | undefined;
  try {
    const resolve: Statement = { sql: RESOLVE_SQL, params: [schema ?? null] };
    const opened = await on.batch(transaction ? [{ sql: BEGIN, params: [] }, resolve] : [resolve]);
    const found = opened[opened.length - 1]!.rows[0];
    if (!found) throw await unknownSchema(on, schema);
    const name = String(found[0]);
    role = String(found[1]);
    const reads: Statement[] = queries.map((sql) => ({ sql, params: [name] }));
    const results = await on.batch(transaction ? [...reads, { sql: 'COMMIT', params: [] }] : reads);
    return { schema: name, results: results.slice(0, queries.length) };
  } catch (error) {
    throw permissionError(error, role) ?? error;
  }
}

async function unknownSchema(on: Queryable, schema: string | undefined): Promise<UsageError> {
  if (schema === undefined) {
    const path = await on.query({ sql: "SELECT current_setting('search_path')", params: [] });
    return new UsageError('USAGE', `no current schema: the search_path (${String(path.rows[0]?.[0])}) names no schema this role can use; give --schema`);
  }
  const all = await on.query({ sql: SCHEMAS_SQL, params: [] });
  const names = all.rows.map((r) => String(r[0]));
  return new UsageError('USAGE', `schema ${JSON.stringify(schema)} does not exist in this database (schemas: ${names.join(', ') || 'none'}); check --schema`);
}

/**
 * A catalog the role may not read (an administrator revoked it from PUBLIC): which one, and the GRANT
 * that lets it. Exit 1 rather than 2, as for any failure the user's command line did not cause.
 */
function permissionError(error: unknown, role: string | undefined): QueryError | undefined {
  if (!(error instanceof QueryError) || error.dbCode !== '42501') return undefined;
  const who = role === undefined ? 'the connecting role' : JSON.stringify(role);
  const denied = /permission denied for (table|view|function|schema|sequence) (\S+)/.exec(error.message);
  if (!denied) return new QueryError(`cannot read the PostgreSQL catalogs as ${who}: ${error.message.split('\n')[0]}`, error.sql, error.dbCode, { cause: error });
  const [, kind, name] = denied as unknown as [string, string, string];
  const qualified = kind === 'schema' || name.includes('.') ? name : `pg_catalog.${name}`;
  const grant = kind === 'function'
    ? `GRANT EXECUTE ON FUNCTION ${qualified}(…) TO ${who}`
    : kind === 'schema' ? `GRANT USAGE ON SCHEMA ${qualified} TO ${who}` : `GRANT SELECT ON ${qualified} TO ${who}`;
  const what = kind === 'schema' ? `schema ${qualified}` : `catalog ${qualified}`;
  const message = `cannot read the PostgreSQL ${what}: permission denied for role ${who}; a superuser can grant it: ${grant}`;
  return new QueryError(message, error.sql, error.dbCode, { cause: error });
}
