/**
 * What surrounds the tables: views (held by the state, with warnings for the view options it cannot
 * hold), the objects it has no place for (triggers, stored routines, events, MariaDB sequences), and
 * each table's storage settings (engine, options, character set and collation, partitioning), which
 * the state does not hold and the `sql` format replaces with Oxen's own (InnoDB, utf8mb4_bin).
 */
import type { InspectWarning } from '../introspector.js';
import type { ColumnState, ViewState } from '../schema-state.js';
import { text, type ColumnRow } from './introspect-columns.js';

export interface ViewRow {
  readonly name: string;
  readonly definition: string;
  readonly checkOption: string;
  readonly definer: string;
  readonly security: string;
  readonly algorithm: string | null;
}

export function viewRow(r: readonly unknown[]): ViewRow {
  return { name: text(r[0]), definition: text(r[1]), checkOption: text(r[2]), definer: text(r[3]), security: text(r[4]), algorithm: r[5] === null ? null : text(r[5]) };
}

/**
 * The server qualifies every table in a view's definition with the database (`shop`.`t`); the
 * qualifier is taken out so the `sql` format recreates the view over the tables beside it, in
 * whichever database it is run.
 */
export function readView(row: ViewRow, columns: readonly ColumnState[], schema: string, currentUser: string): { view: ViewState; warnings: InspectWarning[] } {
  const qualifier = `\`${schema.replaceAll('`', '``')}\`.`;
  const view: ViewState = { name: row.name, columns, definition: row.definition.split(qualifier).join('') };
  const object = `view ${row.name}`;
  const warnings: InspectWarning[] = [];
  if (row.definition === '') {
    warnings.push({ object, message: `its definition is hidden from ${currentUser}: GRANT SHOW VIEW ON it to read it (the sql format cannot create it without)` });
  }
  const options: string[] = [];
  if (row.algorithm !== null && row.algorithm !== 'UNDEFINED') options.push(`ALGORITHM=${row.algorithm}`);
  if (row.security === 'INVOKER') options.push('SQL SECURITY INVOKER');
  else if (row.definer !== '' && !sameAccount(row.definer, currentUser)) options.push(`DEFINER=${row.definer} (SQL SECURITY DEFINER: it runs with its definer's privileges)`);
  if (row.checkOption !== '' && row.checkOption !== 'NONE') options.push(`WITH ${row.checkOption} CHECK OPTION`);
  if (options.length > 0) {
    warnings.push({ object, message: `${options.join(', ')}: not in the state; the sql format creates the view without, owned by whoever runs it` });
  }
  return { view, warnings };
}

function sameAccount(definer: string, currentUser: string): boolean {
  return definer.replaceAll('`', '').replaceAll("'", '') === currentUser.replaceAll("'", '');
}

const OBJECT_NOTES: Record<string, string> = {
  trigger: 'triggers are not in the schema state, and the sql format does not create them',
  procedure: 'stored procedures are not in the schema state, and the sql format does not create them',
  function: 'stored functions are not in the schema state, and the sql format does not create them',
  package: 'stored packages are not in the schema state, and the sql format does not create them',
  'package body': 'stored packages are not in the schema state, and the sql format does not create them',
  event: 'events are not in the schema state, and the sql format does not create them',
};

/** Rows of otherObjectsQuery ([kind, name, table, detail]); triggers only on the selected tables, routines and events only when all are read. */
export function objectWarnings(rows: readonly (readonly unknown[])[], selected: (table: string) => boolean, whole: boolean): InspectWarning[] {
  const out: InspectWarning[] = [];
  for (const r of rows) {
    const kind = text(r[0]);
    const table = r[2] === null ? null : text(r[2]);
    if (table !== null ? !selected(table) : !whole) continue;
    const detail = [r[3] === null ? '' : text(r[3]), table === null ? '' : `on ${table}`].filter((s) => s !== '').join(' ');
    const note = OBJECT_NOTES[kind] ?? `${kind}s are not in the schema state`;
    out.push({ object: `${kind} ${text(r[1])}`, message: detail === '' ? note : `${detail}: ${note}` });
  }
  return out;
}

export interface TableRow {
  readonly name: string;
  /** BASE TABLE, VIEW, SYSTEM VIEW, SEQUENCE (MariaDB), SYSTEM VERSIONED (MariaDB). */
  readonly type: string;
  readonly engine: string | null;
  readonly rows: number | null;
  readonly bytes: number | null;
  readonly options: string;
  readonly collation: string | null;
  readonly comment: string;
}

export function tableRow(r: readonly unknown[]): TableRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    name: text(r[0]),
    type: text(r[1]),
    engine: r[2] === null ? null : text(r[2]),
    rows: num(r[3]),
    bytes: num(r[4]),
    options: r[5] === null ? '' : text(r[5]).trim(),
    collation: r[6] === null ? null : text(r[6]),
    comment: r[7] === null ? '' : text(r[7]),
  };
}

const OXEN_COLLATION = 'utf8mb4_bin';

/** The storage settings of a table that differ from what Oxen creates (ENGINE=InnoDB, utf8mb4_bin, no options), and partitioning. */
export function storageWarnings(table: TableRow, columns: readonly ColumnRow[]): InspectWarning[] {
  const object = `table ${table.name}`;
  const out: InspectWarning[] = [];
  const options = table.options.split(/\s+/).filter((o) => o !== '' && o !== 'partitioned');
  if (/\bpartitioned\b/.test(table.options)) {
    out.push({ object, message: 'partitioned: partitioning is not in the state, and the sql format creates the table unpartitioned' });
  }
  if (table.type === 'SYSTEM VERSIONED') {
    out.push({ object, message: 'system-versioned (WITH SYSTEM VERSIONING): its history is not in the state, and the sql format creates a plain table' });
  }
  const settings: string[] = [];
  if (table.engine !== null && table.engine.toLowerCase() !== 'innodb') settings.push(`ENGINE=${table.engine}`);
  settings.push(...options);
  if (table.collation !== null && table.collation !== OXEN_COLLATION) settings.push(`COLLATE=${table.collation}`);
  const byCollation = new Map<string, string[]>();
  for (const c of columns) {
    // A column already in utf8mb4_bin stays as it is; the table's own collation is named above.
    if (c.collation === null || c.collation === table.collation || c.collation === OXEN_COLLATION) continue;
    byCollation.set(c.collation, [...(byCollation.get(c.collation) ?? []), c.name]);
  }
  for (const [collation, names] of byCollation) settings.push(`column${names.length > 1 ? 's' : ''} ${names.join(', ')} COLLATE=${collation}`);
  if (settings.length > 0) {
    out.push({ object, message: `${settings.join(', ')}: storage settings are not in the state; the sql format creates the table with ENGINE=InnoDB and utf8mb4_bin (case-sensitive comparisons)` });
  }
  return out;
}
