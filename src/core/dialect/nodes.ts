/**
 * The query tree: plain, serialisable data. Query sets build it; dialect compilers turn it into SQL.
 * Values appear only as `param` nodes, so they are always bound.
 */
import type { SqlValue } from '../ground/values.js';
import type { FieldKind } from './field-kind.js';

export type Expr =
  | { readonly kind: 'column'; readonly table: string; readonly column: string }
  | { readonly kind: 'param'; readonly value: SqlValue }
  | { readonly kind: 'literal'; readonly value: 'TRUE' | 'FALSE' | 'NULL' | '*' | '1' }
  | { readonly kind: 'compare'; readonly op: '=' | '<>' | '<' | '<=' | '>' | '>='; readonly left: Expr; readonly right: Expr }
  /** `integer`: both operands are integers, so `/` truncates toward zero on every database (MySQL's `DIV`). */
  | { readonly kind: 'arith'; readonly op: '+' | '-' | '*' | '/'; readonly left: Expr; readonly right: Expr; readonly integer?: boolean }
  /** A number of F() arithmetic, typed as an integer or a double so every database computes with it alike. */
  | { readonly kind: 'number'; readonly expr: Expr; readonly integer: boolean }
  /** Pattern match; `pattern` is a param already escaped for LIKE (`\` escapes `%`, `_`, `\`). */
  | { readonly kind: 'like'; readonly left: Expr; readonly pattern: Expr; readonly caseInsensitive: boolean }
  | { readonly kind: 'in'; readonly left: Expr; readonly values: readonly Expr[] }
  | { readonly kind: 'inSelect'; readonly left: Expr; readonly select: SelectNode }
  /**
   * `left IN` the elements of one bound JSON array (`list`, a param of JSON text), read back as
   * `fieldKind`'s type: a value list of any length in one parameter and one statement text.
   */
  | { readonly kind: 'inArray'; readonly left: Expr; readonly list: Expr; readonly fieldKind: ArrayInKind }
  | { readonly kind: 'exists'; readonly select: SelectNode }
  | { readonly kind: 'isNull'; readonly expr: Expr; readonly negated: boolean }
  | { readonly kind: 'between'; readonly expr: Expr; readonly low: Expr; readonly high: Expr }
  | { readonly kind: 'and'; readonly items: readonly Expr[] }
  | { readonly kind: 'or'; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly item: Expr }
  | { readonly kind: 'lower'; readonly expr: Expr }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFn; readonly arg: Expr; readonly distinct: boolean }
  | { readonly kind: 'random' }
  /** GROUP BY and ORDER BY only: the select list's column at this position (from 1), so its parameters are not bound twice. */
  | { readonly kind: 'position'; readonly position: number }
  | { readonly kind: 'case'; readonly subject: Expr; readonly whens: readonly (readonly [Expr, Expr])[]; readonly else: Expr }
  /** A parameter whose type the database cannot infer (PostgreSQL in CASE branches): cast to the field's type. */
  | { readonly kind: 'typed'; readonly expr: Expr; readonly fieldKind: FieldKind };

/** The field kinds whose values an `inArray` list can carry (JSON cannot carry bytes; JSON and raw columns have no comparable element type). */
export type ArrayInKind = Exclude<FieldKind, 'binary' | 'json' | 'raw' | 'foreignKey'>;

export type AggregateFn = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

export interface SelectColumn {
  readonly expr: Expr;
  readonly alias: string;
}

export interface Join {
  readonly type: 'INNER' | 'LEFT';
  readonly table: string;
  readonly alias: string;
  readonly on: Expr;
}

export interface OrderItem {
  readonly expr: Expr;
  readonly desc: boolean;
}

export interface SelectNode {
  readonly kind: 'select';
  readonly table: string;
  readonly alias: string;
  readonly columns: readonly SelectColumn[];
  readonly joins: readonly Join[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: number;
  readonly distinct: boolean;
}

export type OnConflict =
  | { readonly action: 'ignore' }
  /** Update `set` columns from the proposed row when `target` (unique columns) collides. */
  | { readonly action: 'update'; readonly target: readonly string[]; readonly set: readonly string[] };

export interface InsertNode {
  readonly kind: 'insert';
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Expr[])[];
  readonly returning: readonly string[];
  readonly onConflict?: OnConflict;
}

export interface UpdateNode {
  readonly kind: 'update';
  readonly table: string;
  readonly set: readonly { readonly column: string; readonly value: Expr }[];
  readonly where?: Expr;
}

export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: string;
  readonly where?: Expr;
}

export type QueryNode = SelectNode | InsertNode | UpdateNode | DeleteNode;

export const TRUE: Expr = { kind: 'literal', value: 'TRUE' };
export const FALSE: Expr = { kind: 'literal', value: 'FALSE' };

export function param(value: SqlValue): Expr {
  return { kind: 'param', value };
}

export function col(table: string, column: string): Expr {
  return { kind: 'column', table, column };
}

export function and(items: readonly Expr[]): Expr | undefined {
  const kept = items.filter((e) => e !== TRUE);
  if (kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : { kind: 'and', items: kept };
}
