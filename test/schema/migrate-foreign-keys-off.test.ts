/** Which compiled operations the runner must run with foreign keys off: SQLite's rebuilds, and nothing else. */
import { describe, expect, it } from 'vitest';
import { MySqlDialect } from '../../src/core/dialect/mysql/mysql-dialect.js';
import { PostgresDialect } from '../../src/core/dialect/postgres/postgres-dialect.js';
import { SqliteDialect } from '../../src/core/dialect/sqlite/sqlite-dialect.js';
import { ddlFor } from '../../src/core/dialect/dialects.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { needsForeignKeysOff } from '../../src/core/schema/migrate/compile-operation.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { schemaModels } from './schema-models.js';

const { Author, Book, Review } = schemaModels('fko_');
const state = schemaFromModels([Author, Book, Review]);
const book = state.tables.find((t) => t.name === 'fko_book')!;
const title = book.columns.find((c) => c.name === 'title')!;

const widen: Operation = { op: 'alterColumn', table: 'fko_book', column: { ...title, type: { kind: 'text' } } };
const index: Operation = { op: 'addIndex', table: 'fko_book', index: { name: 'fko_book_title_idx', columns: ['title'], unique: false } };
const rename: Operation = { op: 'renameColumn', table: 'fko_book', from: 'title', to: 'name' };

describe('needsForeignKeysOff', () => {
  it('is true for an operation SQLite rebuilds the table for, and false where it alters in place', () => {
    const sqlite = ddlFor(new SqliteDialect());
    expect(needsForeignKeysOff(widen, state, sqlite)).toBe(true);
    expect(needsForeignKeysOff(index, state, sqlite)).toBe(false);
    expect(needsForeignKeysOff(rename, state, sqlite)).toBe(false);
  });

  it('is never true on the servers, which alter tables in place', () => {
    for (const ddl of [ddlFor(new PostgresDialect()), ddlFor(new MySqlDialect(true))]) {
      for (const op of [widen, index, rename]) expect(needsForeignKeysOff(op, state, ddl)).toBe(false);
    }
  });
});
