/**
 * What a table rebuild copies: each column of the new table that the old one has (by name), as an
 * expression over the old row. A column the old table lacks (added) is left out of the INSERT, so
 * every row takes its default — CURRENT_TIMESTAMP and expressions included, which ADD COLUMN cannot
 * fill — and a NOT NULL one without a default fails on a table with rows, as on the servers. A
 * generated column is computed, never copied.
 *
 * Where a type changed, the new column's affinity already converts most values (numeric text into an
 * INTEGER or REAL column, numbers into a TEXT one); the conversions here are the ones affinity gets
 * wrong for how Oxen reads the kind, and only from numeric kinds, so text that is not a number is
 * kept rather than turned into 0 by a CAST.
 */
import type { ColumnKind, ColumnState, TableState } from '../schema-state.js';
import type { SqliteDdlParts } from './sqlite-alteration.js';

export interface CopiedColumn {
  readonly name: string;
  readonly expression: string;
}

const NUMERIC = new Set<ColumnKind>(['auto', 'bigAuto', 'int', 'bigint', 'float', 'decimal', 'boolean']);
const INTEGER = new Set<ColumnKind>(['auto', 'bigAuto', 'int', 'bigint']);

export function copiedColumns(before: TableState, after: TableState, ddl: SqliteDdlParts): CopiedColumn[] {
  const out: CopiedColumn[] = [];
  for (const column of after.columns) {
    const old = before.columns.find((c) => c.name === column.name);
    if (old === undefined || column.generated) continue;
    out.push({ name: column.name, expression: fillNull(old, column, converted(old, column, ddl), ddl) });
  }
  return out;
}

function converted(old: ColumnState, column: ColumnState, ddl: SqliteDdlParts): string {
  const value = ddl.quote(old.name);
  const from = old.type.kind;
  const to = column.type;
  if (from === to.kind || !NUMERIC.has(from)) return value;
  // A float or decimal into an integer column: REAL affinity would keep 2.5 as 2.5; rounded, as the servers do.
  if (INTEGER.has(to.kind) && (from === 'float' || from === 'decimal')) return `CAST(ROUND(${value}) AS INTEGER)`;
  // Any number into a boolean: Oxen reads 0 and 1.
  if (to.kind === 'boolean') return `(${value} <> 0)`;
  // Into a decimal (TEXT affinity), written with the column's scale as Oxen writes decimals: '5.00', not '5'.
  if (to.kind === 'decimal' && from !== 'decimal') return whenNotNull(value, decimalText(value, from, to.scale));
  return value;
}

/** An integer exactly (a float format would round past 2^53), a float through printf. */
function decimalText(value: string, from: ColumnKind, scale: number): string {
  if (INTEGER.has(from) || from === 'boolean') return scale === 0 ? `CAST(${value} AS TEXT)` : `CAST(${value} AS TEXT) || '.${'0'.repeat(scale)}'`;
  return `printf('%.${scale}f', ${value})`;
}

/** A nullable column becoming NOT NULL: rows holding NULL take the default, as Django does. */
function fillNull(old: ColumnState, column: ColumnState, expression: string, ddl: SqliteDdlParts): string {
  if (!old.nullable || column.nullable) return expression;
  const dflt = ddl.defaultExpression(column);
  return dflt === undefined ? expression : `coalesce(${expression}, ${dflt})`;
}

function whenNotNull(value: string, expression: string): string {
  return `CASE WHEN ${value} IS NULL THEN NULL ELSE ${expression} END`;
}
