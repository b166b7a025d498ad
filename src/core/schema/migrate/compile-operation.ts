/**
 * One migration operation as the statements a database runs, in order. Compiled at apply time from
 * the state before the operation, which is what a drop or an alter needs to know (the foreign key a
 * name stands for, the column an alter starts from) and what `down` is derived from. An operation
 * that does not fit that state is refused here, before anything runs (applyOperation says why).
 */
import type { DdlCompiler } from '../../dialect/ddl-compiler.js';
import { findTable, type SchemaState, type TableState } from '../../dialect/schema-state.js';
import { UsageError } from '../../ground/errors.js';
import type { DialectName } from '../../ground/values.js';
import { applyOperation } from './apply-operation.js';
import type { Operation } from './operation.js';

export function compileOperation(op: Operation, before: SchemaState, ddl: DdlCompiler, dialect: DialectName): string[] {
  const after = applyOperation(before, op);
  switch (op.op) {
    case 'createTable':
      return createTable(op.table, ddl);
    case 'dropTable':
      return [ddl.dropTable(op.table)];
    case 'renameTable':
      return [ddl.renameTable(op.from, op.to)];
    case 'runSql': {
      const sql = op.sql[dialect];
      return sql === undefined ? [] : typeof sql === 'string' ? [sql] : [...sql];
    }
    case 'runJs':
      // Run by the migration runner, between the statements around it; it has no SQL of its own.
      return [];
    default: {
      if (!ddl.alterTable) throw new UsageError('MIGRATION_INVALID', `${op.op} on ${op.table}: migrations cannot alter tables on ${dialect} yet`);
      return ddl.alterTable(op, table(before, op.table), table(after, op.table));
    }
  }
}

/**
 * CREATE TABLE with all its foreign keys inline (the referenced tables exist already, or it is the
 * table itself: a reference cycle is created as createTable, then addForeignKey), then what
 * completes it: comments, indexes.
 */
function createTable(table: TableState, ddl: DdlCompiler): string[] {
  return [ddl.createTable(table, table.foreignKeys), ...ddl.afterCreateTable(table), ...table.indexes.map((index) => ddl.createIndex(table.name, index))];
}

/** applyOperation has checked the table exists on both sides. */
function table(state: SchemaState, name: string): TableState {
  const found = findTable(state, name);
  if (found === undefined) throw new UsageError('MIGRATION_INVALID', `table ${name} does not exist at this point of the migrations`);
  return found;
}

/** Whether the operation's statements must run with foreign keys off (see DdlCompiler.alterNeedsForeignKeysOff). */
export function needsForeignKeysOff(op: Operation, before: SchemaState, ddl: DdlCompiler): boolean {
  if (op.op === 'createTable' || op.op === 'dropTable' || op.op === 'renameTable' || op.op === 'runSql' || op.op === 'runJs') return false;
  if (!ddl.alterNeedsForeignKeysOff) return false;
  const after = applyOperation(before, op);
  return ddl.alterNeedsForeignKeysOff(op, table(before, op.table), table(after, op.table));
}
