/**
 * The schema state: one canonical, plain description of tables as the database should hold them.
 * Built from models (schema/schema-from-models.ts), read from a live database by each database's
 * introspector (`oxen inspect`), and diffed (`inspect diff`, `migrate`).
 *
 * Canonical means: plain objects and arrays only (JSON round-trips unchanged), no undefined keys
 * (an optional key is left out, never set to undefined), column types named by kind rather than by
 * any database's spelling, and a fixed order — tables, views, enums, uniques, indexes, foreign keys
 * and checks sorted by name; columns in declaration order, as a database reports them.
 *
 * SQL fragments kept as text (expression defaults, check and index expressions, view definitions,
 * partial-index predicates) are in the spelling of the database they were read from: a state holding
 * any is only valid on that dialect, which `dialect` then names.
 */
import type { DialectName } from '../ground/values.js';

export const SCHEMA_STATE_VERSION = 2;

/** What a foreign key does when its referenced row is deleted (or, for `onUpdate`, its key changes). */
export type OnDelete = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Dialect-neutral column types; each DDL compiler maps every kind to its own spelling. */
export type ColumnType =
  | { readonly kind: 'auto' }
  | { readonly kind: 'bigAuto' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'float' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'char'; readonly maxLength: number }
  | { readonly kind: 'text' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'date' }
  | { readonly kind: 'json' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'binary' }
  /**
   * A type no field kind maps to (`inet`, an enum, `tinyint(3)`, `SET(...)`, an array, a domain), in the
   * database's own spelling: valid only on the dialect it was read from.
   */
  | { readonly kind: 'raw'; readonly spelling: string };

export type ColumnKind = ColumnType['kind'];

/**
 * A column's default. Oxen fills in defaults itself on insert (as Django does); the DDL also declares
 * the ones SQL can hold, for other writers and for filling the rows of an added column.
 *  - value: a literal, in its JSON form (bigint and decimal as decimal text, datetime as ISO-8601,
 *    date as 'YYYY-MM-DD', binary as hex)
 *  - now: the current time (`autoNowAdd`; `onUpdate` for `autoNow`, which only MySQL's DDL can hold)
 *  - function: computed in JS for each row, so not in the database
 *  - expression: read from a database, an SQL expression other than the current time (`nextval(…)`
 *    of a column that is not auto, `gen_random_uuid()`, `(now() + '1 day')`), in that database's spelling
 */
export type ColumnDefault =
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'now'; readonly onUpdate: boolean }
  | { readonly kind: 'function' }
  | { readonly kind: 'expression'; readonly sql: string };

export interface ColumnState {
  readonly name: string;
  /** `auto` / `bigAuto`: filled by the database from a counter (identity, serial, AUTO_INCREMENT, SQLite's rowid). */
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: ColumnDefault;
  /** Read from a database: the type exactly as it spells it (`character varying(255)`, `tinyint(1)`), shown by `inspect`. */
  readonly dbType?: string;
  /** A generated (computed) column: its expression, and whether the value is stored or computed on read. */
  readonly generated?: { readonly expression: string; readonly stored: boolean };
  readonly comment?: string;
}

/** A UNIQUE constraint, declared with the table. */
export interface UniqueState {
  readonly name: string;
  readonly columns: readonly string[];
}

/** An index created after its table (CREATE [UNIQUE] INDEX). */
export interface IndexState {
  readonly name: string;
  /** The indexed columns in key order; for an expression index, the columns its expression reads (may be empty). */
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** An expression index (or one with a key part that is not a plain ascending column): the whole key list as SQL. */
  readonly expression?: string;
  /** A partial index: its WHERE predicate as SQL. */
  readonly where?: string;
  /** The access method where it is not the database's default: `gin`, `gist`, `hash`, `brin`, `fulltext`, `spatial`. */
  readonly method?: string;
}

export interface ForeignKeyState {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: OnDelete;
  /** Left out when it is NO ACTION (MySQL's RESTRICT, which behaves the same), the default everywhere. */
  readonly onUpdate?: OnDelete;
}

/** A CHECK constraint; its expression as the database spells it. */
export interface CheckState {
  readonly name: string;
  readonly expression: string;
}

export interface TableState {
  readonly name: string;
  readonly columns: readonly ColumnState[];
  readonly primaryKey: readonly string[];
  readonly uniques: readonly UniqueState[];
  readonly indexes: readonly IndexState[];
  readonly foreignKeys: readonly ForeignKeyState[];
  readonly checks: readonly CheckState[];
  readonly comment?: string;
  /** A partitioned table (PostgreSQL): its PARTITION BY clause, e.g. `RANGE (payment_date)`. */
  readonly partitionBy?: string;
  /** A partition: its parent table and bound, e.g. `FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')`. */
  readonly partitionOf?: { readonly table: string; readonly bound: string };
  /** SQLite: a `WITHOUT ROWID` table. */
  readonly withoutRowid?: boolean;
}

/** A view: read-only to Oxen. Its columns as the database reports them (types may be `raw`). */
export interface ViewState {
  readonly name: string;
  readonly columns: readonly ColumnState[];
  /** The SELECT, as the database returns it. */
  readonly definition: string;
  readonly materialized?: boolean;
  readonly comment?: string;
}

/** A named enum type (PostgreSQL `CREATE TYPE … AS ENUM`); MySQL's inline ENUM(…) stays a raw column type. */
export interface EnumState {
  readonly name: string;
  readonly values: readonly string[];
}

export interface SchemaState {
  readonly version: typeof SCHEMA_STATE_VERSION;
  /** Set when the state holds SQL text or raw types, which only that database reads. */
  readonly dialect?: DialectName;
  readonly tables: readonly TableState[];
  readonly views: readonly ViewState[];
  readonly enums: readonly EnumState[];
}

export function findTable(state: SchemaState, name: string): TableState | undefined {
  return state.tables.find((t) => t.name === name);
}

export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
