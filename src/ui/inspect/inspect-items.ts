/**
 * What an inspection holds, as the list both renderers show: one item per table, view and enum type,
 * with its figures and counts, and the warnings that belong to it. Built once per inspection.
 */
import type { InspectWarning, Inspection } from '../../core/dialect/introspector.js';
import type { EnumState, TableState, ViewState } from '../../core/dialect/schema-state.js';
import { MISSING, bytesText, countText, plural } from './inspect-cells.js';

export type ItemKind = 'table' | 'view' | 'enum';

export type InspectItem =
  | (ItemBase & { readonly kind: 'table'; readonly table: TableState })
  | (ItemBase & { readonly kind: 'view'; readonly view: ViewState })
  | (ItemBase & { readonly kind: 'enum'; readonly enumType: EnumState });

interface ItemBase {
  /** Unique across kinds (a table and an enum type may share a name on some databases). */
  readonly key: string;
  readonly name: string;
  readonly rows: number | null;
  readonly bytes: number | null;
  /** Columns (enum: values). */
  readonly columns: number;
  /** Indexes, foreign keys out and in; null where the kind has none. */
  readonly indexes: number | null;
  readonly fksOut: number | null;
  readonly fksIn: number | null;
  readonly warnings: readonly InspectWarning[];
}

export function inspectItems(inspection: Inspection): InspectItem[] {
  const { state, figures, warnings } = inspection;
  const fksIn = new Map<string, number>();
  for (const t of state.tables) for (const fk of t.foreignKeys) fksIn.set(fk.referencedTable, (fksIn.get(fk.referencedTable) ?? 0) + 1);
  const tables = state.tables.map((table): InspectItem => ({
    kind: 'table',
    table,
    key: `table:${table.name}`,
    name: table.name,
    rows: figures[table.name]?.rowsEstimate ?? null,
    bytes: figures[table.name]?.totalBytes ?? null,
    columns: table.columns.length,
    indexes: table.indexes.length,
    fksOut: table.foreignKeys.length,
    fksIn: fksIn.get(table.name) ?? 0,
    warnings: warningsOf(table.name, warnings),
  }));
  const views = state.views.map((view): InspectItem => ({
    kind: 'view',
    view,
    key: `view:${view.name}`,
    name: view.name,
    // A materialized view has rows and a size of its own, where the database reports them.
    rows: figures[view.name]?.rowsEstimate ?? null,
    bytes: figures[view.name]?.totalBytes ?? null,
    columns: view.columns.length,
    indexes: null,
    fksOut: null,
    fksIn: null,
    warnings: warningsOf(view.name, warnings),
  }));
  const enums = state.enums.map((enumType): InspectItem => ({
    kind: 'enum',
    enumType,
    key: `enum:${enumType.name}`,
    name: enumType.name,
    rows: null,
    bytes: null,
    columns: enumType.values.length,
    indexes: null,
    fksOut: null,
    fksIn: null,
    warnings: warningsOf(enumType.name, warnings),
  }));
  return [...tables, ...views, ...enums];
}

/** The list's columns: one row per item. */
export const ITEM_HEAD = ['NAME', 'KIND', 'ROWS', 'SIZE', 'COLS', 'IDX', 'FK OUT', 'FK IN', 'WARN'] as const;

export function itemRow(item: InspectItem): string[] {
  const n = (v: number | null): string => (v === null ? MISSING : String(v));
  return [item.name, kindLabel(item), countText(item.rows), bytesText(item.bytes), String(item.columns), n(item.indexes), n(item.fksOut), n(item.fksIn), item.warnings.length > 0 ? String(item.warnings.length) : ''];
}

/** `table`, `view (read-only)`, `mat. view (read-only)`, `enum`. */
export function kindLabel(item: InspectItem): string {
  if (item.kind === 'view') return item.view.materialized ? 'mat. view (ro)' : 'view (ro)';
  return item.kind;
}

/**
 * The warnings about one object. Warnings name their object as `table`, `table.column`,
 * `index table.name`, `trigger table.name`…: one belongs to a table when any word of its object is the
 * table's name or starts with it and a dot.
 */
export function warningsOf(name: string, warnings: readonly InspectWarning[]): InspectWarning[] {
  return warnings.filter((w) => w.object.split(/\s+/).some((word) => word === name || word.startsWith(`${name}.`)));
}

/** Items whose name holds the filter text (any case); all of them for an empty filter. */
export function filterItems(items: readonly InspectItem[], filter: string): InspectItem[] {
  const needle = filter.trim().toLowerCase();
  return needle === '' ? [...items] : items.filter((i) => i.name.toLowerCase().includes(needle));
}

/** Distinct objects named by the warnings: what "N objects not fully represented" counts. */
export function warnedObjects(warnings: readonly InspectWarning[]): number {
  return new Set(warnings.map((w) => w.object)).size;
}

/** `postgres · schema public · 12 tables · 3 views · 1 enum type`: what was read, in one line. */
export function inspectionSummary(inspection: Inspection): string {
  const { state } = inspection;
  const parts = [state.dialect ?? 'database', `schema ${inspection.schema}`, plural(state.tables.length, 'table')];
  if (state.views.length > 0) parts.push(plural(state.views.length, 'view'));
  if (state.enums.length > 0) parts.push(plural(state.enums.length, 'enum type'));
  return parts.join(' · ');
}
