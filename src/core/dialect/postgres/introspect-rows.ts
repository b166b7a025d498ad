/**
 * The catalog queries' rows (introspect-queries.ts, columns in the same order) as typed records. Both
 * executors return oids and int2 as numbers, int8 as decimal text, booleans as booleans and JSON as
 * its text; the readers accept either form of a number so neither executor's choice matters.
 */
import type { QueryResult } from '../../executor/executor.js';

type Row = readonly unknown[];

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v));
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : text(v));
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown): boolean => v === true || v === 't' || v === 1;
function json<T>(v: unknown): T | null {
  return v === null || v === undefined ? null : (JSON.parse(text(v)) as T);
}

export interface RelationRow {
  readonly oid: number;
  readonly name: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, f foreign table, S sequence. */
  readonly kind: string;
  readonly isPartition: boolean;
  readonly partitionBy: string | null;
  readonly bound: string | null;
  /** [schema, table] of each parent (inheritance or partitioning), in order. */
  readonly parents: readonly (readonly [string, string])[];
  readonly comment: string | null;
  readonly definition: string | null;
  readonly rowsEstimate: number | null;
  readonly totalBytes: number | null;
  readonly persistence: string;
  readonly rowSecurity: boolean;
  readonly options: readonly string[] | null;
  readonly ownTablespace: boolean;
  readonly replicaIdentity: string;
  readonly typed: boolean;
  readonly populated: boolean;
  readonly extension: string | null;
  /** A sequence owned by a column: that table and column, and 'a' (OWNED BY, serial) or 'i' (identity). */
  readonly ownerTable: string | null;
  readonly ownerColumn: string | null;
  readonly ownerDependency: string | null;
  /** The owning column's table oid and attribute number. */
  readonly ownerRelid: number | null;
  readonly ownerAttnum: number | null;
  /** A sequence's name as regclass prints it, which is how nextval() defaults name it. */
  readonly sequenceText: string | null;
}

export function relationRow(r: Row): RelationRow {
  return {
    oid: num(r[0]), name: text(r[1]), kind: text(r[2]), isPartition: bool(r[3]), partitionBy: textOrNull(r[4]), bound: textOrNull(r[5]),
    parents: json<[string, string][]>(r[6]) ?? [], comment: textOrNull(r[7]), definition: textOrNull(r[8]),
    rowsEstimate: numOrNull(r[9]), totalBytes: numOrNull(r[10]), persistence: text(r[11]), rowSecurity: bool(r[12]),
    options: json<string[]>(r[13]), ownTablespace: bool(r[14]), replicaIdentity: text(r[15]), typed: bool(r[16]), populated: bool(r[17]),
    extension: textOrNull(r[18]), ownerTable: textOrNull(r[19]), ownerColumn: textOrNull(r[20]), ownerDependency: textOrNull(r[21]),
    ownerRelid: numOrNull(r[22]), ownerAttnum: numOrNull(r[23]), sequenceText: textOrNull(r[24]),
  };
}

export interface ColumnRow {
  readonly relid: number;
  readonly num: number;
  readonly name: string;
  /** quote_ident(name): how pg_get_indexdef writes the column in a key. */
  readonly quoted: string;
  /** format_type(): the type as PostgreSQL spells it. */
  readonly spelling: string;
  /** pg_type.typtype: b base, d domain, e enum, c composite, r range, m multirange, p pseudo. */
  readonly typeKind: string;
  readonly typeSchema: string;
  readonly typeName: string;
  readonly isArray: boolean;
  readonly notNull: boolean;
  readonly default: string | null;
  /** 'a' GENERATED ALWAYS, 'd' BY DEFAULT, '' none. */
  readonly identity: string;
  /** 's' stored generated column, '' none. */
  readonly generated: string;
  readonly comment: string | null;
  /** A collation other than the type's default. */
  readonly collation: string | null;
}

export function columnRow(r: Row): ColumnRow {
  return {
    relid: num(r[0]), num: num(r[1]), name: text(r[2]), quoted: text(r[3]), spelling: text(r[4]), typeKind: text(r[5]), typeSchema: text(r[6]),
    typeName: text(r[7]), isArray: bool(r[8]), notNull: bool(r[9]), default: textOrNull(r[10]), identity: textOrNull(r[11]) ?? '',
    generated: textOrNull(r[12]) ?? '', comment: textOrNull(r[13]), collation: textOrNull(r[14]),
  };
}

