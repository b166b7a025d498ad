/**
 * The value types every layer shares: which database, which executor, and what a statement carries.
 * How each executor maps database values back to JS is described with the `Executor` contract.
 */
export type DialectName = 'postgres' | 'mysql' | 'sqlite';
export type ExecutorKind = 'js' | 'native';

/** A value the executors bind. Each database's codec turns field values (Date, boolean, bigint, …) into these. */
export type SqlValue = null | string | number | bigint | boolean | Date | Uint8Array;

export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /** SQLite only: read INTEGER columns as bigint (set when the statement reads a BigInt field). */
  readonly safeIntegers?: boolean;
}
