/**
 * The inspection as plain cli-table3 tables, for pipes and CI logs: what was read, the list of tables,
 * views and enum types, then each one's columns, indexes, constraints and foreign keys out and in.
 * Warnings are printed apart (warning-lines.ts); the list counts them per item.
 */
import Table from 'cli-table3';
import type { Inspection } from '../../core/dialect/introspector.js';
import { painter } from '../shared/paint.js';
import { ITEM_HEAD, inspectItems, inspectionSummary, itemRow } from './inspect-items.js';
import { alignOf, itemDetail, type DetailSection } from './inspect-sections.js';

export function renderPlainInspection(inspection: Inspection, options: { color?: boolean } = {}): string {
  const paint = painter(options.color === true);
  const items = inspectItems(inspection);
  const out: string[] = [inspectionSummary(inspection)];
  if (items.length === 0) {
    out.push('', 'No tables, views or enum types.');
    return `${out.join('\n')}\n`;
  }
  out.push(table([...ITEM_HEAD], items.map(itemRow), options.color === true));
  for (const item of items) {
    const detail = itemDetail(item, inspection);
    out.push('', paint('bold', [detail.title, ...detail.facts].join(' · ')));
    for (const section of detail.sections) out.push(...sectionText(section, options.color === true));
  }
  return `${out.join('\n')}\n`;
}

function sectionText(section: DetailSection, color: boolean): string[] {
  if (section.kind === 'text') return [`${section.title}:`, ...section.lines.map((l) => `  ${l}`)];
  if (section.rows.length === 0) return [`${section.title}: none`];
  return [`${section.title}:`, table(section.head, section.rows, color)];
}

function table(head: readonly string[], rows: readonly (readonly string[])[], color: boolean): string {
  const t = new Table({
    head: [...head],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
    colAligns: head.map(alignOf),
    // One line per row: the rules between rows would double the height of a long column list.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) t.push([...row]);
  return t.toString();
}
