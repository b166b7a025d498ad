/**
 * Lint rules for data: a drop loses it, a narrower type cuts or refuses it, a NOT NULL column
 * without a default is refused by a table that has rows. None fires for a table known to be empty
 * (or created earlier in the same run): there is nothing there to lose or refuse.
 */
import { findTable, type ColumnState, type SchemaState } from '../../dialect/schema-state.js';
import { narrowing } from './lint-rules-types.js';
import { sizeText, unknownText, type LintContext, type LintNote, type LintRule, type TableSize } from './lint-rules.js';

const empty = (size: TableSize): boolean => size.fresh || size.hasRows === false;

const dropTable: LintRule = ({ op }, ctx) => {
  if (op.op !== 'dropTable') return undefined;
  const size = ctx.size(op.table);
  if (empty(size)) return undefined;
  return {
    rule: 'drop-table',
    table: op.table,
    message: `drops table ${op.table}${sizeText(size)}: its rows are lost`,
    suggestion: `deploy code that no longer uses ${op.table} first, and back its rows up if they may be needed`,
  };
};

const dropColumn: LintRule = ({ op }, ctx) => {
  if (op.op !== 'dropColumn') return undefined;
  const size = ctx.size(op.table);
  if (empty(size)) return undefined;
  return {
    rule: 'drop-column',
    table: op.table,
    message: `drops column ${op.table}.${op.column}${sizeText(size)}: its values are lost`,
    suggestion: `deploy code that no longer reads ${op.table}.${op.column} first, then drop it; back the values up if they may be needed`,
  };
};

const narrowType: LintRule = ({ op, before }, ctx) => {
  if (op.op !== 'alterColumn') return undefined;
  const old = columnOf(before, op.table, op.column.name);
  const why = old === undefined ? undefined : narrowing(old.type, op.column.type);
  if (why === undefined || empty(ctx.size(op.table))) return undefined;
  return {
    rule: 'narrow-type',
    table: op.table,
    message: `narrows ${op.table}.${op.column.name}: ${why}`,
    suggestion: 'check that every value fits first (its longest / largest), or add a new column, copy the values converted, then drop the old one',
  };
};

const notNullWithoutDefault: LintRule = ({ op, before }, ctx) => {
  if (op.op !== 'addColumn' && op.op !== 'alterColumn') return undefined;
  const c = op.column;
  if (c.nullable || holdsDefault(c) || c.generated !== undefined || c.type.kind === 'auto' || c.type.kind === 'bigAuto') return undefined;
  if (op.op === 'alterColumn' && columnOf(before, op.table, c.name)?.nullable !== true) return undefined;
  const size = ctx.size(op.table);
  if (empty(size)) return undefined;
  return op.op === 'addColumn' ? addNote(op.table, c, size, ctx) : alterNote(op.table, c, size, ctx);
};

function addNote(table: string, c: ColumnState, size: TableSize, ctx: LintContext): LintNote {
  const when = size.hasRows === true ? `${table} has rows${sizeText(size).replace(/^ \(has rows\)$/, '')}, so the migration fails` : `fails if ${table} has rows (${unknownText(ctx)})`;
  return {
    rule: 'not-null-without-default',
    table,
    message: `adds NOT NULL column ${table}.${c.name} without a default: ${when}`,
    suggestion: 'give it a default, or add it nullable, fill it (runSql / runJs), and make it NOT NULL in a later migration',
  };
}

function alterNote(table: string, c: ColumnState, size: TableSize, ctx: LintContext): LintNote {
  const when = size.hasRows === true ? `${table} has rows${sizeText(size).replace(/^ \(has rows\)$/, '')}: fails if any holds NULL` : `fails if a row holds NULL (${unknownText(ctx)})`;
  return {
    rule: 'not-null-without-default',
    table,
    message: `makes ${table}.${c.name} NOT NULL without a default: ${when}`,
    suggestion: 'give it a default (rows holding NULL take it first), or fill the NULLs in an earlier migration',
  };
}

/** A default the database holds, which fills the rows already there (a JS function or NULL does not). */
function holdsDefault(c: ColumnState): boolean {
  const d = c.default;
  return d !== undefined && d.kind !== 'function' && !(d.kind === 'value' && d.value === null);
}

export function columnOf(state: SchemaState, table: string, column: string): ColumnState | undefined {
  return findTable(state, table)?.columns.find((c) => c.name === column);
}

export const dataRules: readonly LintRule[] = [dropTable, dropColumn, narrowType, notNullWithoutDefault];
