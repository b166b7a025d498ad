/**
 * Why a connection could not be opened, as one line a user can act on:
 * `cannot connect to postgres://app:***@db:5432/shop: connection refused — is the server running and the URL right?`
 */
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { redactSecrets } from '../../ground/redact.js';
import { ConnectionError, OxenError } from '../../ground/errors.js';

/** PostgreSQL SQLSTATEs and MySQL errnos that mean the credentials were refused. */
const AUTH_CODES = new Set(['28P01', '28000', '1044', '1045', '1698']);
const UNKNOWN_DATABASE_CODES = new Set(['3D000', '1049']);

export function connectError(error: unknown, url: DatabaseUrl, timeoutMs: number, timedOut = false): OxenError {
  if (error instanceof OxenError) return error;
  const code = errorCode(error);
  const driverMessage = redactSecrets(firstLine(error), url.password ? [url.password] : []);
  const fail = (reason: string) =>
    new ConnectionError('CONNECTION_FAILED', `cannot connect to ${url.redacted}: ${reason}`, { cause: error });

  if (AUTH_CODES.has(code)) {
    return new ConnectionError(
      'AUTH_FAILED',
      `cannot connect to ${url.redacted}: ${driverMessage} — check the user and password in the URL`,
      { cause: error },
    );
  }
  if (UNKNOWN_DATABASE_CODES.has(code)) {
    return fail(`database "${url.database ?? ''}" does not exist — create it or fix the database name in the URL`);
  }
  if (timedOut || code === 'ETIMEDOUT') {
    return fail(`no answer within ${timeoutMs / 1000} s — is the host reachable and the port right?`);
  }
  switch (code) {
    case 'ECONNREFUSED':
      return fail('connection refused — is the server running and the URL right?');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(`unknown host "${url.host ?? ''}" — check the host name in the URL`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail('host unreachable — check the host name and your network');
    case 'SQLITE_CANTOPEN':
      return fail('unable to open the database file — is the path right, may this user open it, and (with mode=ro or mode=rw) does it exist?');
    default:
      return fail(driverMessage);
  }
}

/** SQLSTATE, MySQL errno, Node's system error code or SQLite's result code, whichever the error has. */
function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const e = error as { code?: unknown; errno?: unknown; errors?: unknown };
  if (typeof e.errno === 'number' && e.errno > 0) return String(e.errno);
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  // Node's happy-eyeballs connect (IPv6 then IPv4) reports an AggregateError of the attempts.
  if (Array.isArray(e.errors) && e.errors.length > 0) return errorCode(e.errors[0]);
  return '';
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim() || (error instanceof Error ? error.name : 'unknown error');
}
