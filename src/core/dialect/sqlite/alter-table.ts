/**
 * SQLite's DDL for one migration operation on an existing table. Its ALTER TABLE can only rename a
 * table or column, add a column and drop one, each with limits
 * (https://www.sqlite.org/lang_altertable.html); those forms are used where the limits allow, since
 * they neither copy the table nor need foreign keys off. Everything else rebuilds the table
 * (rebuild-table.ts), the procedure of that page's §7.
 */
import type { TableOperation } from '../migration-operation.js';
import type { TableState } from '../schema-state.js';
import { canAddInPlace } from './alter-add-column.js';
import { canDropInPlace } from './alter-drop-column.js';
import { rebuildTable } from './rebuild-table.js';
import type { SqliteAlteration, SqliteDdlParts } from './sqlite-alteration.js';

export function sqliteAlterTable(op: TableOperation, before: TableState, after: TableState, ddl: SqliteDdlParts): SqliteAlteration {
  const table = ddl.quote(before.name);
  switch (op.op) {
    case 'renameColumn':
      // Indexes, the table's own foreign keys and other tables' references to the column follow it (SQLite ≥ 3.26).
      return inPlace(`ALTER TABLE ${table} RENAME COLUMN ${ddl.quote(op.from)} TO ${ddl.quote(op.to)}`);
    case 'addIndex':
      return inPlace(ddl.createIndex(before.name, op.index));
    case 'dropIndex':
      return inPlace(`DROP INDEX ${ddl.quote(op.name)}`);
    case 'addColumn':
      if (canAddInPlace(op.column)) return inPlace(`ALTER TABLE ${table} ADD COLUMN ${ddl.columnDefinition(op.column)}`);
      break;
    case 'dropColumn':
      if (canDropInPlace(before, op.column)) return inPlace(`ALTER TABLE ${table} DROP COLUMN ${ddl.quote(op.column)}`);
      break;
    default:
      break;
  }
  return rebuildTable(before, after, ddl);
}

function inPlace(statement: string): SqliteAlteration {
  return { statements: [statement], foreignKeysOff: false };
}
