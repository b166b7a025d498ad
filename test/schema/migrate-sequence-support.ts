/**
 * The issue's change sequence as real models (tables `mseq_*`), one list of models per version, and
 * `migrate make` done as the command does it in core: the migration files replayed, diffed against the
 * models' state, the rename questions answered, the file written and loaded back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoField, BigIntField, CharField, ForeignKey, IntField, model } from '../../src/index.js';
import type { AnyField } from '../../src/core/model/field.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import type { Executor } from '../../src/core/executor/executor.js';
import type { SqlValue } from '../../src/core/ground/values.js';
import type { Dialect } from '../../src/core/dialect/dialect.js';
import type { HasMeta } from '../../src/core/schema/schema-from-models.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { pendingChanges, settleChanges, type MakeInputs } from '../../src/core/schema/migrate/make-migration.js';
import { loadMigrationFiles, replayMigrations } from '../../src/core/schema/migrate/migration-files.js';
import { writeMigrationFile } from '../../src/core/schema/migrate/migration-writer.js';
import type { MigrationFile } from '../../src/core/schema/migrate/migration.js';
import type { RenameAnswer, RenameQuestion } from '../../src/core/schema/migrate/detect-changes.js';

export const HISTORY = 'mseq_history';
/** Every table the sequence ever has (inspect refuses a table that is not there: read only those present). */
export const TABLES = ['mseq_author', 'mseq_writer', 'mseq_book'];

/** The version at which each edit of the sequence is made. */
export const STEP = { addModel: 1, addDefault: 2, renameField: 3, changeType: 4, addIndex: 5, addModelWithFk: 6, addFk: 7, removeField: 8, renameModel: 9 } as const;
/** What each version changes; index = version. */
export const EDITS = ['empty', ...Object.keys(STEP)];
export const LAST = EDITS.length - 1;

/**
 * The models at version `v` (0 … LAST). The author model's fields keep their place across edits, so a
 * renamed column stays where it was and an added one goes last, as in the database.
 */
export function modelsAt(v: number): HasMeta[] {
  if (v === 0) return [];
  const fields: Record<string, AnyField> = { id: AutoField() };
  if (v >= STEP.renameField) fields.fullName = CharField({ maxLength: v >= STEP.changeType ? 200 : 50 });
  else fields.name = CharField({ maxLength: 50 });
  if (v < STEP.removeField) fields.age = v >= STEP.changeType ? BigIntField({ null: true, dbIndex: v >= STEP.addIndex }) : IntField({ null: true });
  if (v >= STEP.addDefault) fields.country = CharField({ maxLength: 2, default: 'NO' });
  // A foreign key added to a table with rows; to its own table, so the rename of the model renames its target too.
  if (v >= STEP.addFk) fields.mentor = ForeignKey((): AnyModel => Author, { onDelete: 'SET NULL', null: true });
  const Author: AnyModel = model(v >= STEP.renameModel ? 'MseqWriter' : 'MseqAuthor', fields, {
    indexes: v >= STEP.addIndex ? [['country', 'fullName']] : [],
  });
  if (v < STEP.addModelWithFk) return [Author];
  const Book = model('MseqBook', {
    id: AutoField(),
    author: ForeignKey(() => Author, { onDelete: 'CASCADE' }),
    title: CharField({ maxLength: 100 }),
  });
  return [Author, Book];
}

/** The answers `--rename` gives at the steps that rename something. */
export const RENAMES: Record<number, RenameAnswer[]> = {
  [STEP.renameField]: [{ kind: 'column', table: 'mseq_author', from: 'name', to: 'full_name', rename: true }],
  [STEP.renameModel]: [{ kind: 'table', table: 'mseq_writer', from: 'mseq_author', to: 'mseq_writer', rename: true }],
};

/** Past 2^31, so the int → bigint change is shown to hold what an int could not. */
export const BIG = 3_000_000_000;

/**
 * The author rows (ids 1, 2, …), each written by plain SQL once step `writtenAt` is applied, with the
 * columns that step has. Ann is written before the country column exists, Eve and Flo without it, so
 * they get its default ('NO'); the fourth row only fits the types of the change of type (a name
 * longer than char(50), an age past int); Flo is written after `age` is gone.
 */
export const AUTHORS = [
  { writtenAt: STEP.addModel, name: 'Ann', age: 41, country: 'NO', mentor: null },
  { writtenAt: STEP.addDefault, name: 'Bo', age: null, country: 'SE', mentor: null },
  { writtenAt: STEP.renameField, name: 'Cy', age: 7, country: 'DK', mentor: null },
  { writtenAt: STEP.changeType, name: `D${'a'.repeat(150)}`, age: BIG, country: 'FI', mentor: null },
  { writtenAt: STEP.addFk, name: 'Eve', age: 30, country: 'NO', mentor: 1 },
  { writtenAt: STEP.renameModel, name: 'Flo', age: null, country: 'NO', mentor: 5 },
] as const;

/** The book rows (ids 1, 2, …), each written once step `writtenAt` is applied. */
export const BOOKS = [
  { writtenAt: STEP.addModelWithFk, authorId: 1, title: 'First' },
  { writtenAt: STEP.renameModel, authorId: 6, title: 'Second' },
] as const;

export function migrationsDir(): string {
  return mkdtempSync(join(tmpdir(), 'oxen-mseq-'));
}

/**
 * `oxen migrate make step_N --rename …` into `dir`: loadMakeInputs with the models given in-process
 * rather than loaded from a module (the same replay of the files, the same schemaFromModels), then
 * the same settling and writer. Returns the models' state, the files loaded back from disk, and the
 * rename questions the change raised before any answer.
 */
export async function make(dir: string, v: number): Promise<{ target: SchemaState; files: MigrationFile[]; operations: number; questions: RenameQuestion[] }> {
  const existing = await loadMigrationFiles(dir);
  const inputs: MakeInputs = { from: replayMigrations(existing), to: schemaFromModels(modelsAt(v)), migrations: existing.length };
  const { questions } = pendingChanges(inputs);
  const operations = await settleChanges(inputs, { renames: RENAMES[v] ?? [] });
  await writeMigrationFile(dir, `step_${v}`, operations);
  return { target: inputs.to, files: await loadMigrationFiles(dir), operations: operations.length, questions };
}

export async function insert(executor: Executor, dialect: Dialect, table: string, row: Record<string, SqlValue>): Promise<void> {
  const cols = Object.keys(row);
  const q = (n: string) => dialect.quoteIdent(n);
  const sql = `INSERT INTO ${q(table)} (${cols.map(q).join(', ')}) VALUES (${cols.map((_, i) => dialect.placeholder(i)).join(', ')})`;
  await executor.execute({ sql, params: Object.values(row) });
}

/** Columns of every row by id, read by plain SQL; whole numbers as numbers (drivers give bigint as a string or bigint). */
export async function select(executor: Executor, dialect: Dialect, table: string, columns: readonly string[]): Promise<unknown[][]> {
  const q = (n: string) => dialect.quoteIdent(n);
  const result = await executor.query({ sql: `SELECT ${columns.map(q).join(', ')} FROM ${q(table)} ORDER BY ${q('id')}`, params: [] });
  return result.rows.map((r) =>
    r.map((v) => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v)),
  );
}
