/**
 * `migrate()` as an application calls it at start-up, on the database `connect()` configured: the
 * files applied once even when two start-ups race in one process, the models usable afterwards,
 * `migrationsStatus` clean, a second start-up a no-op, and `rollbackMigrations` undoing it all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AutoField, CharField, connect, disconnect, IntField, migrate, migrationsStatus, model, rollbackMigrations, schemaFromModels,
} from '../../src/index.js';
import { detectChanges } from '../../src/core/schema/migrate/detect-changes.js';
import { EMPTY_STATE } from '../../src/core/schema/migrate/migration-files.js';
import { writeMigrationFile } from '../../src/core/schema/migrate/migration-writer.js';
import { testTargets } from '../support/orm.js';
import { dropNamedTables, tablesLike } from './migrate-support.js';

const HISTORY = 'mprog_history';

const NoteV1 = model('Note', { id: AutoField(), title: CharField({ maxLength: 100 }) }, { tableName: 'mprog_note' });
const Note = model('Note', { id: AutoField(), title: CharField({ maxLength: 100 }), stars: IntField({ default: 0 }) }, { tableName: 'mprog_note' });

async function migrationsDir(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'oxen-mprog-')), 'migrations');
  const v1 = schemaFromModels([NoteV1]);
  await writeMigrationFile(dir, 'create_note', detectChanges(EMPTY_STATE, v1).operations);
  await writeMigrationFile(dir, 'add_stars', detectChanges(v1, schemaFromModels([Note])).operations);
  return dir;
}

const tables = (): Promise<string[]> => tablesLike('mprog');
const dropOurs = (): Promise<void> => dropNamedTables(['mprog_note', HISTORY]);

describe.each(testTargets())('migrate() on $label', (target) => {
  let dir: string;
  const options = () => ({ dir, historyTable: HISTORY, lockTimeoutS: 30 });

  beforeAll(async () => {
    dir = await migrationsDir();
    await connect({ databases: { default: target.url }, executor: target.executor });
    await dropOurs();
  });
  afterAll(async () => {
    try {
      await dropOurs();
    } finally {
      await disconnect();
    }
  });

  it('a dry run returns the SQL and changes nothing', async () => {
    const result = await migrate({ ...options(), dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.migrations.map((m) => m.name)).toEqual(['0001_create_note', '0002_add_stars']);
    expect(result.migrations[0]!.statements.join('\n')).toMatch(/CREATE TABLE/);
    expect(await tables()).toEqual([]);
  });

  it('two start-ups racing apply each migration once, and the models work afterwards', async () => {
    const [a, b] = await Promise.all([migrate(options()), migrate(options())]);
    const applied = [...a.migrations, ...b.migrations].map((m) => m.name).sort();
    expect(applied).toEqual(['0001_create_note', '0002_add_stars']);
    expect(await tables()).toEqual(['mprog_history', 'mprog_note']);

    const note = await Note.create({ title: 'first' });
    expect(note.stars).toBe(0);
    expect(await Note.filter({ stars: 0 }).count()).toBe(1);
  });

  it('status is clean and a later start-up applies nothing', async () => {
    const status = await migrationsStatus({ dir, historyTable: HISTORY });
    // The test database is shared with the suites running beside this one, whose tables are drift here
    // while they exist: only this suite's tables are judged.
    expect(status.drift.filter((d) => d.table.startsWith('mprog'))).toEqual([]);
    expect(status.driftChecked).toBe(true);
    expect(status.counts).toEqual({ applied: 2, pending: 0, edited: 0, partial: 0, missing: 0 });
    expect((await migrate(options())).migrations).toEqual([]);
  });

  it('`to` stops after the named migration; an unknown name is refused before anything runs', async () => {
    await rollbackMigrations({ ...options(), steps: 2 });
    expect(await tables()).toEqual(['mprog_history']);
    await expect(migrate({ ...options(), to: '0009_nope' })).rejects.toThrow(/--to 0009_nope: no migration of that name/);
    const result = await migrate({ ...options(), to: '0001_create_note' });
    expect(result.migrations.map((m) => m.name)).toEqual(['0001_create_note']);
    const status = await migrationsStatus({ dir, historyTable: HISTORY, skipDrift: true });
    expect(status.counts).toMatchObject({ applied: 1, pending: 1 });
  });

  it('rollbackMigrations reverts newest first and leaves only the history table', async () => {
    await migrate(options());
    const result = await rollbackMigrations({ ...options(), steps: 2 });
    expect(result.migrations.map((m) => m.name)).toEqual(['0002_add_stars', '0001_create_note']);
    expect(await tables()).toEqual(['mprog_history']);
  });
});
