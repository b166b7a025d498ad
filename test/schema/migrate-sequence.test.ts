/**
 * The acceptance sequence, end to end on each database and executor: nine model edits (add a
 * model, a field with a default, rename a field, change types, add indexes, a model with a foreign key,
 * a foreign key on a table with rows, remove a field, rename a model); after each, `make` (a file
 * written and loaded back, the renames asked and answered) then `up`, the database read back by
 * `inspect` equal to the models' state; rows written by plain SQL between steps kept wherever their
 * column is. Then `down` one migration at a time, each time back to the previous models' state, to no
 * tables but the history table.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/core/dialect/dialect.js';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { inspectWith } from '../../src/core/schema/inspect/inspect-url.js';
import { readHistory } from '../../src/core/schema/migrate/history.js';
import { migrationStatus } from '../../src/core/schema/migrate/migration-status.js';
import type { MigrationFile } from '../../src/core/schema/migrate/migration.js';
import { migrateDown } from '../../src/core/schema/migrate/run-down.js';
import { migrateUp } from '../../src/core/schema/migrate/run-migrations.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { settleChanges } from '../../src/core/schema/migrate/make-migration.js';
import { replayMigrations } from '../../src/core/schema/migrate/migration-files.js';
import { sqliteUrl } from '../support/databases.js';
import { testTargets } from '../support/orm.js';
import { inColumnOrderOf, state } from './migrate-support.js';
import { open, tableNames } from './migrate-run-support.js';
import { AUTHORS, BOOKS, EDITS, HISTORY, insert, LAST, make, RENAMES, migrationsDir, modelsAt, select, STEP, TABLES } from './migrate-sequence-support.js';

const authorTable = (v: number) => (v >= STEP.renameModel ? 'mseq_writer' : 'mseq_author');
const nameColumn = (v: number) => (v >= STEP.renameField ? 'full_name' : 'name');

describe.each(testTargets())('the change sequence on $label', (target) => {
  // SQLite: a file of this case's own (testTargets shares one between the executors).
  const url = target.dialect === 'sqlite' ? sqliteUrl() : target.url;
  const dir = migrationsDir();
  let executor: Executor;
  let dialect: Dialect;
  let files: MigrationFile[] = [];
  const run = () => ({ executor, dialect, files, historyTable: HISTORY, url, lockTimeoutS: 30 });
  const dropAll = async () => {
    for (const t of [...TABLES].reverse().concat(HISTORY)) await executor.execute({ sql: `DROP TABLE IF EXISTS ${dialect.quoteIdent(t)}`, params: [] });
  };
  /**
   * Rows are written and read through the migrating executor, as by an application that keeps running
   * while it migrates: its pooled connections hold statements prepared before each migration (on
   * PostgreSQL with the parameter types of then: an INSERT prepared while `age` was integer must still
   * take 3,000,000,000 once the column is bigint).
   */
  const rows = (table: string, columns: readonly string[]) => select(executor, dialect, table, columns);
  const add = (table: string, row: Parameters<typeof insert>[3]) => insert(executor, dialect, table, row);

  /**
   * The sequence's tables there are, read back by inspect: the state the applied files replay to, and
   * that state the models' (whose field order may put an added column anywhere: the same schema).
   * Going up, the column order is the replay's exactly (a database appends an added column, a rename
   * keeps its place). Going down it cannot be: a column that `down` brings back is appended, while the
   * replay has it where it was (PostgreSQL cannot place a column), so there the order is left out.
   * `migrate status` counts them all applied, and on SQLite (a file of this case's own) finds no drift:
   * its drift check reads the whole database, which on the servers other suites are changing meanwhile.
   */
  async function expectDatabaseIs(models: SchemaState, applied: number, order: 'exact' | 'ignored'): Promise<void> {
    const present = await tableNames(executor);
    const tables = [];
    for (const t of TABLES.filter((x) => present.includes(x))) tables.push(...(await inspectWith(executor, target.dialect, { tables: [t] })).state.tables);
    const replayed = replayMigrations(files.slice(0, applied));
    const read = order === 'exact' ? state(...tables) : inColumnOrderOf(state(...tables), replayed);
    expect(comparableState(read, target.dialect)).toEqual(comparableState(replayed, target.dialect));
    expect(comparableState(inColumnOrderOf(replayed, models), target.dialect)).toEqual(comparableState(models, target.dialect));
    const ownFile = target.dialect === 'sqlite';
    const status = await migrationStatus({ executor, dialect, files: files.slice(0, applied), historyTable: HISTORY, skipDrift: !ownFile });
    expect(status.driftChecked).toBe(ownFile);
    expect(status.drift).toEqual([]);
    expect(status.counts).toMatchObject({ applied, pending: 0, edited: 0, partial: 0, missing: 0 });
  }

  /** Author ids deleted by the test itself (before narrowing types on the way down). */
  const deleted = new Set<number>();

  /**
   * The rows of the sequence's tables, read by plain SQL, as state `v` must hold them once `up` (or
   * `down`) reached it: every row written after steps up to `written`, ids kept, in the columns state
   * `v` has. `agesLost`: after a `down` past the removal of `age` the column is back, but empty.
   */
  async function expectRowsAt(v: number, written: number, agesLost = false): Promise<void> {
    if (v === 0) return;
    const hasAge = v < STEP.removeField;
    const hasCountry = v >= STEP.addDefault;
    const hasMentor = v >= STEP.addFk;
    const columns = ['id', nameColumn(v), ...(hasAge ? ['age'] : []), ...(hasCountry ? ['country'] : []), ...(hasMentor ? ['mentor_id'] : [])];
    const expected = AUTHORS.map((a, i) => ({ ...a, id: i + 1 }))
      .filter((a) => a.writtenAt <= written && !deleted.has(a.id))
      .map((a) => [a.id, a.name, ...(hasAge ? [agesLost ? null : a.age] : []), ...(hasCountry ? [a.country] : []), ...(hasMentor ? [a.mentor] : [])]);
    expect(await rows(authorTable(v), columns), `authors at state ${v}`).toEqual(expected);
    if (v >= STEP.addModelWithFk) expect(await rows('mseq_book', ['id', 'author_id', 'title']), `books at state ${v}`).toEqual(BOOKS.filter((b) => b.writtenAt <= written).map((b, i) => [i + 1, b.authorId, b.title]));
  }

  /**
   * Rows written once step `v` is applied, using what that step has: ids left to the database (so a
   * rebuilt or renamed table must go on counting), the country left to its default where it is 'NO'.
   */
  async function writeRowsAfter(v: number): Promise<void> {
    for (const a of AUTHORS.filter((x) => x.writtenAt === v)) {
      await add(authorTable(v), {
        [nameColumn(v)]: a.name,
        ...(v < STEP.removeField ? { age: a.age } : {}),
        ...(v >= STEP.addDefault && a.country !== 'NO' ? { country: a.country } : {}),
        ...(v >= STEP.addFk ? { mentor_id: a.mentor } : {}),
      });
    }
    for (const b of BOOKS.filter((x) => x.writtenAt === v)) await add('mseq_book', { author_id: b.authorId, title: b.title });
  }

  beforeAll(async () => {
    ({ executor, dialect } = await open(url, target.executor));
    await dropAll();
  });
  afterAll(async () => {
    try {
      await dropAll();
    } finally {
      await executor.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('make then up after each edit: the database equals the models every time, rows kept', async () => {
    for (let v = 1; v <= LAST; v++) {
      const made = await make(dir, v);
      files = made.files;
      expect(files.map((f) => f.name)).toEqual(Array.from({ length: v }, (_, i) => `${String(i + 1).padStart(4, '0')}_step_${i + 1}`));
      expect(made.operations, `step ${v} (${EDITS[v]}) made no operations`).toBeGreaterThan(0);
      // Each rename was a question (answered by `--rename`); nothing else was.
      expect(made.questions, `step ${v} (${EDITS[v]})`).toEqual((RENAMES[v] ?? []).map(({ rename: _, ...q }) => q));
      // The file as loaded back replays to the models: a second `make` would find nothing to do.
      expect(await settleChanges({ from: replayMigrations(files), to: made.target, migrations: v })).toEqual([]);
      const result = await migrateUp(run());
      expect(result.migrations.map((m) => m.name), `step ${v} (${EDITS[v]})`).toEqual([files[v - 1]!.name]);
      await expectDatabaseIs(made.target, v, 'exact');
      await expectRowsAt(v, v - 1);
      await writeRowsAfter(v);
      await expectRowsAt(v, v);
    }
    expect((await readHistory({ db: executor, dialect, table: HISTORY })).map((r) => [r.name, r.checksum, r.operationsDone])).toEqual(files.map((f) => [f.name, f.checksum, null]));
  });

  it('down one migration at a time: each time the previous models\' state, down to nothing but the history table', async () => {
    for (let v = LAST; v >= 1; v--) {
      if (v === STEP.removeField) {
        // Reverting the removal cannot bring the ages back: refused, nothing run, until accepted.
        await expect(migrateDown(run())).rejects.toThrow(new RegExp(`cannot bring back ${files[v - 1]!.name}: the values of column mseq_author\\.age`));
        await expectDatabaseIs(schemaFromModels(modelsAt(v)), v, 'exact');
      }
      if (v === STEP.changeType) {
        // Reverting the change of type narrows full_name to char(50) and age to int: a row that only fits
        // the wider types must go first (PostgreSQL and MySQL refuse to narrow over it).
        const wide = AUTHORS.findIndex((a) => a.writtenAt === STEP.changeType) + 1;
        await executor.execute({ sql: `DELETE FROM ${dialect.quoteIdent('mseq_author')} WHERE ${dialect.quoteIdent('id')} = ${dialect.placeholder(0)}`, params: [wide] });
        deleted.add(wide);
      }
      const result = await migrateDown({ ...run(), acceptDataLoss: v === STEP.removeField });
      expect(result.migrations.map((m) => m.name), `down step ${v} (${EDITS[v]})`).toEqual([files[v - 1]!.name]);
      await expectDatabaseIs(schemaFromModels(modelsAt(v - 1)), v - 1, 'ignored');
      await expectRowsAt(v - 1, LAST, v <= STEP.removeField);
    }
    const left = (await tableNames(executor)).filter((t) => t.startsWith('mseq_'));
    expect(left).toEqual([HISTORY]);
    expect(await readHistory({ db: executor, dialect, table: HISTORY })).toEqual([]);
  });
});
