/**
 * MySQL/MariaDB refuse a statement larger than the session's max_allowed_packet and then close the
 * session; which arrives first, the error or the reset socket, is a race, so the caller could get
 * "lost the connection" for what is a size problem. Both executors read the limit when they open and
 * refuse such a statement before sending it, with one message that says what to do. The size counted
 * is the SQL and the values as sent (UTF-8 text, raw bytes): the protocol's own few bytes per value
 * are left out, so a statement just under the limit may still get the server's error, handled as before.
 */
import { QueryError } from '../../ground/errors.js';
import type { SqlValue, Statement } from '../../ground/values.js';
import type { Executor } from '../executor.js';

/** The session's limit in bytes; closes the executor when it cannot be read, as a failed open does. */
export async function readPacketLimit(executor: Executor): Promise<number> {
  try {
    const limit = Number((await executor.query({ sql: 'SELECT @@max_allowed_packet', params: [] })).rows[0]?.[0]);
    return Number.isFinite(limit) && limit > 0 ? limit : Infinity;
  } catch (error) {
    await executor.close();
    throw error;
  }
}

export function packetTooLarge(bytes: number, limit: number, stmt: Statement, redacted: string): QueryError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return new QueryError(
    `the statement with its values is ${mib(bytes)}, over max_allowed_packet of ${redacted} (${mib(limit)}); nothing was sent: raise the server's max_allowed_packet, or send less per statement`,
    stmt.sql,
    undefined,
  );
}

/** Throws packetTooLarge when the statement cannot fit; cheap for the usual small statement. */
export function checkPacketLimit(stmt: Statement, limit: number, redacted: string): void {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: only a statement whose bound could pass the limit
  // has its exact size counted.
  if (upperBound(stmt) <= limit) return;
  const bytes = exactBytes(stmt);
  if (bytes > limit) throw packetTooLarge(bytes, limit, stmt, redacted);
}

function upperBound(stmt: Statement): number {
  let n = stmt.sql.length * 3;
  for (const p of stmt.params) n += sizeOf(p, (s) => s.length * 3);
  return n;
}

function exactBytes(stmt: Statement): number {
  let n = Buffer.byteLength(stmt.sql);
  for (const p of stmt.params) n += sizeOf(p, (s) => Buffer.byteLength(s));
  return n;
}

function sizeOf(value: SqlValue, text: (s: string) => number): number {
  if (typeof value === 'string') return text(value);
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}
