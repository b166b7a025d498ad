/**
 * `migrate down`: the applied migrations reverted newest first, each by the reverse of its operations
 * (reverse-operation.ts) computed against the state replayed from the files before it, its history
 * row deleted with it (in its transaction on PostgreSQL and SQLite).
 *
 * Everything is decided before anything runs:
 *  - an operation with no reverse (runSql/runJs without `down`) stops the run, naming it;
 *  - a reverse that cannot bring data back (recreating a table or column the migration dropped: it
 *    comes back empty) stops the run, listing what, unless `acceptDataLoss`: the schema would be
 *    back but not what was in it, which a user should agree to knowingly;
 *  - a part-applied migration (MySQL) reverts only the operations its row says are done.
 * On MySQL each reverse operation is recorded as it commits (operations_done counts down), so a
 * failure leaves a row `up` resumes from, or `down` continues from.
 */
import type { SchemaState } from '../../dialect/schema-state.js';
import { UsageError } from '../../ground/errors.js';
import { deleteHistory, readHistory, recordApplied } from './history.js';
import { describeOperations } from './describe-operation.js';
import type { AppliedMigration, MigrationFile } from './migration.js';
import type { Operation } from './operation.js';
import { reverseOperations } from './reverse-operation.js';
import { runInTransaction, runStepwise } from './run-apply.js';
import type { MigrateResult, MigrationRun } from './run-migrations.js';
import { compileOperations, runsInTransaction, sortedFiles, stateAfter, statesBefore, shownStatements, type CompiledOperation, checkApplied } from './run-plan.js';
import { lockWait, peekHistory, runContext, sameHistory, withRunConnection, historyOn, type RunOptions } from './run-session.js';

export interface MigrateDownOptions extends RunOptions {
  /** Revert the migrations applied after this one (it stays applied). */
  readonly to?: string;
  /** How many migrations to revert, newest first (default 1; Infinity: all). Not with `to`. */
  readonly steps?: number;
  /** Revert even where the reverse cannot bring data back (see above). */
  readonly acceptDataLoss?: boolean;
}

interface Reverting {
  readonly row: AppliedMigration;
  readonly file: MigrationFile;
  /** How many of its operations are applied: its reverse covers those. */
  readonly done: number;
  readonly ops: readonly CompiledOperation[];
  /** The reverse operations, and the plan's lines describing them. */
  readonly operations: readonly Operation[];
  readonly lines: readonly string[];
}

export async function migrateDown(options: MigrateDownOptions): Promise<MigrateResult> {
  if (options.to !== undefined && options.steps !== undefined) throw new UsageError('USAGE', 'give --to or --steps, not both');
  const ctx = runContext(options.dialect);
  const files = sortedFiles(options.files);
  // Replayed once the files are checked against the history, so a missing file is said as such.
  let replayed: SchemaState[] | undefined;
  const before = (index: number): SchemaState => (replayed ??= statesBefore(files))[index]!;

  const plan = (history: readonly AppliedMigration[]): Reverting[] => {
    checkApplied(files, history, options.allowEdited === true);
    const targets = targetsOf(history, options);
    const irreversible: string[] = [];
    const losesData: string[] = [];
    const out: Reverting[] = [];
    for (const row of targets) {
      const index = files.findIndex((f) => f.name === row.name);
      const file = files[index]!;
      const done = row.operationsDone ?? file.operations.length;
      const reversal = reverseOperations(file.operations.slice(0, done), before(index));
      if ('irreversible' in reversal) {
        irreversible.push(...reversal.irreversible.map((why) => `${row.name} ${why}`));
        continue;
      }
      losesData.push(...reversal.losesData.map((what) => `${row.name}: ${what}`));
      const from = stateAfter(before(index), file.operations, done, file.name);
      out.push({
        row,
        file,
        done,
        ops: compileOperations(ctx, `${row.name} (down)`, reversal.operations, from),
        operations: reversal.operations,
        lines: describeOperations(reversal.operations, from),
      });
    }
    if (irreversible.length > 0) throw new UsageError('MIGRATION_INVALID', `cannot migrate down: nothing was run.\n  ${irreversible.join('\n  ')}`);
    if (losesData.length > 0 && options.acceptDataLoss !== true) {
      throw new UsageError('MIGRATION_INVALID', `migrating down cannot bring back ${losesData.join('; ')} (recreated empty); nothing was run. Accept it with --accept-data-loss`);
    }
    return out;
  };

  if (options.dryRun === true) {
    const reverting = plan(await peekHistory(historyOn(options.executor, options), ctx));
    return { dryRun: true, migrations: reverting.map((r) => ({ name: r.row.name, resumedAt: 0, durationMs: 0, statements: r.ops.flatMap(shownStatements) })) };
  }

  return withRunConnection(options, ctx, async (conn, h) => {
    const history = await readHistory(h);
    const reverting = plan(history);
    options.onProgress?.({ kind: 'plan', direction: 'down', migrations: reverting.map((r) => ({ name: r.row.name, lines: r.lines, from: 0 })) });
    const done: MigrationRun[] = [];
    for (const r of reverting) {
      options.onProgress?.({ kind: 'migration', direction: 'down', name: r.row.name, operations: r.ops.length });
      const start = performance.now();
      const onOperation = (op: CompiledOperation) => options.onProgress?.({ kind: 'operation', name: r.row.name, index: op.index, op: r.operations[op.index]!.op });
      if (runsInTransaction(ctx, r.file)) {
        const ran = await runInTransaction(conn, ctx, lockWait(options), r.row.name, r.ops, {
          // SQLite: the history read above was outside any lock; another run may have changed it since.
          ...(ctx.adapter.migrationWriteLock ? { recheck: async () => sameHistory(await readHistory(h), done.length === 0 ? history : withoutReverted(history, done)) } : {}),
          finish: () => deleteHistory(h, r.row.name),
          onOperation,
        });
        if (!ran) throw new UsageError('USAGE', 'another `oxen migrate` changed the migration history while this one waited; run it again');
      } else {
        let left = r.done;
        await runStepwise(conn, ctx, r.row.name, r.ops, {
          afterEach: async () => {
            left -= 1;
            if (left > 0) await recordApplied(h, { ...r.row, operationsDone: left }, true);
          },
          finish: () => deleteHistory(h, r.row.name),
          onOperation,
          leftAfterFailure: () => `its history row says ${left} operation(s) remain applied: \`up\` re-applies the rest, \`down\` continues`,
        });
      }
      const durationMs = performance.now() - start;
      options.onProgress?.({ kind: 'done', name: r.row.name, durationMs });
      done.push({ name: r.row.name, resumedAt: 0, durationMs, statements: r.ops.flatMap(shownStatements) });
    }
    return { migrations: done, dryRun: false };
  });
}

/** The applied rows to revert, newest first. */
function targetsOf(history: readonly AppliedMigration[], options: MigrateDownOptions): AppliedMigration[] {
  const newestFirst = [...history].reverse();
  if (options.to !== undefined) {
    const at = newestFirst.findIndex((r) => r.name === options.to);
    if (at === -1) throw new UsageError('USAGE', `--to ${options.to}: that migration is not applied to this database`);
    return newestFirst.slice(0, at);
  }
  const steps = options.steps ?? 1;
  if (!(steps >= 0)) throw new UsageError('USAGE', `--steps ${steps}: give a number of migrations, 0 or more`);
  return newestFirst.slice(0, steps);
}

function withoutReverted(history: readonly AppliedMigration[], reverted: readonly MigrationRun[]): AppliedMigration[] {
  const names = new Set(reverted.map((r) => r.name));
  return history.filter((r) => !names.has(r.name));
}
