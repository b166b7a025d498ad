/**
 * What a run will do, decided before anything runs: the files checked against the history, the state
 * before each migration replayed from the files before it, and each operation compiled against the
 * state just before it (so an operation that does not fit, or that this database cannot run, stops the
 * run before its first statement).
 */
import type { DialectAdapter } from '../../dialect/adapter.js';
import type { DdlCompiler } from '../../dialect/ddl-compiler.js';
import type { Dialect } from '../../dialect/dialect.js';
import type { SchemaState } from '../../dialect/schema-state.js';
import { UsageError } from '../../ground/errors.js';
import type { DialectName } from '../../ground/values.js';
import { applyOperation } from './apply-operation.js';
import { compileOperation, needsForeignKeysOff } from './compile-operation.js';
import type { AppliedMigration, MigrationFile } from './migration.js';
import { EMPTY_STATE } from './migration-files.js';
import type { MigrationJs, Operation } from './operation.js';

export interface RunContext {
  readonly dialect: Dialect;
  readonly name: DialectName;
  readonly ddl: DdlCompiler;
  readonly adapter: DialectAdapter;
}

/** One operation as the runner runs it: its statements, or the JS function a runJs calls. */
export interface CompiledOperation {
  /** 0-based position in the migration's operations (what `operations_done` counts). */
  readonly index: number;
  readonly statements: readonly string[];
  readonly js?: MigrationJs;
  readonly foreignKeysOff: boolean;
}

/** The files in name order (the order they run in); two files of one name are a mistake. */
export function sortedFiles(files: readonly MigrationFile[]): MigrationFile[] {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  sorted.forEach((f, i) => {
    if (i > 0 && sorted[i - 1]!.name === f.name) throw new UsageError('MIGRATION_INVALID', `two migrations are named ${f.name}`);
  });
  return sorted;
}

/**
 * The history must be a prefix of the files: the state each migration is compiled against is
 * replayed from the files before it, which is only the database's state when those are exactly what
 * ran. So a run refuses (before anything runs) when
 *  - an applied migration's file is gone: its operations are missing from every later state;
 *  - an applied migration's file was edited (checksum differs), unless `allowEdited`: the replay would
 *    describe a schema the database does not have. A part-applied row (MySQL) may differ: the edit is
 *    the fix of the operation that failed;
 *  - a pending file sorts before an applied one (a branch merged late): it would be compiled against a
 *    state without the later migrations the database already has.
 */
export function checkHistory(files: readonly MigrationFile[], history: readonly AppliedMigration[], allowEdited: boolean): void {
  checkApplied(files, history, allowEdited);
  checkOrder(files, history);
}

/** Every applied migration's file is there, unchanged (all `down` needs). */
export function checkApplied(files: readonly MigrationFile[], history: readonly AppliedMigration[], allowEdited: boolean): void {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of history) {
    const file = byName.get(row.name);
    if (file === undefined) {
      throw new UsageError('MIGRATION_INVALID', `migration ${row.name} is applied to this database but its file is missing: restore it (migrations are replayed from every file)`);
    }
    if (!allowEdited && row.operationsDone === null && file.checksum !== row.checksum) {
      throw new UsageError(
        'MIGRATION_INVALID',
        `migration ${row.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)} then, ${file.checksum.slice(0, 12)} now): put the change in a new migration, or restore the file`,
      );
    }
  }
}

function checkOrder(files: readonly MigrationFile[], history: readonly AppliedMigration[]): void {
  const complete = history.filter((r) => r.operationsDone === null).map((r) => r.name);
  const last = complete[complete.length - 1];
  const applied = new Set(complete);
  const early = files.find((f) => last !== undefined && f.name < last && !applied.has(f.name));
  if (early !== undefined) {
    throw new UsageError('MIGRATION_INVALID', `migration ${early.name} is not applied but sorts before ${last}, which is: rename it to sort after the applied migrations`);
  }
}

/** states[i]: the state before files[i] (states[files.length]: after them all). */
export function statesBefore(files: readonly MigrationFile[]): SchemaState[] {
  const states = [EMPTY_STATE];
  for (const file of files) {
    states.push(file.operations.reduce((s, op, i) => replayed(s, op, file.name, i), states[states.length - 1]!));
  }
  return states;
}

/** The state after the first `count` operations of a migration. */
export function stateAfter(before: SchemaState, operations: readonly Operation[], count: number, name: string): SchemaState {
  return operations.slice(0, count).reduce((s, op, i) => replayed(s, op, name, i), before);
}

/** Operations `from` onwards, each compiled against the state just before it. */
export function compileOperations(ctx: RunContext, name: string, operations: readonly Operation[], before: SchemaState, from = 0): CompiledOperation[] {
  let state = stateAfter(before, operations, from, name);
  const out: CompiledOperation[] = [];
  operations.forEach((op, index) => {
    if (index < from) return;
    const where = `migration ${name}, operation ${index + 1} (${op.op})`;
    try {
      out.push({
        index,
        statements: compileOperation(op, state, ctx.ddl, ctx.name),
        foreignKeysOff: needsForeignKeysOff(op, state, ctx.ddl),
        ...(op.op === 'runJs' ? { js: op.up } : {}),
      });
    } catch (error) {
      throw located(error, where);
    }
    state = applyOperation(state, op);
  });
  return out;
}

function replayed(state: SchemaState, op: Operation, name: string, index: number): SchemaState {
  try {
    return applyOperation(state, op);
  } catch (error) {
    throw located(error, `migration ${name}, operation ${index + 1} (${op.op})`);
  }
}

function located(error: unknown, where: string): unknown {
  if (error instanceof UsageError) return new UsageError(error.code, `${where}: ${error.message}`, { cause: error });
  return error;
}

/**
 * Whether a migration runs in one transaction: where DDL is transactional, unless the file says
 * `atomic: false` on a database whose lock outlives transactions (PostgreSQL's session lock; on
 * SQLite the transaction is the lock, so it stays atomic).
 */
export function runsInTransaction(ctx: RunContext, file: MigrationFile): boolean {
  return ctx.adapter.capabilities.transactionalDdl && (file.atomic !== false || ctx.adapter.migrationLock === undefined);
}

/** What dry runs show for an operation: its statements, or a line saying JS runs there. */
export function shownStatements(op: CompiledOperation): string[] {
  return op.js !== undefined ? [`-- runJs${op.js.name ? ` ${op.js.name}` : ''}: runs in JS`] : [...op.statements];
}
