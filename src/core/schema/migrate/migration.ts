/**
 * A migration as a file holds it, and as the runner sees it. A file `migrations/NNNN_name.ts` exports
 * a `MigrationDefinition` by default; its name is the file name without the extension, and its
 * checksum the SHA-256 of the file's bytes, recorded when applied so an edit afterwards shows.
 */
import type { LintRuleId } from './lint-rules.js';
import type { Operation } from './operation.js';

export interface MigrationDefinition {
  readonly operations: readonly Operation[];
  /**
   * false: on PostgreSQL, run the operations one by one outside a transaction, recording progress per
   * operation as on MySQL — for statements a transaction refuses (`CREATE INDEX CONCURRENTLY`). A
   * failure half-way leaves the migration part-applied; `up` resumes it. Elsewhere it changes nothing:
   * MySQL always runs that way, and SQLite's lock is its transaction. Default true.
   */
  readonly atomic?: boolean;
  /**
   * The `oxen migrate lint` rules whose findings in this migration are meant (a column dropped on
   * purpose): reported as allowed, not as warnings, so `lint --check` passes in CI.
   */
  readonly allowLint?: readonly LintRuleId[];
}

export interface MigrationFile {
  /** `0002_add_age`: the file name without its extension; migrations run in name order. */
  readonly name: string;
  readonly path: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  readonly checksum: string;
  readonly operations: readonly Operation[];
  /** false when the file says so (see MigrationDefinition.atomic). */
  readonly atomic?: boolean;
  /** See MigrationDefinition.allowLint. */
  readonly allowLint?: readonly LintRuleId[];
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
