/**
 * One line per migration operation, for people: what `migrate make` prints before it writes, `migrate
 * sql` puts in a comment above each operation's statements, and `migrate status` / `up` list. The
 * first character says what kind of change it is, so a plan reads at a glance and colours by it:
 *   `+` something added, `-` something dropped, `~` something changed or renamed, `*` SQL or JS of
 *   the user's own (which the schema state knows nothing of).
 * An alter is only clear with the column as it was (`char(50) → text`): give the state before the
 * operation (`describeOperations` replays it along a list).
 */
import { findTable, type ColumnDefault, type ColumnState, type SchemaState } from '../../dialect/schema-state.js';
import { typeText } from '../diff/diff-states.js';
import { applyOperation } from './apply-operation.js';
import type { Operation, SqlByDialect } from './operation.js';

/** How much of a runSql statement a line shows. */
const SQL_PREVIEW = 60;

export function describeOperation(op: Operation, before?: SchemaState): string {
  switch (op.op) {
    case 'createTable': {
      const n = op.table.columns.length;
      return `+ table ${op.table.name} (${n} column${n === 1 ? '' : 's'})`;
    }
    case 'dropTable':
      return `- table ${op.table}`;
    case 'renameTable':
      return `~ table ${op.from} → ${op.to} (renamed)`;
    case 'addColumn':
      return `+ column ${op.table}.${op.column.name} ${columnText(op.column)}`;
    case 'dropColumn':
      return `- column ${op.table}.${op.column}`;
    case 'alterColumn': {
      const old = before === undefined ? undefined : findTable(before, op.table)?.columns.find((c) => c.name === op.column.name);
      return `~ column ${op.table}.${op.column.name} ${old === undefined ? `→ ${columnText(op.column)}` : changeText(old, op.column)}`;
    }
    case 'renameColumn':
      return `~ column ${op.table}.${op.from} → ${op.to} (renamed)`;
    case 'addIndex': {
      const i = op.index;
      const key = i.expression ?? list(i.columns);
      const extra = `${i.method ? ` using ${i.method}` : ''}${i.where ? ` where ${i.where}` : ''}`;
      return `+ ${i.unique ? 'unique index' : 'index'} ${i.name} on ${op.table} ${key}${extra}`;
    }
    case 'dropIndex':
      return `- index ${op.name} on ${op.table}`;
    case 'addUnique':
      return `+ unique ${op.unique.name} on ${op.table} ${list(op.unique.columns)}`;
    case 'dropUnique':
      return `- unique ${op.name} on ${op.table}`;
    case 'addForeignKey': {
      const fk = op.foreignKey;
      const actions = `${fk.onDelete !== 'NO ACTION' ? ` ON DELETE ${fk.onDelete}` : ''}${fk.onUpdate && fk.onUpdate !== 'NO ACTION' ? ` ON UPDATE ${fk.onUpdate}` : ''}`;
      return `+ foreign key ${fk.name} on ${op.table} ${list(fk.columns)} → ${fk.referencedTable} ${list(fk.referencedColumns)}${actions}`;
    }
    case 'dropForeignKey':
      return `- foreign key ${op.name} on ${op.table}`;
    case 'addCheck':
      return `+ check ${op.check.name} on ${op.table} (${op.check.expression})`;
    case 'dropCheck':
      return `- check ${op.name} on ${op.table}`;
    case 'runSql':
      return `* runSql ${sqlPreview(op.sql)}${op.down === undefined ? ' (no down)' : ''}`;
    case 'runJs':
      return `* runJs: runs in JS${op.down === undefined ? ' (no down)' : ''}`;
  }
}

/** Each operation's line, each described against the state the ones before it leave (from `from`). */
export function describeOperations(operations: readonly Operation[], from: SchemaState): string[] {
  let state: SchemaState | undefined = from;
  return operations.map((op) => {
    const line = describeOperation(op, state);
    try {
      state = state === undefined ? undefined : applyOperation(state, op);
    } catch {
      // An operation that does not fit is reported where it is applied; the lines after it go on without the state.
      state = undefined;
    }
    return line;
  });
}

/** `int NULL`, `char(50) NOT NULL DEFAULT "x"`, `int NOT NULL GENERATED (a + b) STORED`. */
export function columnText(c: ColumnState): string {
  const generated = c.generated ? ` GENERATED (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}` : '';
  return `${typeText(c.type)} ${c.nullable ? 'NULL' : 'NOT NULL'}${c.default ? ` DEFAULT ${defaultText(c.default)}` : ''}${generated}`;
}

/** Only what changes, old → new: `char(50) → text`, `NULL → NOT NULL`, `(no default) → DEFAULT 0`. */
function changeText(old: ColumnState, now: ColumnState): string {
  const parts = (c: ColumnState): string[] => [
    typeText(c.type),
    c.nullable ? 'NULL' : 'NOT NULL',
    c.default ? `DEFAULT ${defaultText(c.default)}` : '(no default)',
    c.generated ? `GENERATED (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}` : '(not generated)',
  ];
  const [a, b] = [parts(old), parts(now)];
  const changed = a.map((_, i) => i).filter((i) => a[i] !== b[i]);
  // Nothing visible changed (a default's expression re-spelled, say): show the column as it becomes.
  if (changed.length === 0) return `→ ${columnText(now)}`;
  return `${changed.map((i) => a[i]).join(' ')} → ${changed.map((i) => b[i]).join(' ')}`;
}

function defaultText(d: ColumnDefault): string {
  switch (d.kind) {
    case 'value':
      return JSON.stringify(d.value);
    case 'now':
      return d.onUpdate ? 'now (on update)' : 'now';
    case 'expression':
      return d.sql;
    case 'function':
      return '(a JS function)';
  }
}

function list(columns: readonly string[]): string {
  return `(${columns.join(', ')})`;
}

/** `on postgres, sqlite: CREATE EXTENSION …`: which databases it runs on, and the start of the first statement. */
function sqlPreview(sql: SqlByDialect): string {
  const entries = Object.entries(sql).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '(no SQL for any database)';
  const first = entries[0]![1]!;
  const text = (typeof first === 'string' ? first : first.join('; ')).replace(/\s+/g, ' ').trim();
  const preview = text.length > SQL_PREVIEW ? `${text.slice(0, SQL_PREVIEW - 1)}…` : text;
  return `on ${entries.map(([d]) => d).join(', ')}: ${preview}`;
}
