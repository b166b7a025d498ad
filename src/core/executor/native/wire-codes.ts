/**
 * Every number the request and completion layouts share with the addon, named once on this side; the
 * Rust side names them once too, in native/src/wire_codes.rs. test/native/wire-codes.test.ts checks
 * that both name the same codes with the same numbers.
 */

/** What a request asks for: its first byte (request-writer.ts). */
export const Op = {
  query: 1,
  execute: 2,
  batch: 3,
  acquire: 4,
  release: 5,
  serverVersion: 6,
  copyInsert: 7,
  defineSql: 8,
  /** Test hook: the request panics inside the addon. */
  panic: 9,
  /** Runs a SELECT whose rows are then read in chunks; the stream's id is this request's. */
  streamOpen: 10,
  /** The next rows of an open stream, at most the count asked: fewer means the result is exhausted. */
  streamNext: 11,
  /** Ends a stream before its result is exhausted. */
  streamClose: 12,
} as const;

/** Bits of a request's flags byte (and of each statement's in a batch). */
export const Flag = { safeIntegers: 1, broken: 2 } as const;

/**
 * What a completion frame carries (completions.ts). `rowsPart`: rows of a result still being read,
 * sent ahead of the frame that ends the request (native-channel.ts joins them).
 */
export const Status = { rows: 0, exec: 1, error: 2, acquired: 3, text: 4, batch: 5, done: 6, rowsPart: 7 } as const;

/** The tag before each value of a result set (decode-rows.ts); also a column's hint. */
export const Tag = { null: 0, i32: 1, f64: 2, str: 3, bytes: 4, true: 5, false: 6, date: 7, i64: 8 } as const;

/**
 * The tag before each bound parameter (request-writer.ts). Not the result tags: a number is always
 * sent as a double, and a bigint outside i64 as decimal text (`bigText`).
 */
export const ParamTag = { null: 0, number: 1, text: 2, bigInt: 3, bigText: 4, true: 5, false: 6, date: 7, bytes: 8 } as const;

/** How an `exec` completion gives its insert id: none, a double, an i64 (safe integers, or past 2^53), or a u64 past i64. */
export const InsertId = { none: 0, number: 1, bigInt: 2, bigUnsigned: 3 } as const;

/** Columns whose values may take any tag (SQLite). */
export const HINT_ANY = 255;

/** The first byte of an error payload (native-error.ts), which picks the Oxen error class. */
export const ErrorKind = { query: 1, connection: 2, auth: 3, poolTimeout: 4, poolClosed: 5, internal: 6, usage: 7 } as const;
