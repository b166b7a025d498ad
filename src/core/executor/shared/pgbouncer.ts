/**
 * PgBouncer in transaction pooling mode hands each transaction (each statement, outside one) to
 * whichever server connection is free, and 1.18 does not carry named prepared statements across, nor
 * accept startup parameters beyond the few it tracks. Behind it, the PostgreSQL executors name no
 * statement, set the session's time zone with SET (which PgBouncer tracks and replays on every server
 * connection it hands over), and cannot set a per-session statement timeout.
 *
 * `pgbouncer=true` in the URL says so; without it, a server that refuses the `options` startup
 * parameter the way PgBouncer does is taken for PgBouncer, and the connection is opened again that way.
 */
import { UsageError } from '../../ground/errors.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';

/** true/false when the URL says, undefined when it does not (then detected). */
export function pgbouncerParam(url: DatabaseUrl): boolean | undefined {
  const raw = url.params.pgbouncer;
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new UsageError('URL_INVALID', `pgbouncer=${raw} in ${url.redacted}: use pgbouncer=true or pgbouncer=false`);
}

/** PgBouncer's answer to a startup parameter it does not track ("unsupported startup parameter: options"). */
export function isPgbouncerRefusal(error: unknown): boolean {
  return error instanceof Error && /unsupported startup parameter/i.test(`${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`);
}

export function refuseStatementTimeout(url: DatabaseUrl, statementTimeoutMs: number | undefined): void {
  if (!statementTimeoutMs) return;
  throw new UsageError(
    'CONFIG_INVALID',
    `performance.statementTimeout cannot be set per session through PgBouncer (${url.redacted}): set it on the role (ALTER ROLE … SET statement_timeout = '${statementTimeoutMs}ms') or use a direct URL`,
  );
}

/** Session settings a connection behind PgBouncer sets with SET instead of startup parameters. */
export const PGBOUNCER_SESSION_SETUP = "SET TimeZone TO 'UTC'";
