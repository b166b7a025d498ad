/** detectChanges on hand-built states: each kind of change, the rename questions, and what it refuses. */
import { describe, expect, it } from 'vitest';
import type { ForeignKeyState } from '../../src/core/dialect/schema-state.js';
import { detectChanges } from '../../src/core/schema/migrate/detect-changes.js';
import { col, id, migrate, state, summary, table } from './migrate-support.js';

const fk = (name: string, columns: string[], referencedTable: string, extra: Partial<ForeignKeyState> = {}): ForeignKeyState => ({
  name, columns, referencedTable, referencedColumns: ['id'], onDelete: 'CASCADE', ...extra,
});

describe('detectChanges: columns', () => {
  it('adds a column declared in the middle of a model (a database appends it)', () => {
    const from = state(table('t', { columns: [id, col('b')] }));
    const to = state(table('t', { columns: [id, col('a', 'text'), col('b')] }));
    expect(summary(migrate(from, to))).toEqual(['addColumn t.a']);
  });

  it('alters a column whose type, nullability, default or generation changes, with the whole new column', () => {
    const from = state(table('t', { columns: [id, col('a'), col('b'), col('c'), col('d')] }));
    const to = state(table('t', {
      columns: [id, col('a', 'bigint'), col('b', 'int', { nullable: true }), col('c', 'int', { default: { kind: 'value', value: 3 } }), col('d', 'int', { generated: { expression: 'a + 1', stored: true } })],
    }));
    const ops = migrate(from, to);
    expect(ops).toEqual(to.tables[0]!.columns.slice(1).map((column) => ({ op: 'alterColumn', table: 't', column })));
  });

  it('sees no change in what only a database reports (dbType, comments), nor in key order', () => {
    const from = state({ ...table('t', { columns: [{ ...id, dbType: 'integer' }, { nullable: false, type: { kind: 'int' }, name: 'a', comment: 'why' }] }) });
    const to = state(table('t', { columns: [id, col('a')] }));
    expect(detectChanges(from, to).operations).toEqual([]);
  });

  it('keeps the foreign key over a column whose default alone changes', () => {
    const from = state(table('p'), table('c', { columns: [id, col('p_id')], foreignKeys: [fk('c_p_fk', ['p_id'], 'p')] }));
    const to = state(table('p'), table('c', { columns: [id, col('p_id', 'int', { default: { kind: 'value', value: 1 } })], foreignKeys: [fk('c_p_fk', ['p_id'], 'p')] }));
    expect(summary(migrate(from, to))).toEqual(['alterColumn c.p_id']);
  });

  it('refuses a changed primary key, saying what to do', () => {
    const from = state(table('t', { columns: [id, col('a')] }));
    const to = state(table('t', { columns: [id, col('a')], primaryKey: ['a'] }));
    expect(() => detectChanges(from, to)).toThrow(/primary key of table t changes from \(id\) to \(a\)/);
  });
});

describe('detectChanges: indexes and constraints', () => {
  const base = table('t', { columns: [id, col('a'), col('b')] });

  it('drops an index, unique, check or foreign key that changed under the same name, then adds it back', () => {
    const from = state(table('p'), {
      ...base,
      indexes: [{ name: 'i', columns: ['a'], unique: false }],
      uniques: [{ name: 'u', columns: ['a'] }],
      checks: [{ name: 'k', expression: 'a > 0' }],
      foreignKeys: [fk('f', ['b'], 'p')],
    });
    const to = state(table('p'), {
      ...base,
      indexes: [{ name: 'i', columns: ['a', 'b'], unique: false }],
      uniques: [{ name: 'u', columns: ['a', 'b'] }],
      checks: [{ name: 'k', expression: 'a >= 0' }],
      foreignKeys: [fk('f', ['b'], 'p', { onDelete: 'RESTRICT' })],
    });
    expect(summary(migrate(from, to))).toEqual([
      'dropForeignKey t.f', 'dropUnique t.u', 'dropIndex t.i', 'dropCheck t.k', 'addUnique t.u', 'addIndex t.i', 'addCheck t.k', 'addForeignKey t.f',
    ]);
  });

  it('adds the indexes of a new column after the column, and drops those of a dropped one before it', () => {
    const from = state({ ...base, indexes: [{ name: 't_a_idx', columns: ['a'], unique: false }] });
    const to = state(table('t', { columns: [id, col('b'), col('c', 'text')], uniques: [{ name: 't_c_key', columns: ['c'] }] }));
    expect(summary(migrate(from, to))).toEqual(['dropIndex t.t_a_idx', 'dropColumn t.a', 'addColumn t.c', 'addUnique t.t_c_key']);
  });
});

