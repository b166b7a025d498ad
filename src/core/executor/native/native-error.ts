/**
 * The addon's error payloads (native/src/error.rs) as Oxen's typed errors, classified as the js executor
 * classifies its drivers' errors, so callers cannot tell the executors apart by their failures.
 */
import { redactSecrets } from '../../ground/redact.js';
import { ConnectionError, OxenError, QueryError, UsageError } from '../../ground/errors.js';
import type { ErrorContext } from '../shared/error-context.js';
import { ErrorKind } from './wire-codes.js';

// Re-exported for the decoders, which take the context along with readError.
export type { ErrorContext };

/** PostgreSQL statement_timeout, MariaDB max_statement_time, MySQL max_execution_time. */
const TIMEOUT_CODES = new Set(['57014', '1969', '3024']);
/** Server codes that end the session (class 08, admin shutdown, killed connection, server gone). */
const LOST_DB_CODES = /^(08...|57P0[123]|1927|2006|2013)$/;

export function readError(b: Buffer, start: number, sql: string, context: ErrorContext): OxenError {
  const kind = b[start]!;
  const codeLen = b.readUInt16LE(start + 1);
  const dbCode = codeLen === 0 ? undefined : b.toString('utf8', start + 3, start + 3 + codeLen);
  const messageAt = start + 3 + codeLen;
  const raw = b.toString('utf8', messageAt + 4, messageAt + 4 + b.readUInt32LE(messageAt));
  const message = redactSecrets(raw, context.secrets);
  switch (kind) {
    case ErrorKind.query:
      if (dbCode !== undefined && LOST_DB_CODES.test(dbCode)) {
        return new ConnectionError(
          'CONNECTION_FAILED',
          `lost the connection to ${context.redacted} while running a statement: ${message} — it may or may not have run; check and retry`,
        );
      }
      return new QueryError(message, sql, dbCode, { code: dbCode !== undefined && TIMEOUT_CODES.has(dbCode) ? 'QUERY_TIMEOUT' : 'QUERY_FAILED' });
    case ErrorKind.connection:
      return new ConnectionError('CONNECTION_FAILED', message);
    case ErrorKind.auth:
      return new ConnectionError('AUTH_FAILED', message);
    case ErrorKind.poolTimeout:
      return new ConnectionError('POOL_TIMEOUT', message);
    case ErrorKind.poolClosed:
      return poolClosed(context);
    case ErrorKind.usage:
      return new UsageError(dbCode === 'RESULT_TOO_LARGE' ? 'RESULT_TOO_LARGE' : 'USAGE', message);
    default:
      return new OxenError('INTERNAL', message);
  }
}

export function poolClosed(context: ErrorContext): ConnectionError {
  return new ConnectionError('POOL_CLOSED', `the pool for ${context.redacted} is closed: no statement can run after close()`);
}
