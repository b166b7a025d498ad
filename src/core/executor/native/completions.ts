/**
 * Reads the completion frames the addon returns (native/src/completion.rs): `u32 id, u8 status,
 * u32 length, payload`, many per buffer.
 */
import type { ExecResult, QueryResult } from '../executor.js';
import { decodeRows } from './decode-rows.js';
import { readError, type ErrorContext } from './native-error.js';
import { InsertId, Status } from './wire-codes.js';

export type CompletionVisitor = (id: number, status: number, b: Buffer, start: number, end: number) => void;

/** Visits the frames in `b` up to `length`. */
export function forEachCompletion(b: Buffer, length: number, visit: CompletionVisitor): void {
  let p = 0;
  while (p < length) {
    const id = b.readUInt32LE(p);
    const status = b[p + 4]!;
    const len = b.readUInt32LE(p + 5);
    visit(id, status, b, p + 9, p + 9 + len);
    p += 9 + len;
  }
}

/** A DataView over all of `b`, for the float and bigint reads of its result sets. */
export function viewOf(b: Buffer): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function readExec(b: Buffer, start: number): ExecResult {
  const rowsAffected = b.readDoubleLE(start);
  switch (b[start + 8]) {
    case InsertId.number:
      return { rowsAffected, insertId: b.readDoubleLE(start + 9) };
    case InsertId.bigInt:
      return { rowsAffected, insertId: b.readBigInt64LE(start + 9) };
    case InsertId.bigUnsigned:
      return { rowsAffected, insertId: b.readBigUInt64LE(start + 9) };
    default:
      return { rowsAffected };
  }
}

export function readBatch(b: Buffer, dv: DataView, start: number): QueryResult[] {
  const count = b.readUInt32LE(start);
  const out: QueryResult[] = [];
  let p = start + 4;
  for (let i = 0; i < count; i++) {
    const len = b.readUInt32LE(p);
    out.push(decodeRows(b, dv, p + 4));
    p += 4 + len;
  }
  return out;
}

/** The value a completion carries; an error completion throws its typed error. */
export function readCompletion(status: number, b: Buffer, dv: DataView, start: number, end: number, sql: string, context: ErrorContext): unknown {
  switch (status) {
    case Status.rows:
      return decodeRows(b, dv, start);
    case Status.exec:
      return readExec(b, start);
    case Status.error:
      throw readError(b, start, sql, context);
    case Status.acquired:
      return b.readUInt32LE(start);
    case Status.text:
      return b.toString('utf8', start, end);
    case Status.batch:
      return readBatch(b, dv, start);
    default:
      return undefined;
  }
}