describe('detectChanges: renames', () => {
  it('asks about every alike pair, of the same type only, and a yes settles the others', () => {
    const from = state(table('t', { columns: [id, col('a'), col('b'), col('x', 'text')] }));
    const to = state(table('t', { columns: [id, col('c'), col('y', 'boolean')] }));
    expect(detectChanges(from, to).questions).toEqual([
      { kind: 'column', table: 't', from: 'a', to: 'c' },
      { kind: 'column', table: 't', from: 'b', to: 'c' },
    ]);
    const answered = detectChanges(from, to, { renames: [{ kind: 'column', table: 't', from: 'b', to: 'c', rename: true }] });
    expect(answered.questions).toEqual([]);
    expect(summary(migrate(from, to, { renames: [{ kind: 'column', table: 't', from: 'b', to: 'c', rename: true }] }))).toEqual([
      'renameColumn t.b>c', 'dropColumn t.a', 'dropColumn t.x', 'addColumn t.y',
    ]);
  });

  it('renames a column that another table references, the foreign key following it', () => {
    const from = state(table('p', { columns: [id, col('code')], uniques: [{ name: 'p_code_key', columns: ['code'] }] }), table('c', {
      columns: [id, col('p_code')], foreignKeys: [fk('c_p_code_fk', ['p_code'], 'p', { referencedColumns: ['code'] })],
    }));
    const to = state(table('p', { columns: [id, col('ref')], uniques: [{ name: 'p_code_key', columns: ['ref'] }] }), table('c', {
      columns: [id, col('p_code')], foreignKeys: [fk('c_p_code_fk', ['p_code'], 'p', { referencedColumns: ['ref'] })],
    }));
    expect(summary(migrate(from, to, { renames: [{ kind: 'column', table: 'p', from: 'code', to: 'ref', rename: true }] }))).toEqual(['renameColumn p.code>ref']);
  });

  it('renames a table whose foreign key points at itself, and changes what its name is in', () => {
    const self = (name: string) => table(name, {
      columns: [id, col('parent_id')], foreignKeys: [fk(`${name}_parent_id_fk`, ['parent_id'], name)], indexes: [{ name: `${name}_parent_id_idx`, columns: ['parent_id'], unique: false }],
    });
    const from = state(self('old'));
    const to = state(self('new'));
    expect(detectChanges(from, to).questions).toEqual([{ kind: 'table', table: 'new', from: 'old', to: 'new' }]);
    expect(summary(migrate(from, to, { renames: [{ kind: 'table', table: 'new', from: 'old', to: 'new', rename: true }] }))).toEqual([
      'renameTable old>new', 'dropForeignKey new.old_parent_id_fk', 'dropIndex new.old_parent_id_idx', 'addIndex new.new_parent_id_idx', 'addForeignKey new.new_parent_id_fk',
    ]);
  });

  it('does not take a table with other columns for a renamed one', () => {
    const from = state(table('old', { columns: [id, col('a')] }));
    const to = state(table('new', { columns: [id, col('a', 'text')] }));
    expect(detectChanges(from, to).questions).toEqual([]);
    expect(summary(migrate(from, to))).toEqual(['dropTable old', 'createTable new']);
  });
});
