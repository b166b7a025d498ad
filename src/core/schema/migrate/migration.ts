/**
 * A migration as a file holds it, and as the runner sees it. A file `migrations/NNNN_name.ts` exports
 * a `MigrationDefinition` by default; its name is the file name without the extension, and its
 * checksum the SHA-256 of the file's bytes, recorded when applied so an edit afterwards shows.
 */
import type { Operation } from './operation.js';

export interface MigrationDefinition {
  readonly operations: readonly Operation[];
}

export interface MigrationFile {
  /** `0002_add_age`: the file name without its extension; migrations run in name order. */
  readonly name: string;
  readonly path: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  readonly checksum: string;
  readonly operations: readonly Operation[];
}

/** One row of the history table: a migration applied (or, on MySQL, part-applied) to this database. */
export interface AppliedMigration {
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: Date;
  readonly durationMs: number;
  readonly oxenVersion: string;
  /**
   * MySQL commits each DDL statement at once, so a migration that failed half-way is recorded with
   * the number of its operations that completed; null once all did.
   */
  readonly operationsDone: number | null;
}
