/** Numbers shared with the Rust side (native/src/request.rs, completion.rs, rows.rs, error.rs). */
export const Op = {
  query: 1,
  execute: 2,
  batch: 3,
  acquire: 4,
  release: 5,
  serverVersion: 6,
  copyInsert: 7,
  defineSql: 8,
  panic: 9,
} as const;

export const Flag = { safeIntegers: 1, broken: 2 } as const;

export const Status = { rows: 0, exec: 1, error: 2, acquired: 3, text: 4, batch: 5, done: 6 } as const;

export const Tag = { null: 0, i32: 1, f64: 2, str: 3, bytes: 4, true: 5, false: 6, date: 7, i64: 8 } as const;

/** Columns whose values may take any tag (SQLite). */
export const HINT_ANY = 255;

export const ErrorKind = { query: 1, connection: 2, auth: 3, poolTimeout: 4, poolClosed: 5, internal: 6, usage: 7 } as const;
