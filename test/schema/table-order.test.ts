import { describe, expect, it } from 'vitest';
import { orderTables } from '../../src/core/schema/table-order.js';
import type { ForeignKeyState, TableState } from '../../src/core/dialect/schema-state.js';

function table(name: string, ...references: string[]): TableState {
  const foreignKeys: ForeignKeyState[] = references.map((to) => ({
    name: `${name}_${to}_fk`, columns: [`${to}_id`], referencedTable: to, referencedColumns: ['id'], onDelete: 'CASCADE',
  }));
  return { name, columns: [], primaryKey: ['id'], uniques: [], indexes: [], foreignKeys, checks: [] };
}

const names = (tables: readonly TableState[]) => tables.map((t) => t.name);

describe('orderTables', () => {
  it('puts referenced tables first, ties by name', () => {
    const order = orderTables([table('c', 'b'), table('b', 'a'), table('z'), table('a')]);
    expect(names(order.tables)).toEqual(['a', 'b', 'c', 'z']);
    expect(order.deferred).toEqual([]);
  });

  it('ignores self-references and tables outside the set', () => {
    const order = orderTables([table('b', 'b', 'elsewhere'), table('a', 'b')]);
    expect(names(order.tables)).toEqual(['b', 'a']);
    expect(order.deferred).toEqual([]);
  });

  it('breaks a cycle at the first table by name and defers only its forward references', () => {
    const order = orderTables([table('y', 'x'), table('x', 'y', 'w'), table('w')]);
    expect(names(order.tables)).toEqual(['w', 'x', 'y']);
    expect(order.deferred.map((d) => `${d.table}.${d.fk.name}`)).toEqual(['x.x_y_fk']);
  });
});
