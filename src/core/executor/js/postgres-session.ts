/**
 * Runs statements on one pg client. Statements the ORM repeats (SELECT/INSERT/UPDATE/DELETE/WITH) go
 * as named prepared statements: after the first run on a connection only Bind/Execute are sent, which
 * measured 15–40% faster for point lookups here. DDL and other one-off text is not named.
 */
import type pg from 'pg';
import { QueryError } from '../../ground/errors.js';
import type { ExecResult, QueryResult } from '../executor.js';
import type { SqlValue, Statement } from '../../ground/values.js';
import { isoDate } from './bind-params.js';
import type { DriverSession } from './pooled-executor.js';
import type { ErrorContext } from '../shared/error-context.js';
import { mapDriverError } from './map-driver-error.js';

/** Beyond this many distinct SQL texts, new ones run unnamed: each name costs server memory per connection. */
const MAX_NAMED_STATEMENTS = 1000;
const PREPARABLE = /^\s*(select|insert|update|delete|with|values)\b/i;
/** "cached plan must not change result type": the table changed under a prepared `SELECT *`. */
const CACHED_PLAN_CHANGED = '0A000';
/**
 * A prepared statement keeps the parameter types of its first Parse: after `ALTER COLUMN … TYPE
 * bigint` (a migration applied while the application runs) it still reads a parameter as `integer`,
 * and refuses a value the column now holds (22003), or reads its text as the old type (22P02, 42804).
 * Prepared again, the statement answers for the table as it is; a value truly wrong fails again.
 */
const STALE_PARAMETER_TYPES = new Set(['22003', '22P02', '42804']);

export class PostgresSession implements DriverSession<pg.Client> {
  readonly dialect = 'postgres' as const;
  /** The protocol counts parameters in an Int16. */
  readonly maxParams = 65535;
  private readonly names = new Map<string, string>();
  private nameCounter = 0;

  /** Behind PgBouncer in transaction mode no statement is named: the next one may reach another server connection. */
  private readonly maxNames: number;
  readonly behindPgbouncer: boolean;

  constructor(
    private readonly errors: ErrorContext,
    options: { pgbouncer: boolean } = { pgbouncer: false },
  ) {
    this.behindPgbouncer = options.pgbouncer;
    this.maxNames = options.pgbouncer ? 0 : MAX_NAMED_STATEMENTS;
  }

  async query(client: pg.Client, stmt: Statement, retryable: boolean): Promise<QueryResult> {
    const result = await this.run(client, stmt, retryable);
    return { columns: result.fields.map((field) => field.name), rows: result.rows as unknown[][] };
  }

  async execute(client: pg.Client, stmt: Statement, retryable: boolean): Promise<ExecResult> {
    const result = await this.run(client, stmt, retryable);
    return { rowsAffected: result.rowCount ?? 0 };
  }

  async serverVersion(client: pg.Client): Promise<string> {
    const result = await client.query<[string]>({ text: 'SHOW server_version', rowMode: 'array' });
    return `PostgreSQL ${String(result.rows[0]?.[0] ?? '').split(' ')[0]}`;
  }

  private async run(client: pg.Client, stmt: Statement, retryable: boolean): Promise<pg.QueryArrayResult> {
    if (stmt.params.length > this.maxParams) {
      // pg would write the count into an Int16 regardless, and the server would see a garbled message.
      const message = `statement has ${stmt.params.length} bound parameters; PostgreSQL accepts at most ${this.maxParams}: split it into batches`;
      throw new QueryError(message, stmt.sql, undefined);
    }
    const prepared = this.names.has(stmt.sql);
    const name = this.nameFor(stmt.sql);
    try {
      const config = { text: stmt.sql, values: toPgValues(stmt.params), rowMode: 'array' as const, name };
      const result: pg.QueryArrayResult | pg.QueryArrayResult[] = await client.query(config);
      // Parameterless text goes through the simple protocol, which may carry several statements.
      return Array.isArray(result) ? result[result.length - 1]! : result;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (name !== undefined && (code === CACHED_PLAN_CHANGED || (prepared && STALE_PARAMETER_TYPES.has(code as string)))) {
        if (this.names.get(stmt.sql) === name) this.names.delete(stmt.sql);
        if (retryable) return this.run(client, stmt, false);
      }
      throw mapDriverError(error, stmt.sql, this.errors);
    }
  }

  private nameFor(sql: string): string | undefined {
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < this.maxNames && PREPARABLE.test(sql) && !sql.includes(';')) {
      name = `oxen_${++this.nameCounter}`;
      this.names.set(sql, name);
    }
    return name;
  }
}

/** Dates go as UTC ISO text: pg would otherwise send local time, which a `timestamp` column keeps as is. */
function toPgValues(params: readonly SqlValue[]): unknown[] {
  let values: SqlValue[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (value instanceof Date) {
      values ??= params.slice();
      values[i] = isoDate(value, i);
    }
  }
  return (values ?? params) as unknown[];
}
