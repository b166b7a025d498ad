/**
 * A migration file is user input: every mistake in one is one line naming the file, and for an
 * operation its position, kind and field.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/ground/errors.js';
import { loadMigrationFiles, replayMigrations } from '../../src/core/schema/migrate/migration-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oxen-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const EMPTY = 'export default { operations: [] };\n';
const TABLE = "{ op: 'createTable', table: { name: 't', columns: [{ name: 'id', type: { kind: 'auto' }, nullable: false }], primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [] } }";

function files(entries: Record<string, string>): void {
  for (const [name, source] of Object.entries(entries)) writeFileSync(join(dir, name), source);
}

/** The one-line MIGRATION_INVALID message loading the directory fails with. */
async function loadError(): Promise<string> {
  const error = await loadMigrationFiles(dir).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).code).toBe('MIGRATION_INVALID');
  const { message } = error as UsageError;
  expect(message).not.toContain('\n');
  return message;
}

/** One file holding these operations; the message loading it fails with. */
async function opError(...ops: string[]): Promise<string> {
  files({ '0001_initial.ts': `export default { operations: [${ops.join(', ')}] };\n` });
  return loadError();
}

describe('loadMigrationFiles: the directory', () => {
  it('is empty when missing; reads .ts, .js, .mts and .mjs in number order; leaves other files alone', async () => {
    expect(await loadMigrationFiles(join(dir, 'none'))).toEqual([]);
    files({ '0010_ten.mjs': EMPTY, '0002_two.js': EMPTY, '0003_three.mts': EMPTY, '0001_one.ts': EMPTY, 'README.md': '#', '0001_one.d.ts': '', '.0004_tmp.ts.1.tmp': '' });
    mkdirSync(join(dir, 'helpers.ts'));
    expect((await loadMigrationFiles(dir)).map((f) => f.name)).toEqual(['0001_one', '0002_two', '0003_three', '0010_ten']);
  });

  it('refuses a script whose name is not NNNN_name', async () => {
    files({ '0001_one.ts': EMPTY, '1_two.ts': EMPTY });
    expect(await loadError()).toBe(`1_two.ts: not a migration file name: name it NNNN_name.ts (e.g. 0001_initial.ts), or move it out of ${dir}`);
    rmSync(join(dir, '1_two.ts'));
    files({ '0002-two.ts': EMPTY });
    expect(await loadError()).toMatch(/^0002-two\.ts: not a migration file name/);
  });

  it('refuses two files with the same number, naming both', async () => {
    files({ '0001_one.ts': EMPTY, '0002_add_age.ts': EMPTY, '0002_add_email.ts': EMPTY });
    expect(await loadError()).toBe('0002_add_age.ts and 0002_add_email.ts have the same number: renumber the one not yet applied (migrations run in number order)');
  });

  it('refuses a file that does not load, or exports no migration', async () => {
    files({ '0001_one.ts': 'export default { operations: [ };\n' });
    expect(await loadError()).toMatch(/^0001_one\.ts: could not be loaded: /);
    files({ '0001_one.ts': 'export const operations = [];\n' });
    expect(await loadError()).toBe('0001_one.ts: has no default export: export default { operations: [...] }');
    files({ '0001_one.ts': 'export default [];\n' });
    expect(await loadError()).toBe('0001_one.ts: the default export must be { operations: [...] }, got an array');
    files({ '0001_one.ts': "export default 'x';\n" });
    expect(await loadError()).toBe('0001_one.ts: the default export must be { operations: [...] }, got "x"');
    files({ '0001_one.ts': 'export default { operations: {} };\n' });
    expect(await loadError()).toBe('0001_one.ts: operations must be an array, got an object');
    files({ '0001_one.ts': 'export default { operations: [], dependencies: [] };\n' });
    expect(await loadError()).toBe('0001_one.ts: the default export has an unknown key dependencies (expected operations, atomic, allowLint)');
    files({ '0001_one.ts': "export default { operations: [], atomic: 'no' };\n" });
    expect(await loadError()).toBe('0001_one.ts: atomic must be true or false, got "no"');
    files({ '0001_one.ts': "export default { operations: [], allowLint: ['drop-colum'] };\n" });
    expect(await loadError()).toMatch(/^0001_one\.ts: allowLint\[0\] must be one of drop-table, drop-column, .*, got "drop-colum"$/);
  });
});

