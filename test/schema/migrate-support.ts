/** Helpers for the migrate tests: hand-built states, and "apply gives exactly this state". */
import { expect } from 'vitest';
import type { AnyField } from '../../src/core/model/field.js';
import { ForeignKey } from '../../src/core/model/fields/foreign-key.js';
import { AutoField } from '../../src/core/model/fields/numeric-fields.js';
import { CharField, TextField } from '../../src/core/model/fields/text-fields.js';
import { model } from '../../src/core/query/model.js';
import { getDatabase } from '../../src/core/database/registry.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import type { ColumnState, SchemaState, TableState } from '../../src/core/dialect/schema-state.js';
import { applyOperations } from '../../src/core/schema/migrate/apply-operation.js';
import { detectChanges, type DetectOptions } from '../../src/core/schema/migrate/detect-changes.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';

export const id: ColumnState = { name: 'id', type: { kind: 'auto' }, nullable: false };

export function col(name: string, kind: 'int' | 'text' | 'bigint' | 'boolean' = 'int', extra: Partial<ColumnState> = {}): ColumnState {
  return { name, type: { kind }, nullable: false, ...extra };
}

export function table(name: string, extra: Partial<TableState> = {}): TableState {
  return { name, columns: [id], primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra };
}

export function state(...tables: TableState[]): SchemaState {
  return { version: 2, tables: [...tables].sort((a, b) => (a.name < b.name ? -1 : 1)), views: [], enums: [] };
}

/**
 * The state with each table's columns in the order `like` has them. A database appends an added column,
 * so a column added in the middle of a model is last in the migrated state: the same schema.
 */
export function inColumnOrderOf(s: SchemaState, like: SchemaState): SchemaState {
  return {
    ...s,
    tables: s.tables.map((t) => {
      const other = like.tables.find((x) => x.name === t.name);
      if (!other) return t;
      const at = (c: ColumnState): number => other.columns.findIndex((x) => x.name === c.name);
      return { ...t, columns: [...t.columns].sort((a, b) => at(a) - at(b)) };
    }),
  };
}

/** detectChanges from → to, asserting that replaying its operations gives `to` exactly (column order aside). */
export function migrate(from: SchemaState, to: SchemaState, options: DetectOptions = {}): Operation[] {
  const { operations, questions } = detectChanges(from, to, options);
  expect(questions).toEqual([]);
  const after = applyOperations(from, operations);
  expect(inColumnOrderOf(after, to)).toStrictEqual(to);
  // Nothing left to do: the models' state is reached.
  expect(detectChanges(after, to, options).operations).toEqual([]);
  return operations;
}

/** `op table.name` lines: the order of a plan at a glance. */
export function summary(ops: readonly Operation[]): string[] {
  return ops.map((op) => {
    switch (op.op) {
      case 'createTable':
        return `createTable ${op.table.name}`;
      case 'dropTable':
        return `dropTable ${op.table}`;
      case 'renameTable':
        return `renameTable ${op.from}>${op.to}`;
      case 'runSql':
      case 'runJs':
        return op.op;
      case 'addColumn':
      case 'alterColumn':
        return `${op.op} ${op.table}.${op.column.name}`;
      case 'dropColumn':
        return `dropColumn ${op.table}.${op.column}`;
      case 'renameColumn':
        return `renameColumn ${op.table}.${op.from}>${op.to}`;
      case 'addIndex':
        return `addIndex ${op.table}.${op.index.name}`;
      case 'addUnique':
        return `addUnique ${op.table}.${op.unique.name}`;
      case 'addForeignKey':
        return `addForeignKey ${op.table}.${op.foreignKey.name}`;
      case 'addCheck':
        return `addCheck ${op.table}.${op.check.name}`;
      default:
        return `${op.op} ${op.table}.${op.name}`;
    }
  });
}

/**
 * The models after each edit of the acceptance sequence: 1 add a model; 2 add a field with a
 * default, and a model with a foreign key; 3 rename a field; 4 change a type; 5 add indexes; 6 add a
 * foreign key; 7 remove an indexed field; 8 rename a model whose table name is the default.
 */
export function step(n: number): SchemaState {
  const author = n >= 8 ? 'MgdWriter' : 'MgdAuthor';
  const nameField: Record<string, AnyField> = n >= 3 ? { fullName: CharField({ maxLength: 100 }) } : { name: CharField({ maxLength: 100 }) };
  const emailField: Record<string, AnyField> = n >= 2 && n < 7 ? { email: CharField({ maxLength: 255, default: 'nobody@example.com', dbIndex: n >= 5 }) } : {};
  const Author = model(author, { id: AutoField(), ...nameField, ...emailField, country: CharField({ maxLength: 2 }) }, {
    indexes: n >= 5 ? [['id', 'country']] : [],
  });
  if (n < 2) return schemaFromModels([Author]);
  const Book = model('MgdBook', {
    id: AutoField(),
    author: ForeignKey(() => Author, { onDelete: 'CASCADE' }),
    title: n >= 4 ? TextField() : CharField({ maxLength: 200 }),
    ...(n >= 6 ? { editor: ForeignKey(() => Author, { onDelete: 'SET NULL', null: true }) } : {}),
  });
  return schemaFromModels([Author, Book]);
}

/** The connected database's tables whose names start with `prefix`, sorted. */
export async function tablesLike(prefix: string): Promise<string[]> {
  const db = getDatabase();
  const sql = {
    postgres: 'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE $1 ORDER BY 1',
    mysql: 'SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE ? ORDER BY 1',
    sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ORDER BY 1",
  }[db.dialect.name];
  return (await db.query({ sql, params: [`${prefix}%`] })).rows.map((r) => String(r[0]));
}

/** Drops the named tables on the connected database, those that exist. */
export async function dropNamedTables(names: readonly string[]): Promise<void> {
  const db = getDatabase();
  for (const t of names) await db.execute({ sql: `DROP TABLE IF EXISTS ${db.dialect.quoteIdent(t)}`, params: [] });
}