export interface ConstraintRow {
  readonly relid: number;
  readonly name: string;
  /** p primary key, u unique, f foreign key, c check, x exclusion, t constraint trigger. */
  readonly type: string;
  readonly key: readonly number[];
  readonly refTable: string | null;
  readonly refSchema: string | null;
  readonly refKey: readonly number[] | null;
  readonly onUpdate: string;
  readonly onDelete: string;
  readonly match: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly validated: boolean;
  /** Made for a partition from its parent's constraint (conparentid). */
  readonly fromParent: boolean;
  readonly local: boolean;
  readonly noInherit: boolean;
  readonly checkExpression: string | null;
  /** pg_get_constraintdef(), read only for what a warning shows (deferrable, NOT VALID, exclusion, …). */
  readonly definition: string | null;
  readonly setNullColumns: readonly number[] | null;
  readonly comment: string | null;
  readonly refRelid: number | null;
}

export function constraintRow(r: Row): ConstraintRow {
  return {
    relid: num(r[0]), name: text(r[1]), type: text(r[2]), key: json<number[]>(r[3]) ?? [], refTable: textOrNull(r[4]), refSchema: textOrNull(r[5]),
    refKey: json<number[]>(r[6]), onUpdate: text(r[7]), onDelete: text(r[8]), match: text(r[9]), deferrable: bool(r[10]), deferred: bool(r[11]),
    validated: bool(r[12]), fromParent: bool(r[13]), local: bool(r[14]), noInherit: bool(r[15]), checkExpression: textOrNull(r[16]),
    definition: textOrNull(r[17]), setNullColumns: json<number[]>(r[18]), comment: textOrNull(r[19]), refRelid: numOrNull(r[20]),
  };
}

export interface IndexRow {
  readonly relid: number;
  readonly name: string;
  readonly method: string;
  readonly unique: boolean;
  readonly primary: boolean;
  readonly valid: boolean;
  readonly nullsNotDistinct: boolean;
  readonly columnCount: number;
  readonly keyCount: number;
  /** Attribute numbers of the key and INCLUDE columns; 0 for an expression. */
  readonly key: readonly number[];
  /** pg_get_indexdef(), read only where the key is more than plain columns (or for a warning); null otherwise. */
  readonly definition: string | null;
  readonly where: string | null;
  readonly expressionColumns: readonly number[] | null;
  readonly options: readonly string[] | null;
  readonly ownTablespace: boolean;
  /** The constraint the index backs (primary key, unique, exclusion), if any. */
  readonly constraint: string | null;
  /** A partition's index attached to its parent's index. */
  readonly attached: boolean;
  readonly comment: string | null;
}

export function indexRow(r: Row): IndexRow {
  return {
    relid: num(r[0]), name: text(r[1]), method: text(r[2]), unique: bool(r[3]), primary: bool(r[4]), valid: bool(r[5]), nullsNotDistinct: bool(r[6]),
    columnCount: num(r[7]), keyCount: num(r[8]), key: json<number[]>(r[9]) ?? [], definition: textOrNull(r[10]), where: textOrNull(r[11]),
    expressionColumns: json<number[]>(r[12]), options: json<string[]>(r[13]), ownTablespace: bool(r[14]), constraint: textOrNull(r[15]),
    attached: bool(r[16]), comment: textOrNull(r[17]),
  };
}

export interface TypeRow {
  readonly name: string;
  /** b base, c composite, d domain, e enum, r range. */
  readonly kind: string;
  readonly spelling: string;
  readonly values: readonly string[] | null;
  readonly base: string | null;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly checks: readonly string[] | null;
  readonly extension: string | null;
  readonly comment: string | null;
}

export function typeRow(r: Row): TypeRow {
  return {
    name: text(r[0]), kind: text(r[1]), spelling: text(r[2]), values: json<string[]>(r[3]), base: textOrNull(r[4]), notNull: bool(r[5]),
    default: textOrNull(r[6]), checks: json<string[]>(r[7]), extension: textOrNull(r[8]), comment: textOrNull(r[9]),
  };
}

export interface OtherObjectRow {
  readonly kind: string;
  readonly name: string;
  /** The table of a trigger, rule, policy or statistics object. */
  readonly table: string | null;
  /** A trigger's definition; an extension's version. */
  readonly detail: string | null;
  readonly extension: string | null;
}

export function otherObjectRow(r: Row): OtherObjectRow {
  return { kind: text(r[0]), name: text(r[1]), table: textOrNull(r[2]), detail: textOrNull(r[3]), extension: textOrNull(r[4]) };
}

export interface CatalogRows {
  readonly relations: readonly RelationRow[];
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly types: readonly TypeRow[];
  readonly others: readonly OtherObjectRow[];
}

/** The results of the catalog queries, in the order introspector.ts runs them. */
export function catalogRows([relations, columns, constraints, indexes, types, others]: readonly QueryResult[]): CatalogRows {
  return {
    relations: relations!.rows.map(relationRow),
    columns: columns!.rows.map(columnRow),
    constraints: constraints!.rows.map(constraintRow),
    indexes: indexes!.rows.map(indexRow),
    types: types!.rows.map(typeRow),
    others: others!.rows.map(otherObjectRow),
  };
}
