/**
 * The four named lists of a table (uniques, indexes, foreign keys, checks) handled alike by
 * `migrate make`: each has an add and a drop operation, matched by name.
 */
import type { CheckState, ForeignKeyState, IndexState, UniqueState } from '../../dialect/schema-state.js';
import type { Operation } from './operation.js';

export const CONSTRAINT_LISTS = ['uniques', 'indexes', 'foreignKeys', 'checks'] as const;
export type ConstraintList = (typeof CONSTRAINT_LISTS)[number];

export function addConstraint(list: ConstraintList, table: string, item: { readonly name: string }): Operation {
  switch (list) {
    case 'uniques':
      return { op: 'addUnique', table, unique: item as UniqueState };
    case 'indexes':
      return { op: 'addIndex', table, index: item as IndexState };
    case 'foreignKeys':
      return { op: 'addForeignKey', table, foreignKey: item as ForeignKeyState };
    case 'checks':
      return { op: 'addCheck', table, check: item as CheckState };
  }
}

export function dropConstraint(list: ConstraintList, table: string, name: string): Operation {
  switch (list) {
    case 'uniques':
      return { op: 'dropUnique', table, name };
    case 'indexes':
      return { op: 'dropIndex', table, name };
    case 'foreignKeys':
      return { op: 'dropForeignKey', table, name };
    case 'checks':
      return { op: 'dropCheck', table, name };
  }
}
