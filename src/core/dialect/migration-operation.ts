/**
 * Migration operations: plain data, as a migration file holds them (Django's operations, without
 * classes). A migration's effect on the schema state is replayed from them (apply-operation.ts), so no
 * database is needed to know the state after any migration; each database's DDL for them is compiled
 * at apply time against the state before the operation (which is also where `down` comes from).
 *
 * Names are table and column names as the database has them, never model or attribute names.
 *
 * They live in the dialect layer because each database's DDL compiler takes them (DESIGN §7: dialect/
 * cannot import schema/); `schema/migrate/operation.ts` re-exports them for the services.
 */
import type { Queryable } from '../executor/executor.js';
import type { DialectName } from '../ground/values.js';
import type { CheckState, ColumnState, ForeignKeyState, IndexState, TableState, UniqueState } from './schema-state.js';

export type Operation =
  | { readonly op: 'createTable'; readonly table: TableState }
  | { readonly op: 'dropTable'; readonly table: string }
  | { readonly op: 'renameTable'; readonly from: string; readonly to: string }
  | { readonly op: 'addColumn'; readonly table: string; readonly column: ColumnState }
  | { readonly op: 'dropColumn'; readonly table: string; readonly column: string }
  /** The column as it becomes: type, nullability, default, generated (its name stays). */
  | { readonly op: 'alterColumn'; readonly table: string; readonly column: ColumnState }
  | { readonly op: 'renameColumn'; readonly table: string; readonly from: string; readonly to: string }
  | { readonly op: 'addIndex'; readonly table: string; readonly index: IndexState }
  | { readonly op: 'dropIndex'; readonly table: string; readonly name: string }
  | { readonly op: 'addUnique'; readonly table: string; readonly unique: UniqueState }
  | { readonly op: 'dropUnique'; readonly table: string; readonly name: string }
  | { readonly op: 'addForeignKey'; readonly table: string; readonly foreignKey: ForeignKeyState }
  | { readonly op: 'dropForeignKey'; readonly table: string; readonly name: string }
  | { readonly op: 'addCheck'; readonly table: string; readonly check: CheckState }
  | { readonly op: 'dropCheck'; readonly table: string; readonly name: string }
  /**
   * SQL the state knows nothing of (data fixes, triggers), per dialect; a dialect left out has nothing
   * to run. `down` the same way; without it the operation cannot be reversed.
   */
  | { readonly op: 'runSql'; readonly sql: SqlByDialect; readonly down?: SqlByDialect }
  /** A data migration in JS (the migration file's own functions); without `down` it cannot be reversed. */
  | { readonly op: 'runJs'; readonly up: MigrationJs; readonly down?: MigrationJs };

/** What a `runJs` function gets: the connection the migration runs on (inside its transaction where there is one). */
export type MigrationJs = (context: { readonly db: Queryable; readonly dialect: DialectName }) => Promise<void> | void;

export type SqlByDialect = Readonly<Partial<Record<DialectName, string | readonly string[]>>>;

export type OperationKind = Operation['op'];

/** An operation on one existing table: what a DDL compiler's `alterTable` takes (SQLite rebuilds the table for it). */
export type TableOperation = Exclude<Operation, { op: 'createTable' | 'dropTable' | 'renameTable' | 'runSql' | 'runJs' }>;
