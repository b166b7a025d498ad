/**
 * `migrate()`: what an application calls at start-up to bring its database up to its migration files
 * (the programmatic `oxen migrate up`). It runs on a database `connect()` configured, under the same
 * lock as the command, so several instances of a service starting at once apply each migration once:
 * the others wait for the lock and find nothing pending.
 *
 * It only ever applies: rolling back is a deliberate act (`oxen migrate down`, or `rollbackMigrations`),
 * never the side effect of a start-up with an older build.
 */
import { isAbsolute, resolve } from 'node:path';
import { getDatabase } from '../../database/registry.js';
import { loadMigrationFiles } from './migration-files.js';
import { DEFAULT_MIGRATIONS_DIR } from './migration-target.js';
import { migrationStatus, type MigrationStatus } from './migration-status.js';
import { migrateDown } from './run-down.js';
import { migrateUp, type MigrateResult } from './run-migrations.js';
import type { MigrateProgress } from './run-session.js';

export interface MigrateOptions {
  /** The folder of migration files; relative to the working directory. Default `./migrations`. */
  readonly dir?: string;
  /** Which database of `connect()`'s config. Default `default`. */
  readonly using?: string;
  /** Stop after this migration (e.g. `0003_add_index`); default: apply all pending. */
  readonly to?: string;
  /** Seconds to wait for another run's lock (another instance migrating). Default 60. */
  readonly lockTimeoutS?: number;
  /** Default `oxen_migrations`. */
  readonly historyTable?: string;
  /** Return the SQL that would run; run nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: (event: MigrateProgress) => void;
}

/** Applies the pending migrations (up to `to`), in order; resolves with what ran. */
export async function migrate(options: MigrateOptions = {}): Promise<MigrateResult> {
  const db = getDatabase(options.using);
  return migrateUp({
    ...runOptions(db, options),
    files: await loadMigrationFiles(migrationsFolder(options.dir)),
    ...(options.to !== undefined ? { to: options.to } : {}),
  });
}

export interface RollbackOptions extends Omit<MigrateOptions, 'to'> {
  /** Revert the migrations applied after this one (it stays applied). */
  readonly to?: string;
  /** How many to revert, newest first. Default 1. Not with `to`. */
  readonly steps?: number;
  /** Revert even where the reverse cannot bring data back (a dropped column comes back empty). */
  readonly acceptDataLoss?: boolean;
}

/** Reverts applied migrations (the programmatic `oxen migrate down`). */
export async function rollbackMigrations(options: RollbackOptions = {}): Promise<MigrateResult> {
  const db = getDatabase(options.using);
  return migrateDown({
    ...runOptions(db, options),
    files: await loadMigrationFiles(migrationsFolder(options.dir)),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.steps !== undefined ? { steps: options.steps } : {}),
    ...(options.acceptDataLoss !== undefined ? { acceptDataLoss: options.acceptDataLoss } : {}),
  });
}

/** Applied, pending, edited and part-applied migrations, and drift (a health check can fail on `problems`). */
export async function migrationsStatus(options: Pick<MigrateOptions, 'dir' | 'using' | 'historyTable'> & { skipDrift?: boolean } = {}): Promise<MigrationStatus> {
  const db = getDatabase(options.using);
  return migrationStatus({
    executor: db.executor,
    dialect: db.dialect,
    files: await loadMigrationFiles(migrationsFolder(options.dir)),
    ...(options.historyTable !== undefined ? { historyTable: options.historyTable } : {}),
    ...(options.skipDrift !== undefined ? { skipDrift: options.skipDrift } : {}),
  });
}

function migrationsFolder(dir: string | undefined): string {
  const folder = dir ?? DEFAULT_MIGRATIONS_DIR;
  return isAbsolute(folder) ? folder : resolve(process.cwd(), folder);
}

function runOptions(db: ReturnType<typeof getDatabase>, options: MigrateOptions) {
  return {
    executor: db.executor,
    dialect: db.dialect,
    url: db.redactedUrl,
    ...(options.lockTimeoutS !== undefined ? { lockTimeoutS: options.lockTimeoutS } : {}),
    ...(options.historyTable !== undefined ? { historyTable: options.historyTable } : {}),
    ...(options.dryRun !== undefined ? { dryRun: options.dryRun } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  };
}