describe('loadMigrationFiles: each operation', () => {
  it('names an unknown or missing kind', async () => {
    expect(await opError(TABLE, "{ op: 'addColumns', table: 't' }")).toBe(
      '0001_initial.ts: operation 2: op must be one of createTable, dropTable, renameTable, addColumn, dropColumn, alterColumn, renameColumn, addIndex, dropIndex, addUnique, dropUnique, addForeignKey, dropForeignKey, addCheck, dropCheck, runSql, runJs, got "addColumns"',
    );
    expect(await opError('null')).toBe('0001_initial.ts: operation 1 must be an object, got null');
    expect(await opError("{ table: 't' }")).toMatch(/^0001_initial\.ts: operation 1: op must be one of .*, got nothing$/);
  });

  it('names a missing field', async () => {
    expect(await opError(TABLE, "{ op: 'dropTable', table: 'x' }", "{ op: 'addColumn', table: 't' }")).toBe('0001_initial.ts: operation 3 (addColumn): column is missing');
    expect(await opError("{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'int' } } }")).toBe('0001_initial.ts: operation 1 (addColumn): column.nullable is missing');
    expect(await opError("{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'char' }, nullable: true } }")).toBe('0001_initial.ts: operation 1 (addColumn): column.type.maxLength is missing');
  });

  it('names a field of the wrong type, deep inside too', async () => {
    expect(await opError("{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'integer' }, nullable: true } }")).toBe(
      '0001_initial.ts: operation 1 (addColumn): column.type.kind must be one of auto, bigAuto, int, bigint, float, decimal, boolean, char, text, datetime, date, json, uuid, binary, raw, got "integer"',
    );
    expect(await opError("{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'int' }, nullable: 'no' } }")).toBe('0001_initial.ts: operation 1 (addColumn): column.nullable must be true or false, got "no"');
    expect(await opError("{ op: 'renameTable', from: 'a', to: 5 }")).toBe('0001_initial.ts: operation 1 (renameTable): to must be a string, got 5');
    expect(await opError(TABLE.replace("primaryKey: ['id']", 'primaryKey: [1]'))).toBe('0001_initial.ts: operation 1 (createTable): table.primaryKey[0] must be a string, got 1');
    expect(await opError("{ op: 'addForeignKey', table: 't', foreignKey: { name: 'f', columns: ['a'], referencedTable: 'u', referencedColumns: ['id'], onDelete: 'cascade' } }")).toBe(
      '0001_initial.ts: operation 1 (addForeignKey): foreignKey.onDelete must be one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION, got "cascade"',
    );
    expect(await opError("{ op: 'alterColumn', table: 't', column: { name: 'a', type: { kind: 'bigint' }, nullable: false, default: { kind: 'value', value: 5n } } }")).toBe(
      '0001_initial.ts: operation 1 (alterColumn): column.default.value must be a JSON value (bigint and decimal as text, dates as ISO-8601 text), got 5n (a bigint)',
    );
    expect(await opError("{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'decimal', precision: 10, scale: -1 }, nullable: true } }")).toBe(
      '0001_initial.ts: operation 1 (addColumn): column.type.scale must be a whole number ≥ 0, got -1',
    );
    expect(await opError("{ op: 'runSql', sql: { postgres: ['SELECT 1', 2] } }")).toBe('0001_initial.ts: operation 1 (runSql): sql.postgres[1] must be a string, got 2');
    expect(await opError("{ op: 'runJs', up: 'UPDATE t SET a = 1' }")).toBe('0001_initial.ts: operation 1 (runJs): up must be a function, got "UPDATE t SET a = 1"');
  });

  it('names an unknown key (most often a typo)', async () => {
    expect(await opError("{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'int' }, nullable: true, defualt: { kind: 'function' } } }")).toBe(
      '0001_initial.ts: operation 1 (addColumn): column.defualt is not a known key (expected name, type, nullable, default, dbType, generated, comment)',
    );
    expect(await opError("{ op: 'runSql', sql: { postgresql: 'SELECT 1' } }")).toBe('0001_initial.ts: operation 1 (runSql): sql.postgresql is not a known key (expected postgres, mysql, sqlite)');
  });

  it('takes optional keys left out or set to undefined alike', async () => {
    files({ '0001_initial.ts': "export default { operations: [{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'int' }, nullable: true, comment: undefined } }] };\n" });
    const [file] = await loadMigrationFiles(dir);
    expect(file!.operations).toStrictEqual([{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'int' }, nullable: true } }]);
  });
});

describe('replayMigrations: operations that do not fit', () => {
  it('names the file and the operation’s position', async () => {
    files({
      '0001_initial.ts': `export default { operations: [${TABLE}] };\n`,
      '0002_more.ts': "export default { operations: [{ op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'int' }, nullable: true } }, { op: 'addColumn', table: 't', column: { name: 'a', type: { kind: 'int' }, nullable: true } }] };\n",
    });
    const loaded = await loadMigrationFiles(dir);
    expect(() => replayMigrations(loaded)).toThrow(new UsageError('MIGRATION_INVALID', '0002_more.ts: operation 2 (addColumn): column t.a already exists'));
    expect(replayMigrations(loaded, '0001_initial').tables.map((t) => t.name)).toEqual(['t']);
    files({ '0002_more.ts': "export default { operations: [{ op: 'dropColumn', table: 'u', column: 'a' }] };\n" });
    const again = await loadMigrationFiles(dir);
    expect(() => replayMigrations(again)).toThrow('0002_more.ts: operation 1 (dropColumn): table u does not exist at this point of the migrations');
  });

  it('refuses to replay up to a migration that is not there', async () => {
    files({ '0001_initial.ts': EMPTY });
    expect(() => replayMigrations([], '0001_initial')).toThrow('no migration named "0001_initial"');
    const loaded = await loadMigrationFiles(dir);
    expect(() => replayMigrations(loaded, '0002_next')).toThrow('no migration named "0002_next" (the last is 0001_initial)');
  });
});
