/** diffStates on hand-built states: what counts as a difference and what a database cannot hold. */
import { describe, expect, it } from 'vitest';
import type { ColumnState, SchemaState, TableState } from '../../src/core/dialect/schema-state.js';
import { diffStates } from '../../src/core/schema/diff/diff-states.js';

const id: ColumnState = { name: 'id', type: { kind: 'auto' }, nullable: false };

function table(extra: Partial<TableState> = {}): TableState {
  return { name: 'item', columns: [id], primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra };
}

function state(...tables: TableState[]): SchemaState {
  return { version: 2, tables, views: [], enums: [] };
}

describe('diffStates', () => {
  it('ignores what only the database side carries, and defaults a database cannot hold', () => {
    const models = state(table({ columns: [id, { name: 'tag', type: { kind: 'text' }, nullable: false, default: { kind: 'function' } }] }));
    const database = state(table({ columns: [{ ...id, dbType: 'integer' }, { name: 'tag', type: { kind: 'text' }, nullable: false, dbType: 'text', comment: 'why' }], comment: 'x' }));
    expect(diffStates(models, { ...database, dialect: 'postgres', views: [{ name: 'v', columns: [], definition: 'SELECT 1' }] }, 'postgres')).toEqual([]);
  });

  it('treats a unique index and a unique constraint on the same columns as the same rule', () => {
    const models = state(table({ indexes: [{ name: 'item_a_b_uniq', columns: ['a', 'b'], unique: true }] }));
    const database = state(table({ uniques: [{ name: 'item_a_b_uniq', columns: ['a', 'b'] }] }));
    expect(diffStates(models, database, 'mysql')).toEqual([]);
  });

  it('keeps autoNow\'s on-update only where the DDL can hold it', () => {
    const col = (onUpdate: boolean): ColumnState => ({ name: 'at', type: { kind: 'datetime' }, nullable: false, default: { kind: 'now', onUpdate } });
    const models = state(table({ columns: [id, col(true)] }));
    const database = state(table({ columns: [id, col(false)] }));
    expect(diffStates(models, database, 'postgres')).toEqual([]);
    expect(diffStates(models, database, 'mysql')).toEqual([
      { change: 'changed', object: 'column', table: 'item', name: 'at', property: 'default', expected: 'now, on update', actual: 'now' },
    ]);
  });

  it('reports null, default and type changes of one column separately', () => {
    const models = state(table({ columns: [id, { name: 'n', type: { kind: 'decimal', precision: 10, scale: 2 }, nullable: false, default: { kind: 'value', value: '0.00' } }] }));
    const database = state(table({ columns: [id, { name: 'n', type: { kind: 'decimal', precision: 12, scale: 2 }, nullable: true }] }));
    expect(diffStates(models, database, 'postgres').map((d) => [d.property, d.expected, d.actual])).toEqual([
      ['type', 'decimal(10,2)', 'decimal(12,2)'],
      ['null', 'NOT NULL', 'NULL'],
      ['default', '"0.00"', '(none)'],
    ]);
  });

  it('calls an index with another name but the same definition a rename', () => {
    const models = state(table({ indexes: [{ name: 'new_name', columns: ['id'], unique: false }] }));
    const database = state(table({ indexes: [{ name: 'old_name', columns: ['id'], unique: false }, { name: 'other', columns: ['id'], unique: false, where: 'id > 0' }] }));
    expect(diffStates(models, database, 'sqlite')).toEqual([
      { change: 'changed', object: 'index', table: 'item', name: 'new_name', property: 'name', expected: 'new_name', actual: 'old_name' },
      { change: 'extra', object: 'index', table: 'item', name: 'other', actual: 'columns (id), unique not unique, where id > 0, method (default)' },
    ]);
  });

  it('sees a changed primary key, a changed check and a bigAuto that SQLite stores as auto', () => {
    const models = state(table({ columns: [{ ...id, type: { kind: 'bigAuto' } }], checks: [{ name: 'c', expression: 'id > 0' }] }));
    const database = state(table({ primaryKey: [], checks: [{ name: 'c', expression: 'id >= 0' }] }));
    expect(diffStates(models, database, 'sqlite')).toEqual([
      { change: 'changed', object: 'primary key', table: 'item', property: 'columns', expected: '(id)', actual: '()' },
      { change: 'changed', object: 'check', table: 'item', name: 'c', property: 'expression', expected: 'id > 0', actual: 'id >= 0' },
    ]);
    expect(diffStates(models, database, 'postgres')[0]).toMatchObject({ object: 'column', property: 'type', expected: 'bigAuto', actual: 'auto' });
  });
});
