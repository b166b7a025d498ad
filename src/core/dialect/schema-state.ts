/**
 * The schema state: one canonical, plain description of tables as the database should hold them.
 * Built from models here; later also read from a live database (`inspect`) and diffed (`migrate`).
 *
 * Canonical means: plain objects and arrays only (JSON round-trips unchanged), no undefined keys,
 * column types named by kind rather than by any database's spelling, and a fixed order — tables,
 * uniques, indexes and foreign keys sorted by name; columns in declaration order, as a database
 * reports them.
 */

export const SCHEMA_STATE_VERSION = 1;

/** What a foreign key does when its referenced row is deleted. */
export type OnDelete = 'CASCADE' | 'SET NULL' | 'RESTRICT' | 'NO ACTION';

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
  | { readonly kind: 'binary' };

export type ColumnKind = ColumnType['kind'];

/**
 * What Oxen fills in on insert when no value is given. Oxen applies defaults itself (as Django does),
 * so no DDL carries them; migrations need them to fill existing rows of an added column.
 *  - value: a literal, in its JSON form (bigint and decimal as decimal text, datetime as ISO-8601,
 *    date as 'YYYY-MM-DD', binary as hex)
 *  - now: the current time (`autoNowAdd`; `onUpdate` for `autoNow`)
 *  - function: computed in JS for each row, so not reproducible in SQL
 */
export type ColumnDefault =
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'now'; readonly onUpdate: boolean }
  | { readonly kind: 'function' };

export interface ColumnState {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: ColumnDefault;
}

/** A UNIQUE constraint, declared with the table. */
export interface UniqueState {
  readonly name: string;
  readonly columns: readonly string[];
}

/** An index created after its table (CREATE [UNIQUE] INDEX). */
export interface IndexState {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface ForeignKeyState {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: OnDelete;
}

export interface TableState {
  readonly name: string;
  readonly columns: readonly ColumnState[];
  readonly primaryKey: readonly string[];
  readonly uniques: readonly UniqueState[];
  readonly indexes: readonly IndexState[];
  readonly foreignKeys: readonly ForeignKeyState[];
}

export interface SchemaState {
  readonly version: typeof SCHEMA_STATE_VERSION;
  readonly tables: readonly TableState[];
}

export function findTable(state: SchemaState, name: string): TableState | undefined {
  return state.tables.find((t) => t.name === name);
}

export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
