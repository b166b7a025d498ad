/**
 * SQLite's table rebuild where it can go wrong, on real files with each executor: run with foreign
 * keys on it stops before touching a row (DROP TABLE would cascade); a result that breaks a foreign
 * key or a NOT NULL is rolled back whole; tables in a reference cycle and referencing themselves
 * keep every reference; a changed type converts the values Oxen reads back.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TableOperation } from '../../src/core/dialect/migration-operation.js';
import type { SchemaState, TableState } from '../../src/core/dialect/schema-state.js';
import { canAddInPlace } from '../../src/core/dialect/sqlite/alter-add-column.js';
import { canDropInPlace } from '../../src/core/dialect/sqlite/alter-drop-column.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { testExecutors } from '../support/orm.js';
import { tempDir } from './inspect-sqlite-support.js';
import {
  compile, expectDatabaseIs, foreignKeyViolations, openFile, readRows, runStatements, type MigratedFile,
} from './migrate-sqlite-support.js';
import { cycleModels, schemaModels } from './schema-models.js';

const temp = tempDir('migrate-sqlite-rebuild');
afterAll(() => temp.remove());

const addCheck: TableOperation = { op: 'addCheck', table: 'mgs_author', check: { name: 'mgs_author_named', expression: "\"name\" <> ''" } };

describe.each(testExecutors())('SQLite table rebuild, %s executor', (executor) => {
  let file: MigratedFile | undefined;
  let n = 0;
  afterEach(async () => {
    await file?.db.close();
    file = undefined;
  });

  async function open(models: readonly AnyModel[], rows: readonly string[]): Promise<{ file: MigratedFile; state: SchemaState }> {
    file = await openFile(temp.file(`rebuild-${executor}-${n++}.sqlite`), executor, models);
    for (const sql of rows) await file.db.execute({ sql, params: [] });
    return { file, state: schemaFromModels([...models]) };
  }

  const schema = Object.values(schemaModels('mgs_')) as AnyModel[];
  const authorsAndBooks = [
    "INSERT INTO mgs_author (id, name, email, country) VALUES (1, 'Ann', 'a@x', 'FR'), (2, 'Bob', 'b@x', 'DE')",
    "INSERT INTO mgs_book (id, author_id, editor_id, title) VALUES (1, 1, 2, 'T1'), (2, 2, 1, 'T2')",
    'INSERT INTO mgs_review (id, book_id, stars) VALUES (1, 1, 5)',
  ];

  it('stops at its first statement while foreign keys are on, before DROP TABLE could cascade to the books', async () => {
    const { file, state } = await open(schema, authorsAndBooks);
    const { statements } = compile(file.ddl, state, addCheck);
    const rows = await readRows(file.db, ['mgs_author', 'mgs_book', 'mgs_review']);
    await expect(runStatements(file.db, statements, false)).rejects.toThrow(/rebuilding mgs_author needs PRAGMA foreign_keys = OFF/);
    expect(await readRows(file.db, ['mgs_author', 'mgs_book', 'mgs_review'])).toEqual(rows);
    await expectDatabaseIs(file.db, state);
  });

  it('rolls back whole when the result breaks a foreign key, found by PRAGMA foreign_key_check', async () => {
    const { file, state } = await open(schema, [...authorsAndBooks, 'UPDATE mgs_review SET stars = 99']);
    // stars becomes a reference to an author; 99 is none.
    const op: TableOperation = {
      op: 'addForeignKey', table: 'mgs_review', foreignKey: { name: 'mgs_review_stars_fk', columns: ['stars'], referencedTable: 'mgs_author', referencedColumns: ['id'], onDelete: 'CASCADE' },
    };
    const { statements, next } = compile(file.ddl, state, op);
    await expect(runStatements(file.db, statements, true)).rejects.toThrow(/PRAGMA foreign_key_check finds rows/);
    await expectDatabaseIs(file.db, state);
    expect((await readRows(file.db, ['mgs_review'])).mgs_review).toEqual([{ id: 1, book_id: 1, stars: 99 }]);
    await file.db.execute({ sql: 'UPDATE mgs_review SET stars = 2', params: [] });
    await runStatements(file.db, statements, true);
    await expectDatabaseIs(file.db, next);
  });

  it('rolls back an added NOT NULL column without a default on a table with rows; adds it to an empty one', async () => {
    const { file, state } = await open(schema, authorsAndBooks);
    const add = (table: string): TableOperation => ({ op: 'addColumn', table, column: { name: 'rank', type: { kind: 'int' }, nullable: false } });
    await expect(runStatements(file.db, compile(file.ddl, state, add('mgs_book')).statements, true)).rejects.toThrow(/NOT NULL constraint failed/);
    await expectDatabaseIs(file.db, state);
    await file.db.execute({ sql: 'DELETE FROM mgs_review', params: [] });
    const { statements, next } = compile(file.ddl, state, add('mgs_review'));
    await runStatements(file.db, statements, true);
    await expectDatabaseIs(file.db, next);
  });

  it('keeps the references of tables in a cycle and of a table to itself', async () => {
    const cycle = Object.values(cycleModels('mgs_c_')) as AnyModel[];
    const { file, state } = await open(cycle, [
      "INSERT INTO mgs_c_team (id, name, captain_id) VALUES (1, 'Red', NULL)",
      'INSERT INTO mgs_c_player (id, team_id, mentor_id) VALUES (1, 1, NULL), (2, 1, 1), (3, 1, 2)',
      'UPDATE mgs_c_team SET captain_id = 3',
    ]);
    const before = await readRows(file.db, ['mgs_c_team', 'mgs_c_player']);
    let current = state;
    for (const op of [
      { op: 'addCheck', table: 'mgs_c_player', check: { name: 'mgs_c_player_not_own_mentor', expression: '"mentor_id" <> "id"' } },
      { op: 'addColumn', table: 'mgs_c_team', column: { name: 'founded', type: { kind: 'date' }, nullable: false, default: { kind: 'expression', sql: "date('2000-01-01')" } } },
    ] satisfies TableOperation[]) {
      const { statements, next } = compile(file.ddl, current, op);
      await runStatements(file.db, statements, true);
      await expectDatabaseIs(file.db, next);
      current = next;
    }
    const after = await readRows(file.db, ['mgs_c_team', 'mgs_c_player']);
    expect(after.mgs_c_player).toEqual(before.mgs_c_player);
    expect(after.mgs_c_team).toEqual([{ id: 1, name: 'Red', captain_id: 3, founded: '2000-01-01' }]);
    expect(await foreignKeyViolations(file.db)).toEqual([]);
    // The self-reference still acts: deleting a mentor empties mentor_id (SET NULL).
    await file.db.execute({ sql: 'DELETE FROM mgs_c_player WHERE id = 2', params: [] });
    expect((await readRows(file.db, ['mgs_c_player'])).mgs_c_player!.map((p) => p.mentor_id)).toEqual([null, null]);
  });

  it('converts the values of a column whose type changed as Oxen reads the new kind', async () => {
    const { file, state } = await open(schema, [
      "INSERT INTO mgs_author (id, name, email, country) VALUES (1, 'Ann', 'a@x', 'FR')",
      "INSERT INTO mgs_book (id, author_id, title, edition) VALUES (1, 1, 'A', 3), (2, 1, 'B', 0), (3, 1, 'C', 9007199254740993)",
    ]);
    const alter = (type: TableState['columns'][number]['type']): TableOperation => ({ op: 'alterColumn', table: 'mgs_book', column: { name: 'edition', type, nullable: false } });
    const editions = async () => (await file.db.query({ sql: 'SELECT edition FROM mgs_book ORDER BY id', params: [] })).rows.map((r) => r[0]);
    let current = state;
    const step = async (op: TableOperation) => {
      const { statements, next } = compile(file.ddl, current, op);
      await runStatements(file.db, statements, true);
      await expectDatabaseIs(file.db, next);
      current = next;
    };
    // An integer into a decimal exactly, past 2^53 too.
    await step(alter({ kind: 'decimal', precision: 20, scale: 2 }));
    expect(await editions()).toEqual(['3.00', '0.00', '9007199254740993.00']);
    await file.db.execute({ sql: "UPDATE mgs_book SET edition = '2.5' WHERE id = 3", params: [] });
    // A decimal into an integer, rounded.
    await step(alter({ kind: 'int' }));
    expect(await editions()).toEqual([3, 0, 3]);
    await step(alter({ kind: 'boolean' }));
    expect(await editions()).toEqual([1, 0, 1]);
    await step(alter({ kind: 'float' }));
    await file.db.execute({ sql: 'UPDATE mgs_book SET edition = 0.125 WHERE id = 2', params: [] });
    await step(alter({ kind: 'decimal', precision: 6, scale: 2 }));
    expect(await editions()).toEqual(['1.00', '0.13', '1.00']);
    // Into text, SQLite's affinity does it.
    await step(alter({ kind: 'text' }));
    expect(await editions()).toEqual(['1.00', '0.13', '1.00']);
  });
});

describe('which changes SQLite makes in place', () => {
  const text = { kind: 'text' } as const;
  it('adds a column in place unless it needs a value for existing rows that ADD COLUMN cannot give', () => {
    expect(canAddInPlace({ name: 'a', type: text, nullable: true })).toBe(true);
    expect(canAddInPlace({ name: 'a', type: text, nullable: false, default: { kind: 'value', value: 'x' } })).toBe(true);
    expect(canAddInPlace({ name: 'a', type: text, nullable: true, default: { kind: 'function' } })).toBe(true);
    expect(canAddInPlace({ name: 'a', type: text, nullable: true, generated: { expression: 'upper(b)', stored: false } })).toBe(true);
    expect(canAddInPlace({ name: 'a', type: text, nullable: false })).toBe(false);
    expect(canAddInPlace({ name: 'a', type: text, nullable: false, default: { kind: 'value', value: null } })).toBe(false);
    expect(canAddInPlace({ name: 'a', type: text, nullable: false, default: { kind: 'function' } })).toBe(false);
    expect(canAddInPlace({ name: 'a', type: { kind: 'datetime' }, nullable: true, default: { kind: 'now', onUpdate: false } })).toBe(false);
    expect(canAddInPlace({ name: 'a', type: text, nullable: true, default: { kind: 'expression', sql: 'lower(x)' } })).toBe(false);
    expect(canAddInPlace({ name: 'a', type: text, nullable: true, generated: { expression: 'upper(b)', stored: true } })).toBe(false);
    expect(canAddInPlace({ name: 'a', type: { kind: 'auto' }, nullable: false })).toBe(false);
  });

  it('drops a column in place unless a key, index, constraint or generated column names it', () => {
    const table: TableState = {
      name: 't',
      columns: [
        { name: 'id', type: { kind: 'auto' }, nullable: false },
        { name: 'a', type: text, nullable: true },
        { name: 'b', type: text, nullable: true },
        { name: 'c', type: text, nullable: true },
        { name: 'd', type: text, nullable: true },
        { name: 'e', type: text, nullable: true },
        { name: 'f', type: text, nullable: true },
        { name: 'g', type: text, nullable: true, generated: { expression: 'upper("f")', stored: false } },
        { name: 'plain', type: text, nullable: true },
        { name: 'ab', type: text, nullable: true },
      ],
      primaryKey: ['id'],
      uniques: [{ name: 'u', columns: ['a'] }],
      indexes: [{ name: 'i', columns: [], unique: false, expression: 'lower(b)' }, { name: 'j', columns: ['ab'], unique: false, where: 'C IS NOT NULL' }],
      foreignKeys: [{ name: 'fk', columns: ['d'], referencedTable: 'x', referencedColumns: ['id'], onDelete: 'CASCADE' }],
      checks: [{ name: 'ck', expression: '"e" > 0' }],
    };
    const inPlace = table.columns.map((c) => c.name).filter((c) => canDropInPlace(table, c));
    expect(inPlace).toEqual(['g', 'plain']);
  });
});
