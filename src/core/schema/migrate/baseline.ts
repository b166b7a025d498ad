/**
 * `migrate baseline NAME`: a database that already has the schema (made by `createTables`, another
 * tool, or by hand) is recorded as migrated up to NAME, so `up` starts after it. Nothing but history
 * rows is written: one per file up to NAME, with its checksum (so a later edit still shows), a zero
 * duration, and the Oxen version.
 *
 * Refused, before anything is written, when the history already disagrees with "everything up to
 * NAME is applied": a migration after NAME is applied (baselining below it would hide it: use
 * `down`), a part-applied row (finish it with `up` first), or a row whose file is missing or was
 * edited. Rows already there for files up to NAME are kept as they are (a baseline run twice, or
 * moved forward, records only what is new). The rows are written in one transaction under the run's
 * lock, so a concurrent `up` sees all of them or none.
 */
import { oxenVersion } from '../../bench/environment.js';
import { UsageError } from '../../ground/errors.js';
import { readHistory, recordApplied } from './history.js';
import type { AppliedMigration } from './migration.js';
import { beginWriteLocked } from './migration-lock.js';
import { checkApplied, sortedFiles } from './run-plan.js';
import { lockWait, runContext, withRunConnection, type RunOptions } from './run-session.js';

export interface BaselineOptions extends Omit<RunOptions, 'dryRun' | 'allowEdited'> {
  /** The last migration the database already has. */
  readonly name: string;
}

export interface BaselineResult {
  /** The migrations recorded as applied by this run, in order. */
  readonly recorded: readonly string[];
  /** Those up to NAME that the history already had. */
  readonly alreadyApplied: readonly string[];
}

export async function baselineMigrations(options: BaselineOptions): Promise<BaselineResult> {
  const ctx = runContext(options.dialect);
  const files = sortedFiles(options.files);
  const end = files.findIndex((f) => f.name === options.name) + 1;
  if (end === 0) {
    throw new UsageError('USAGE', `no migration named ${options.name} (${files.length === 0 ? 'there are none' : `the last is ${files[files.length - 1]!.name}`})`);
  }
  const upTo = files.slice(0, end);

  return withRunConnection(options, ctx, async (conn, h) => {
    const exec = (sql: string) => conn.execute({ sql, params: [] });
    // SQLite's lock is its write transaction's; the others hold the session lock already.
    const writeLock = ctx.adapter.migrationWriteLock;
    if (writeLock) await beginWriteLocked(conn, writeLock, lockWait(options));
    else await exec(ctx.adapter.transactions.begin);
    try {
      const history = await readHistory(h);
      checkApplied(files, history, false);
      refuseUnless(history, upTo.map((f) => f.name), options.name);
      const have = new Set(history.map((r) => r.name));
      const recorded: string[] = [];
      for (const file of upTo) {
        if (have.has(file.name)) continue;
        const row: AppliedMigration = { name: file.name, checksum: file.checksum, appliedAt: new Date(), durationMs: 0, oxenVersion: oxenVersion(), operationsDone: null };
        await recordApplied(h, row, false);
        recorded.push(file.name);
      }
      await exec(ctx.adapter.transactions.commit);
      return { recorded, alreadyApplied: upTo.filter((f) => have.has(f.name)).map((f) => f.name) };
    } catch (error) {
      await exec(ctx.adapter.transactions.rollback).catch(() => {});
      throw error;
    }
  });
}

function refuseUnless(history: readonly AppliedMigration[], upTo: readonly string[], name: string): void {
  const within = new Set(upTo);
  const beyond = history.filter((r) => !within.has(r.name));
  if (beyond.length > 0) {
    throw new UsageError(
      'USAGE',
      `cannot baseline at ${name}: ${beyond.map((r) => r.name).join(', ')} ${beyond.length === 1 ? 'is' : 'are'} applied already and come${beyond.length === 1 ? 's' : ''} after it; nothing was recorded (migrate down first, or baseline at a later migration)`,
    );
  }
  const partial = history.find((r) => r.operationsDone !== null);
  if (partial !== undefined) {
    throw new UsageError('USAGE', `cannot baseline: ${partial.name} is part-applied (${partial.operationsDone} operation(s) done); run \`oxen migrate up\` to finish it first; nothing was recorded`);
  }
}
