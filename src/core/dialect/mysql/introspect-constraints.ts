/**
 * Foreign keys (KEY_COLUMN_USAGE joined to REFERENTIAL_CONSTRAINTS) and check constraints, grouped
 * by table. A foreign key to a table in another database cannot be held by the state (it names
 * tables of one schema): it is left out with a warning. MariaDB's json_valid() checks on JSON
 * columns are not checks of the state: the column is read as the json kind instead.
 */
import type { InspectWarning } from '../introspector.js';
import { byName, type CheckState, type ForeignKeyState, type OnDelete } from '../schema-state.js';
import { text } from './introspect-columns.js';

export interface ForeignKeys {
  readonly byTable: ReadonlyMap<string, ForeignKeyState[]>;
  /** By table: the foreign keys left out. */
  readonly warnings: ReadonlyMap<string, InspectWarning[]>;
}

const RULES = new Set<string>(['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION']);

/** From the rows of foreignKeysQuery: its `column` rows grouped by constraint, with the rules of its `rule` rows. */
export function readForeignKeys(schema: string, rows: readonly (readonly unknown[])[]): ForeignKeys {
  const groups = new Map<string, { table: string; name: string; refSchema: string; refTable: string; pairs: [number, string, string][] }>();
  const rules = new Map<string, { update: string; delete: string }>();
  for (const r of rows) {
    const key = `${text(r[1])}\0${text(r[2])}`;
    if (text(r[0]) === 'rule') {
      rules.set(key, { update: text(r[3]), delete: text(r[5]) });
      continue;
    }
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { table: text(r[1]), name: text(r[2]), refSchema: text(r[5]), refTable: text(r[6]), pairs: [] }));
    g.pairs.push([Number(r[4]), text(r[3]), text(r[7])]);
  }
  const byTable = new Map<string, ForeignKeyState[]>();
  const warnings = new Map<string, InspectWarning[]>();
  for (const g of groups.values()) {
    if (g.refSchema !== schema) {
      warnings.set(g.table, [...(warnings.get(g.table) ?? []), { object: `${g.table}.${g.name}`, message: `a foreign key to ${g.refSchema}.${g.refTable}, in another database: the state holds references within one database, so it is left out` }]);
      continue;
    }
    const pairs = g.pairs.sort((a, b) => a[0] - b[0]);
    const rule = rules.get(`${g.table}\0${g.name}`) ?? { update: 'RESTRICT', delete: 'RESTRICT' };
    // NO ACTION and RESTRICT behave the same on MySQL (checked at once): an ON UPDATE of either is the default and left out.
    const onUpdate = rule.update === 'RESTRICT' || rule.update === 'NO ACTION' || !RULES.has(rule.update) ? undefined : (rule.update as OnDelete);
    const fk: ForeignKeyState = {
      name: g.name,
      columns: pairs.map((p) => p[1]),
      referencedTable: g.refTable,
      referencedColumns: pairs.map((p) => p[2]),
      onDelete: RULES.has(rule.delete) ? (rule.delete as OnDelete) : 'NO ACTION',
      ...(onUpdate === undefined ? {} : { onUpdate }),
    };
    const list = byTable.get(g.table) ?? [];
    list.push(fk);
    byTable.set(g.table, list);
  }
  for (const list of byTable.values()) list.sort(byName);
  return { byTable, warnings };
}

export interface CheckRow {
  readonly table: string;
  readonly name: string;
  readonly clause: string;
}

export function checkRow(r: readonly unknown[]): CheckRow {
  return { table: text(r[0]), name: text(r[1]), clause: text(r[2]) };
}

/** MariaDB's JSON: a LONGTEXT column with a check named after it that is exactly json_valid(`column`). */
export function isJsonCheck(check: CheckRow, columnType: string | undefined): boolean {
  return columnType?.toLowerCase() === 'longtext' && check.clause.trim() === `json_valid(\`${check.name.replaceAll('`', '``')}\`)`;
}

export function checksOf(rows: readonly CheckRow[]): CheckState[] {
  return rows.map((c) => ({ name: c.name, expression: c.clause })).sort(byName);
}
