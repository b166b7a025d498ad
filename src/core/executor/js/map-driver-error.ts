/**
 * Turns a driver error raised by a statement into Oxen's typed errors: QueryError (with the SQL and the
 * database's own code), or ConnectionError when the connection itself died, so the caller discards it.
 */
import { redactSecrets } from '../../ground/redact.js';
import { ConnectionError, OxenError, QueryError } from '../../ground/errors.js';
import { firstLine } from '../shared/connect-error.js';
import type { ErrorContext } from '../shared/error-context.js';

/** PostgreSQL statement_timeout, MariaDB max_statement_time, MySQL max_execution_time. */
const TIMEOUT_CODES = new Set(['57014', '1969', '3024']);
/** Node socket errors and driver states that mean the connection is gone. */
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']);
/**
 * Server codes that end the session: PostgreSQL's class 08 and admin/crash shutdown (a terminated
 * backend), MariaDB's "connection was killed" and the client's "server has gone away" / "lost connection".
 */
const LOST_DB_CODES = /^(08...|57P0[123]|1927|2006|2013)$/;
/** MySQL's "packet bigger than max_allowed_packet": the statement failed, and the server closes the session. */
const PACKET_TOO_LARGE = '1153';

export function mapDriverError(error: unknown, sql: string, context: ErrorContext): OxenError {
  if (error instanceof OxenError) return error;
  const message = redactSecrets(firstLine(error), context.secrets);
  const dbCode = databaseCode(error);
  if (dbCode === PACKET_TOO_LARGE) {
    // A ConnectionError, so the pool discards the session the server is closing; the message says why.
    return new ConnectionError(
      'QUERY_FAILED',
      `${message}: the statement is larger than ${context.redacted} accepts; raise the server's max_allowed_packet, or send less per statement`,
      { cause: error },
    );
  }
  if (isConnectionLoss(error, dbCode)) {
    return new ConnectionError(
      'CONNECTION_FAILED',
      `lost the connection to ${context.redacted} while running a statement: ${message} — it may or may not have run; check and retry`,
      { cause: error },
    );
  }
  const code = dbCode !== undefined && TIMEOUT_CODES.has(dbCode) ? 'QUERY_TIMEOUT' : 'QUERY_FAILED';
  return new QueryError(message, sql, dbCode, { cause: error, code });
}

/** SQLSTATE for PostgreSQL, errno as text for MySQL, the extended result code for SQLite. */
function databaseCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; errno?: unknown; sqlState?: unknown };
  if (typeof e.sqlState === 'string' && typeof e.errno === 'number') return String(e.errno);
  if (typeof e.code !== 'string') return undefined;
  // SQLSTATE classes start with a digit or F, H, P, X; Node system codes (EPIPE) start with E.
  if (/^[0-9FHPX][0-9A-Z]{4}$/.test(e.code) || e.code.startsWith('SQLITE_')) return e.code;
  return undefined;
}

function isConnectionLoss(error: unknown, dbCode: string | undefined): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; fatal?: unknown; message?: unknown };
  // mysql2 marks errors after which the connection is unusable as fatal.
  if (e.fatal === true) return true;
  if (dbCode !== undefined) return LOST_DB_CODES.test(dbCode);
  if (typeof e.code === 'string' && LOST_CODES.has(e.code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /^Connection terminated|is not queryable|closed state/.test(message);
}
