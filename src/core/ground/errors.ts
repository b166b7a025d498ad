/**
 * Typed errors. Every error Oxen raises carries a stable `code`; query errors carry the SQL
 * (never the parameters, which may hold secrets) and the driver's own code (SQLSTATE / errno).
 * The CLI turns them into one-line messages and exit codes in one place (src/ui/shared/error-report.ts,
 * called from the commands' shared `catch` in src/commands/base-command.ts).
 */
export type OxenErrorCode =
  | 'CONFIG_INVALID'
  | 'URL_INVALID'
  | 'CONNECTION_FAILED'
  | 'AUTH_FAILED'
  | 'POOL_TIMEOUT'
  /** Another `oxen migrate` held the migration lock for longer than the lock timeout. */
  | 'LOCK_TIMEOUT'
  | 'POOL_CLOSED'
  | 'QUERY_FAILED'
  | 'QUERY_TIMEOUT'
  /** A result larger than the native executor's maxResultBytes: read it with QuerySet.iterator(). */
  | 'RESULT_TOO_LARGE'
  | 'FIELD_UNKNOWN'
  | 'LOOKUP_UNKNOWN'
  | 'VALUE_INVALID'
  | 'DOES_NOT_EXIST'
  | 'MULTIPLE_OBJECTS'
  | 'MODEL_INVALID'
  | 'MIGRATION_INVALID'
  | 'USAGE'
  | 'NATIVE_UNAVAILABLE'
  | 'CHECK_FAILED'
  | 'INCONCLUSIVE'
  | 'INTERNAL';

export class OxenError extends Error {
  readonly code: OxenErrorCode;
  constructor(code: OxenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad input from the user: a config, URL, flag, field name or value. CLI exit code 2. */
export class UsageError extends OxenError {}

/** The database could not be reached, refused us, or a pool gave up waiting. CLI exit code 1. */
export class ConnectionError extends OxenError {}

/** A statement failed on the server. */
export class QueryError extends OxenError {
  readonly sql: string;
  /** SQLSTATE for PostgreSQL, errno (as text) for MySQL, extended result code name for SQLite. */
  readonly dbCode: string | undefined;
  constructor(message: string, sql: string, dbCode: string | undefined, options?: { cause?: unknown; code?: OxenErrorCode }) {
    super(options?.code ?? 'QUERY_FAILED', message, options);
    this.sql = sql;
    this.dbCode = dbCode;
  }
}

export class DoesNotExist extends OxenError {
  constructor(model: string) {
    super('DOES_NOT_EXIST', `${model} matching query does not exist`);
  }
}

export class MultipleObjectsReturned extends OxenError {
  constructor(model: string, count: number) {
    super('MULTIPLE_OBJECTS', `get() returned more than one ${model} (${count})`);
  }
}

/** A check the user asked for did not pass (benchmark regression, pending migrations under --check). CLI exit code 3. */
export class CheckFailedError extends OxenError {
  constructor(message: string) {
    super('CHECK_FAILED', message);
  }
}

/** The data could not decide a check (too few or too noisy samples). CLI exit code 4. */
export class InconclusiveError extends OxenError {
  constructor(message: string) {
    super('INCONCLUSIVE', message);
  }
}
