/**
 * One table, view or enum type as titled sections of rows: what the browser shows when an item is
 * opened and what the plain output prints per item. Cells are one-line text; each renderer lays them out.
 */
import type { Inspection } from '../../core/dialect/introspector.js';
import type { ColumnType, EnumState, TableState, ViewState } from '../../core/dialect/schema-state.js';
import {
  bytesText, countText, dbTypeText, defaultText, indexKeyText, keyText, kindText, nullText, oneLine, onUpdateText, referenceText,
} from './inspect-cells.js';
import type { InspectItem } from './inspect-items.js';

export type Align = 'left' | 'right';

export type DetailSection =
  | { readonly kind: 'grid'; readonly title: string; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'text'; readonly title: string; readonly lines: readonly string[] };

export interface ItemDetail {
  /** `table film`, `view actor_info (read-only)`, `enum type mood`. */
  readonly title: string;
  /** Short facts shown beside the title: rows, size, partitioning, comment. */
  readonly facts: readonly string[];
  readonly sections: readonly DetailSection[];
}

export function itemDetail(item: InspectItem, inspection: Inspection): ItemDetail {
  // Lines rather than a grid: messages are sentences, and a grid column as wide as the longest would be unreadable.
  const warnings: DetailSection = { kind: 'text', title: `Warnings (${item.warnings.length})`, lines: item.warnings.map((w) => `${w.object}: ${oneLine(w.message)}`) };
  const withWarnings = (sections: DetailSection[]): DetailSection[] => (item.warnings.length > 0 ? [...sections, warnings] : sections);
  switch (item.kind) {
    case 'table':
      return { title: `table ${item.name}`, facts: tableFacts(item), sections: withWarnings(tableSections(item.table, inspection)) };
    case 'view':
      return { title: `${item.view.materialized ? 'materialized view' : 'view'} ${item.name} (read-only)`, facts: viewFacts(item.view, item), sections: withWarnings(viewSections(item.view)) };
    case 'enum':
      return { title: `enum type ${item.name}`, facts: [], sections: withWarnings(enumSections(item.enumType)) };
  }
}

function tableFacts(item: InspectItem & { kind: 'table' }): string[] {
  const t = item.table;
  const facts = figureFacts(item);
  if (t.primaryKey.length > 1) facts.push(`primary key (${t.primaryKey.join(', ')})`);
  if (t.primaryKey.length === 0) facts.push('no primary key');
  if (t.partitionBy !== undefined) facts.push(`partitioned by ${t.partitionBy}`);
  if (t.partitionOf !== undefined) facts.push(`partition of ${t.partitionOf.table} ${oneLine(t.partitionOf.bound)}`);
  if (t.withoutRowid) facts.push('WITHOUT ROWID');
  if (t.comment !== undefined) facts.push(`comment: ${oneLine(t.comment)}`);
  return facts;
}

function viewFacts(view: ViewState, item: InspectItem): string[] {
  const facts: string[] = [];
  if (view.materialized) facts.push(...figureFacts(item));
  if (view.comment !== undefined) facts.push(`comment: ${oneLine(view.comment)}`);
  return facts;
}

/** Rows and size; the database may not say (SQLite without dbstat, a table never analysed). */
function figureFacts(item: InspectItem): string[] {
  return [item.rows === null ? 'rows unknown' : `${countText(item.rows)} rows (estimated)`, item.bytes === null ? 'size unknown' : bytesText(item.bytes)];
}

