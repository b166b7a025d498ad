/**
 * `oxen migrate make` without the command: the models' state against the state the migration files
 * replay to, the rename questions settled (by `--rename`, `--yes` or a prompt the caller supplies), and
 * the file written. No database is involved: the migrations are the record of the schema.
 */
import { relative } from 'node:path';
import { UsageError } from '../../ground/errors.js';
import type { SchemaState } from '../../dialect/schema-state.js';
import { loadModels, type ModelsSource } from '../../config/load-models.js';
import { schemaFromModels } from '../schema-from-models.js';
import { detectChanges, type RenameAnswer, type RenameQuestion } from './detect-changes.js';
import { loadMigrationFiles, replayMigrations } from './migration-files.js';
import { writeMigrationFile, type WrittenMigration } from './migration-writer.js';
import { withUndeclarable } from './models-cannot-declare.js';
import type { Operation } from './operation.js';

/** Both sides of the comparison. */
export interface MakeInputs {
  /** The state the existing migration files replay to. */
  readonly from: SchemaState;
  /** The models' state, with what models cannot declare kept as `from` has it (models-cannot-declare.ts). */
  readonly to: SchemaState;
  /** How many migration files there are. */
  readonly migrations: number;
}

export async function loadMakeInputs(dir: string, models: ModelsSource): Promise<MakeInputs> {
  // The files first: a broken migration is the thing to fix before any model change is worth diffing.
  const files = await loadMigrationFiles(dir);
  const from = replayMigrations(files);
  const to = withUndeclarable(from, schemaFromModels(await loadModels(models)));
  return { from, to, migrations: files.length };
}

export interface SettleOptions {
  /** Answers given up front (`--rename`): each must settle a question, or it is a typo. */
  readonly renames?: readonly RenameAnswer[];
  /** `--yes`: every question left is answered no (drop + add). */
  readonly yes?: boolean;
  /** Asks the user one question (a terminal prompt); without it an unanswered question is an error. */
  readonly ask?: (question: RenameQuestion) => Promise<boolean>;
}

/**
 * The operations, once every rename question has an answer. Answering a table rename can raise column
 * questions on that table (its columns now compare with the model's), so it asks until none are left.
 */
export async function settleChanges(inputs: MakeInputs, options: SettleOptions = {}): Promise<Operation[]> {
  const given = options.renames ?? [];
  const answers: RenameAnswer[] = [...given];
  for (;;) {
    const { operations, questions } = detectChanges(inputs.from, inputs.to, { renames: answers });
    if (questions.length === 0) {
      checkRenamesUsed(given, operations);
      return operations;
    }
    for (const q of questions) {
      if (options.yes) answers.push({ ...q, rename: false });
      else if (options.ask) answers.push({ ...q, rename: await options.ask(q) });
      else {
        // A mistyped --rename is the likelier cause of the question: say that first. (A column answer on a
        // table still in question may only apply once that is answered, so it is not judged yet.)
        checkRenamesUsed(given.filter((a) => !questions.some((t) => t.kind === 'table' && t.to === a.table)), operations);
        throw unanswered(q, questions.length);
      }
    }
  }
}

/** The changes as they stand, questions counted as drop + add: what `--check` reports. */
export function pendingChanges(inputs: MakeInputs, renames: readonly RenameAnswer[] = []): { operations: Operation[]; questions: RenameQuestion[] } {
  return detectChanges(inputs.from, inputs.to, { renames });
}

export function writeMigration(dir: string, name: string | undefined, operations: readonly Operation[], options: { empty?: boolean; now?: Date } = {}): Promise<WrittenMigration> {
  return writeMigrationFile(dir, name ?? '', operations, options);
}

/** `users.name → full_name` / `table users → people`: a question as one phrase. */
export function questionText(q: RenameQuestion): string {
  return q.kind === 'table' ? `table ${q.from} → ${q.to}` : `column ${q.table}.${q.from} → ${q.to}`;
}

/** The `--rename` value that answers it yes. */
export function renameFlag(q: RenameQuestion): string {
  return q.kind === 'table' ? `${q.from}:${q.to}` : `${q.table}.${q.from}:${q.to}`;
}

function unanswered(q: RenameQuestion, count: number): UsageError {
  const more = count > 1 ? ` (and ${count - 1} more question${count > 2 ? 's' : ''})` : '';
  return new UsageError(
    'USAGE',
    `was ${questionText(q)} a rename?${more} Not on a terminal, so nothing asks: pass --rename ${renameFlag(q)} to rename it, or --yes to drop and add`,
  );
}

/**
 * `--rename` values, as answers: `table.old:new` renames a column of `table` (the table as the models
 * name it), `old:new` renames a table.
 */
export function parseRenameFlags(values: readonly string[]): RenameAnswer[] {
  return values.map((value) => {
    const m = /^(?:([^.:\s]+)\.)?([^.:\s]+):([^.:\s]+)$/.exec(value.trim());
    if (!m) throw new UsageError('USAGE', `--rename ${value}: write table.old_column:new_column for a column, or old_table:new_table for a table`);
    const [, table, from, to] = m as unknown as [string, string | undefined, string, string];
    return table === undefined ? { kind: 'table', table: to, from, to, rename: true } : { kind: 'column', table, from, to, rename: true };
  });
}

/** A `--rename` that renamed nothing is a typo or a stale flag: better said than silently dropped and added. */
function checkRenamesUsed(given: readonly RenameAnswer[], operations: readonly Operation[]): void {
  for (const a of given) {
    const used = operations.some((op) =>
      a.kind === 'table'
        ? op.op === 'renameTable' && op.from === a.from && op.to === a.to
        : op.op === 'renameColumn' && op.table === a.table && op.from === a.from && op.to === a.to,
    );
    if (!used) {
      const what = a.kind === 'table' ? `no table ${a.from} disappeared while a table ${a.to} with the same columns appeared` : `no column ${a.table}.${a.from} disappeared while ${a.table}.${a.to} of the same type appeared`;
      throw new UsageError('USAGE', `--rename ${renameFlag(a)}: ${what}, so there is nothing to rename`);
    }
  }
}

/** A path as the user would type it from where they are. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}
