/** applyOperation: replaying operations on a state, canonical results, and every misfit refused naming the object. */
import { describe, expect, it } from 'vitest';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { applyOperation, applyOperations } from '../../src/core/schema/migrate/apply-operation.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { col, id, state, table } from './migrate-support.js';

const fk = { name: 'c_p_id_fk', columns: ['p_id'], referencedTable: 'p', referencedColumns: ['id'], onDelete: 'CASCADE' } as const;
const before: SchemaState = state(
  table('p', { columns: [id, col('code')] }),
  table('c', { columns: [id, col('p_id'), col('n')], indexes: [{ name: 'c_n_idx', columns: ['n'], unique: false }], foreignKeys: [fk] }),
  table('tree', { columns: [id, col('parent_id')], foreignKeys: [{ ...fk, name: 'tree_parent_fk', columns: ['parent_id'], referencedTable: 'tree' }] }),
);

const refused = (op: Operation, message: RegExp): void => {
  expect(() => applyOperation(before, op)).toThrow(message);
};

describe('applyOperation', () => {
  it('keeps tables and named lists sorted by name, columns in the order they were added', () => {
    const after = applyOperations(before, [
      { op: 'createTable', table: table('a') },
      { op: 'addIndex', table: 'c', index: { name: 'c_a_idx', columns: ['p_id'], unique: false } },
      { op: 'addColumn', table: 'c', column: col('b') },
    ]);
    expect(after.tables.map((t) => t.name)).toEqual(['a', 'c', 'p', 'tree']);
    expect(after.tables[1]!.indexes.map((i) => i.name)).toEqual(['c_a_idx', 'c_n_idx']);
    expect(after.tables[1]!.columns.map((c) => c.name)).toEqual(['id', 'p_id', 'n', 'b']);
  });

  it('leaves the state alone for runSql and runJs', () => {
    expect(applyOperation(before, { op: 'runSql', sql: { sqlite: 'SELECT 1' } })).toBe(before);
    expect(applyOperation(before, { op: 'runJs', up: () => {} })).toBe(before);
  });

  it('moves the foreign keys pointing at a renamed table, its own included', () => {
    const after = applyOperation(applyOperation(before, { op: 'renameTable', from: 'p', to: 'q' }), { op: 'renameTable', from: 'tree', to: 'forest' });
    expect(after.tables.map((t) => [t.name, t.foreignKeys.map((f) => f.referencedTable)])).toEqual([['c', ['q']], ['forest', ['forest']], ['q', []]]);
  });

  it('moves the keys, indexes and foreign keys of a renamed column, in other tables too', () => {
    const after = applyOperations(before, [
      { op: 'renameColumn', table: 'c', from: 'n', to: 'm' },
      { op: 'renameColumn', table: 'p', from: 'id', to: 'pk' },
    ]);
    const c = after.tables.find((t) => t.name === 'c')!;
    expect(c.indexes[0]!.columns).toEqual(['m']);
    expect(c.foreignKeys[0]!.referencedColumns).toEqual(['pk']);
    expect(after.tables.find((t) => t.name === 'p')!.primaryKey).toEqual(['pk']);
  });

  it('refuses what does not exist, or exists already', () => {
    refused({ op: 'dropTable', table: 'nope' }, /dropTable: table nope does not exist at this point of the migrations/);
    refused({ op: 'createTable', table: table('p') }, /createTable: table p already exists/);
    refused({ op: 'renameTable', from: 'p', to: 'c' }, /table c already exists/);
    refused({ op: 'renameTable', from: 'nope', to: 'x' }, /table nope does not exist/);
    refused({ op: 'addColumn', table: 'c', column: col('n') }, /column c.n already exists/);
    refused({ op: 'alterColumn', table: 'c', column: col('zz') }, /column c.zz does not exist/);
    refused({ op: 'renameColumn', table: 'c', from: 'n', to: 'p_id' }, /column c.p_id already exists/);
    refused({ op: 'dropIndex', table: 'c', name: 'x' }, /index x on c does not exist/);
    refused({ op: 'addIndex', table: 'c', index: { name: 'c_n_idx', columns: ['n'], unique: true } }, /c already has c_n_idx/);
    refused({ op: 'dropCheck', table: 'nope', name: 'x' }, /table nope does not exist/);
  });

  it('refuses a drop while something still uses what it drops', () => {
    refused({ op: 'dropTable', table: 'p' }, /dropTable: table p is still used by foreign key c_p_id_fk of c: drop it first/);
    refused({ op: 'dropColumn', table: 'c', column: 'n' }, /column c.n is still used by index c_n_idx/);
    refused({ op: 'dropColumn', table: 'c', column: 'p_id' }, /column c.p_id is still used by foreign key c_p_id_fk of c/);
    refused({ op: 'dropColumn', table: 'p', column: 'id' }, /column p.id is still used by the primary key, foreign key c_p_id_fk of c: drop them first/);
    // A table referencing only itself goes whole.
    expect(applyOperation(before, { op: 'dropTable', table: 'tree' }).tables.map((t) => t.name)).toEqual(['c', 'p']);
  });

  it('refuses keys, indexes and foreign keys over columns or tables that do not exist', () => {
    refused({ op: 'addIndex', table: 'c', index: { name: 'i', columns: ['zz'], unique: false } }, /addIndex: column c.zz \(used by index i\) does not exist/);
    refused({ op: 'addUnique', table: 'c', unique: { name: 'u', columns: ['n', 'zz'] } }, /column c.zz \(used by unique constraint u\)/);
    refused({ op: 'addForeignKey', table: 'c', foreignKey: { ...fk, name: 'f', referencedTable: 'nope' } }, /table nope \(referenced by foreign key f\) does not exist/);
    refused({ op: 'addForeignKey', table: 'c', foreignKey: { ...fk, name: 'f', referencedColumns: ['zz'] } }, /column p.zz \(referenced by foreign key f\)/);
    refused({ op: 'createTable', table: table('d', { foreignKeys: [{ ...fk, columns: ['id'], referencedTable: 'later' }] }) }, /table later \(referenced by foreign key c_p_id_fk\)/);
    refused({ op: 'createTable', table: table('d', { primaryKey: ['key'] }) }, /column d.key \(used by the primary key\)/);
  });
});
