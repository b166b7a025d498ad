/**
 * A table's constraints into the state: its primary key, unique constraints, foreign keys and checks.
 * What a partition has from its parent (the key, uniques and foreign keys cloned from the parent's,
 * inherited checks) is the parent's, and is left out of the partition, as `PARTITION OF` recreates it.
 * Exclusion constraints, and what the state has no field for (deferrable, NOT VALID, MATCH FULL, NO
 * INHERIT, a foreign key into another schema), are warned about by name.
 */
import type { InspectWarning } from '../introspector.js';
import type { CheckState, ForeignKeyState, OnDelete, UniqueState } from '../schema-state.js';
import { byName } from '../schema-state.js';
import type { ConstraintRow } from './introspect-rows.js';

const ACTIONS: Readonly<Record<string, OnDelete>> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

export interface TableConstraints {
  readonly primaryKey: readonly string[];
  readonly uniques: readonly UniqueState[];
  readonly foreignKeys: readonly ForeignKeyState[];
  readonly checks: readonly CheckState[];
}

export interface ConstraintContext {
  readonly table: string;
  readonly schema: string;
  readonly isPartition: boolean;
  /** Column names by attribute number, for any table of the schema. */
  readonly columnName: (relid: number, attnum: number) => string;
  readonly warn: (w: InspectWarning) => void;
}

export function readConstraints(rows: readonly ConstraintRow[], ctx: ConstraintContext): TableConstraints {
  let primaryKey: string[] = [];
  const uniques: UniqueState[] = [];
  const foreignKeys: ForeignKeyState[] = [];
  const checks: CheckState[] = [];
  for (const row of rows) {
    if (row.type === 'c' ? ctx.isPartition && !row.local : row.fromParent) continue;
    const object = `${ctx.table}.${row.name}`;
    const columns = row.key.map((n) => ctx.columnName(row.relid, n));
    warnUnheld(row, object, ctx.warn);
    switch (row.type) {
      case 'p':
        primaryKey = columns;
        if (row.name !== defaultKeyName(ctx.table)) ctx.warn({ object, message: `the primary key's name is not in the state (recreated as ${defaultKeyName(ctx.table)})` });
        break;
      case 'u':
        uniques.push({ name: row.name, columns });
        break;
      case 'f': {
        const fk = foreignKey(row, columns, ctx);
        if (fk) foreignKeys.push(fk);
        break;
      }
      case 'c':
        checks.push({ name: row.name, expression: row.checkExpression! });
        break;
      case 'x':
        ctx.warn({ object, message: `exclusion constraint ${row.definition}: not in the state` });
        break;
      default:
        // Constraint triggers ('t') are listed with the triggers.
        break;
    }
  }
  return { primaryKey, uniques: uniques.sort(byName), foreignKeys: foreignKeys.sort(byName), checks: checks.sort(byName) };
}

function foreignKey(row: ConstraintRow, columns: readonly string[], ctx: ConstraintContext): ForeignKeyState | undefined {
  const object = `${ctx.table}.${row.name}`;
  if (row.refSchema !== ctx.schema) {
    ctx.warn({ object, message: `foreign key to ${row.refSchema}.${row.refTable}, in another schema: not in the state (${row.definition})` });
    return undefined;
  }
  const fk: ForeignKeyState = {
    name: row.name,
    columns,
    referencedTable: row.refTable!,
    referencedColumns: (row.refKey ?? []).map((n) => ctx.columnName(row.refRelid!, n)),
    onDelete: ACTIONS[row.onDelete] ?? 'NO ACTION',
  };
  const onUpdate = ACTIONS[row.onUpdate] ?? 'NO ACTION';
  return onUpdate === 'NO ACTION' ? fk : { ...fk, onUpdate };
}

function warnUnheld(row: ConstraintRow, object: string, warn: (w: InspectWarning) => void): void {
  const unheld: string[] = [];
  if (row.deferrable) unheld.push(row.deferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE');
  if (!row.validated) unheld.push('NOT VALID');
  // connoinherit is set on every key and foreign key of a plain table; only a check's is the user's NO INHERIT.
  if (row.noInherit && row.type === 'c') unheld.push('NO INHERIT');
  if (row.match === 'f') unheld.push('MATCH FULL');
  if (row.setNullColumns !== null) unheld.push('a column list for SET NULL / SET DEFAULT');
  if (unheld.length > 0) warn({ object, message: `${unheld.join(', ')} is not in the state (recreated without it): ${row.definition}` });
  if (row.comment !== null) warn({ object, message: `the constraint's comment is not in the state: ${JSON.stringify(row.comment)}` });
}

/** The name PostgreSQL gives a table's primary key: `<table>_pkey`, the table part cut to fit 63 bytes. */
function defaultKeyName(table: string): string {
  let base = table;
  while (Buffer.byteLength(`${base}_pkey`) > 63) base = base.slice(0, -1);
  return `${base}_pkey`;
}
