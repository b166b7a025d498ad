/** describe-operation: one line per operation; the service's rename flags. */
import { describe, expect, it } from 'vitest';
import type { SchemaState, TableState } from '../../src/core/dialect/schema-state.js';
import { describeOperation, describeOperations } from '../../src/core/schema/migrate/describe-operation.js';
import { parseRenameFlags, questionText, renameFlag } from '../../src/core/schema/migrate/make-migration.js';

const users: TableState = {
  name: 'users',
  columns: [
    { name: 'id', type: { kind: 'auto' }, nullable: false },
    { name: 'name', type: { kind: 'char', maxLength: 50 }, nullable: false },
  ],
  primaryKey: ['id'],
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
};
const state: SchemaState = { version: 2, tables: [users], views: [], enums: [] };

describe('describeOperation', () => {
  it('tables and columns', () => {
    expect(describeOperation({ op: 'createTable', table: users })).toBe('+ table users (2 columns)');
    expect(describeOperation({ op: 'dropTable', table: 'users' })).toBe('- table users');
    expect(describeOperation({ op: 'renameTable', from: 'people', to: 'users' })).toBe('~ table people → users (renamed)');
    expect(describeOperation({ op: 'addColumn', table: 'users', column: { name: 'age', type: { kind: 'int' }, nullable: true } })).toBe('+ column users.age int NULL');
    expect(describeOperation({ op: 'addColumn', table: 'users', column: { name: 'n', type: { kind: 'decimal', precision: 8, scale: 2 }, nullable: false, default: { kind: 'value', value: '0.00' } } })).toBe(
      '+ column users.n decimal(8,2) NOT NULL DEFAULT "0.00"',
    );
    expect(describeOperation({ op: 'dropColumn', table: 'users', column: 'age' })).toBe('- column users.age');
    expect(describeOperation({ op: 'renameColumn', table: 'users', from: 'name', to: 'full_name' })).toBe('~ column users.name → full_name (renamed)');
  });

  it('an alter shows only what changes, given the state before; the new column without it', () => {
    const op = { op: 'alterColumn', table: 'users', column: { name: 'name', type: { kind: 'text' }, nullable: false } } as const;
    expect(describeOperation(op, state)).toBe('~ column users.name char(50) → text');
    expect(describeOperation({ ...op, column: { ...op.column, nullable: true, default: { kind: 'value', value: '' } } }, state)).toBe(
      '~ column users.name char(50) NOT NULL (no default) → text NULL DEFAULT ""',
    );
    expect(describeOperation(op)).toBe('~ column users.name → text NOT NULL');
  });

  it('indexes and constraints', () => {
    expect(describeOperation({ op: 'addIndex', table: 'users', index: { name: 'users_email_idx', columns: ['email'], unique: true } })).toBe('+ unique index users_email_idx on users (email)');
    expect(describeOperation({ op: 'addIndex', table: 'users', index: { name: 'i', columns: [], unique: false, expression: 'lower(email)', method: 'gin', where: 'age > 0' } })).toBe(
      '+ index i on users lower(email) using gin where age > 0',
    );
    expect(describeOperation({ op: 'dropIndex', table: 'users', name: 'users_email_idx' })).toBe('- index users_email_idx on users');
    expect(describeOperation({ op: 'addUnique', table: 'users', unique: { name: 'u', columns: ['a', 'b'] } })).toBe('+ unique u on users (a, b)');
    expect(describeOperation({ op: 'dropUnique', table: 'users', name: 'u' })).toBe('- unique u on users');
    expect(
      describeOperation({ op: 'addForeignKey', table: 'posts', foreignKey: { name: 'fk', columns: ['author_id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'CASCADE' } }),
    ).toBe('+ foreign key fk on posts (author_id) → users (id) ON DELETE CASCADE');
    expect(describeOperation({ op: 'dropForeignKey', table: 'posts', name: 'fk' })).toBe('- foreign key fk on posts');
    expect(describeOperation({ op: 'addCheck', table: 'users', check: { name: 'c', expression: 'age >= 0' } })).toBe('+ check c on users (age >= 0)');
    expect(describeOperation({ op: 'dropCheck', table: 'users', name: 'c' })).toBe('- check c on users');
  });

  it('runSql and runJs', () => {
    expect(describeOperation({ op: 'runSql', sql: { mysql: 'UPDATE t SET x = 1', sqlite: 'UPDATE t SET x = 1' }, down: {} })).toBe('* runSql on mysql, sqlite: UPDATE t SET x = 1');
    expect(describeOperation({ op: 'runSql', sql: { postgres: `SELECT ${'x'.repeat(100)}` } })).toMatch(/^\* runSql on postgres: SELECT x+… \(no down\)$/);
    expect(describeOperation({ op: 'runJs', up: () => {} })).toBe('* runJs: runs in JS (no down)');
    expect(describeOperation({ op: 'runJs', up: () => {}, down: () => {} })).toBe('* runJs: runs in JS');
  });

  it('describeOperations replays, so a later alter sees an earlier one', () => {
    const lines = describeOperations(
      [
        { op: 'alterColumn', table: 'users', column: { name: 'name', type: { kind: 'char', maxLength: 80 }, nullable: false } },
        { op: 'alterColumn', table: 'users', column: { name: 'name', type: { kind: 'text' }, nullable: false } },
      ],
      state,
    );
    expect(lines).toEqual(['~ column users.name char(50) → char(80)', '~ column users.name char(80) → text']);
  });
});

describe('--rename values', () => {
  it('table.old:new is a column, old:new a table', () => {
    expect(parseRenameFlags(['users.name:full_name', 'people:users'])).toEqual([
      { kind: 'column', table: 'users', from: 'name', to: 'full_name', rename: true },
      { kind: 'table', table: 'users', from: 'people', to: 'users', rename: true },
    ]);
    expect(() => parseRenameFlags(['users.name'])).toThrow(/table\.old_column:new_column/);
    expect(() => parseRenameFlags(['a.b.c:d'])).toThrow(/--rename a\.b\.c:d/);
  });

  it('a question round-trips to its flag', () => {
    const q = { kind: 'column', table: 'users', from: 'name', to: 'full_name' } as const;
    expect(renameFlag(q)).toBe('users.name:full_name');
    expect(questionText(q)).toBe('column users.name → full_name');
    expect(renameFlag({ kind: 'table', table: 'users', from: 'people', to: 'users' })).toBe('people:users');
  });
});