export function tableSections(t: TableState, inspection: Inspection): DetailSection[] {
  const hasComments = t.columns.some((c) => c.comment !== undefined);
  const enums = new Set(inspection.state.enums.map((e) => e.name));
  const columns = grid(
    'Columns',
    // KEY before DEFAULT: it is short, and a long default or generated expression must not push it off the screen.
    ['NAME', 'TYPE', 'KIND', 'NULL', 'KEY', 'DEFAULT', ...(hasComments ? ['COMMENT'] : [])],
    t.columns.map((c) => [c.name, dbTypeText(c), columnKind(c.type, enums), nullText(c), keyText(t, c.name), defaultText(c), ...(hasComments ? [oneLine(c.comment ?? '')] : [])]),
  );
  const indexes = dropEmptyColumns(
    grid('Indexes', ['NAME', 'KEY', 'UNIQUE', 'METHOD', 'WHERE'], t.indexes.map((i) => [i.name, indexKeyText(i), i.unique ? 'unique' : '', i.method ?? '', oneLine(i.where ?? '')])),
    ['METHOD', 'WHERE'],
  );
  const uniques = grid('Unique constraints', ['NAME', 'COLUMNS'], t.uniques.map((u) => [u.name, u.columns.join(', ')]));
  const checks = grid('Check constraints', ['NAME', 'EXPRESSION'], t.checks.map((c) => [c.name, oneLine(c.expression)]));
  const out = grid(
    'Foreign keys out',
    ['NAME', 'COLUMNS', 'REFERENCES', 'ON DELETE', 'ON UPDATE'],
    t.foreignKeys.map((fk) => [fk.name, fk.columns.join(', '), referenceText(fk), fk.onDelete, onUpdateText(fk)]),
  );
  const incoming = inspection.state.tables.flatMap((other) => other.foreignKeys.filter((fk) => fk.referencedTable === t.name).map((fk) => ({ other, fk })));
  const into = grid(
    'Foreign keys in',
    ['FROM', 'NAME', 'COLUMNS', 'REFERENCES', 'ON DELETE', 'ON UPDATE'],
    incoming.map(({ other, fk }) => [other.name, fk.name, fk.columns.join(', '), referenceText(fk), fk.onDelete, onUpdateText(fk)]),
  );
  return [columns, indexes, uniques, checks, out, into];
}

/** A raw column of one of the schema's enum types says so: the enum's values are one item down the list. */
function columnKind(type: ColumnType, enums: ReadonlySet<string>): string {
  return type.kind === 'raw' && enums.has(type.spelling) ? 'raw (enum)' : kindText(type);
}

function viewSections(view: ViewState): DetailSection[] {
  const columns = grid('Columns', ['NAME', 'TYPE', 'KIND', 'NULL'], view.columns.map((c) => [c.name, dbTypeText(c), kindText(c.type), nullText(c)]));
  const definition = view.definition.split('\n').map((l) => l.replace(/\s+$/, '')).filter((l, i, all) => l !== '' || (i > 0 && i < all.length - 1));
  return [columns, { kind: 'text', title: 'Definition', lines: definition }];
}

function enumSections(e: EnumState): DetailSection[] {
  return [grid('Values', ['#', 'VALUE'], e.values.map((v, i) => [String(i + 1), v]))];
}

function grid(title: string, head: string[], rows: string[][]): DetailSection {
  return { kind: 'grid', title, head, rows };
}

/** Leaves out optional columns no row fills (METHOD, WHERE), so the common case stays narrow. */
function dropEmptyColumns(section: DetailSection, optional: readonly string[]): DetailSection {
  if (section.kind !== 'grid') return section;
  const drop = new Set(section.head.map((h, i) => (optional.includes(h) && section.rows.every((r) => r[i] === '') ? i : -1)).filter((i) => i >= 0));
  if (drop.size === 0) return section;
  const keep = (cells: readonly string[]): string[] => cells.filter((_, i) => !drop.has(i));
  return { ...section, head: keep(section.head), rows: section.rows.map(keep) };
}

/** Columns that hold numbers are right-aligned. */
export function alignOf(head: string): Align {
  return head === '#' || head === 'ROWS' || head === 'SIZE' || head === 'COLS' || head === 'IDX' || head === 'FK OUT' || head === 'FK IN' || head === 'WARN' ? 'right' : 'left';
}
