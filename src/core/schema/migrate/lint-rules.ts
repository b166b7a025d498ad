/**
 * The rules of `oxen migrate lint`: each looks at one operation with the state before and after it
 * and what is known of the table's size, and says what could go wrong when it runs on a live
 * database, and what to do instead. Pure functions of their input: no database here (the sizes come
 * from lint-migrations.ts, or are unknown). This file holds what they share; the rules are in
 * lint-rules-data.ts (data lost or refused) and lint-rules-deploy.ts (a running app or a lock).
 */
import type { SchemaState } from '../../dialect/schema-state.js';
import type { DialectName } from '../../ground/values.js';
import type { Operation } from './operation.js';

export const LINT_RULES = [
  'drop-table',
  'drop-column',
  'narrow-type',
  'not-null-without-default',
  'rename-table',
  'rename-column',
  'index-lock',
  'foreign-key-validate',
  'table-rewrite',
] as const;

export type LintRuleId = (typeof LINT_RULES)[number];

/** What a rule says about one operation. */
export interface LintNote {
  readonly rule: LintRuleId;
  readonly table: string;
  /** One line: what happens. */
  readonly message: string;
  /** One line: what to do instead. */
  readonly suggestion: string;
}

/** What is known of a table where the operation runs. */
export interface TableSize {
  /** null: not known (no database, or a table the database does not have). */
  readonly hasRows: boolean | null;
  /** The database's estimate of its rows (exact on SQLite). */
  readonly rows: number | null;
  readonly bytes: number | null;
  /** Created earlier in the same run: no running code uses it yet. */
  readonly fresh: boolean;
}

export interface LintSubject {
  readonly op: Operation;
  readonly before: SchemaState;
  readonly after: SchemaState;
}

export interface LintContext {
  readonly dialect: DialectName;
  /** False when no database was read: every size is unknown, and messages say so. */
  readonly database: boolean;
  size(table: string): TableSize;
  /** A table of this many rows or more is large: rewriting it takes long, under a lock. */
  readonly largeRows: number;
  /** SQLite: the operation rebuilds its table (a new table, every row copied). */
  readonly rebuilds: boolean;
}

export type LintRule = (subject: LintSubject, ctx: LintContext) => LintNote | undefined;

export const UNKNOWN_SIZE: TableSize = { hasRows: null, rows: null, bytes: null, fresh: false };

/** ` (~1,200 rows, 12 MB)` / ` (has rows)` / `` (nothing known): what a message says of the table's size; under a megabyte, no bytes. */
export function sizeText(size: TableSize): string {
  if (size.rows !== null && size.rows > 0) return ` (~${Math.round(size.rows).toLocaleString('en-US')} rows${size.bytes !== null && size.bytes >= 1_048_576 ? `, ${megabytes(size.bytes)}` : ''})`;
  if (size.hasRows === true) return ' (has rows)';
  return '';
}

/** What a rule that depends on rows says when they are not known. */
export function unknownText(ctx: LintContext): string {
  return ctx.database ? 'its size is not known' : 'table sizes unknown: no database';
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;
}
