/**
 * SQLite's own features read into the state exactly (fixtures/sqlite/features.sql): WITHOUT ROWID,
 * AUTOINCREMENT, CHECKs, generated columns, partial and expression indexes, a view, a trigger and an
 * FTS5 table (warned about), and tables as Django and Rails write them. Then the `sql` format of it,
 * run on an empty file, reads back the same.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TableState } from '../../src/core/dialect/schema-state.js';
import { readCatalog } from '../../src/core/dialect/sqlite/introspect-catalog.js';
import { DBSTAT_MAX_BYTES, readFigures } from '../../src/core/dialect/sqlite/introspect-figures.js';
import { createExecutor } from '../../src/core/executor/create-executor.js';
import type { Queryable } from '../../src/core/executor/executor.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { testExecutors } from '../support/orm.js';
import { fixtures, inspectFile, loadSql, recreate, tempDir, unaccounted } from './inspect-sqlite-support.js';

const temp = tempDir('inspect-sqlite-features');
afterAll(() => temp.remove());

const expected: Record<string, TableState> = {
  kv: {
    name: 'kv',
    columns: [
      { name: 'k', type: { kind: 'text' }, nullable: false, dbType: 'TEXT' },
      { name: 'v', type: { kind: 'binary' }, nullable: true, dbType: 'BLOB', default: { kind: 'value', value: '00ff' } },
    ],
    primaryKey: ['k'], uniques: [], indexes: [], foreignKeys: [], checks: [], withoutRowid: true,
  },
  pair: {
    name: 'pair',
    // An INTEGER key of a WITHOUT ROWID table is not a rowid: a plain int.
    columns: [
      { name: 'a', type: { kind: 'int' }, nullable: false, dbType: 'INTEGER' },
      { name: 'b', type: { kind: 'text' }, nullable: false, dbType: 'TEXT' },
    ],
    primaryKey: ['a', 'b'], uniques: [], indexes: [], foreignKeys: [], checks: [], withoutRowid: true,
  },
  counter: {
    name: 'counter',
    columns: [
      { name: 'id', type: { kind: 'auto' }, nullable: false, dbType: 'INTEGER' },
      { name: 'n', type: { kind: 'int' }, nullable: false, dbType: 'INT', default: { kind: 'value', value: 0 } },
      { name: 'label', type: { kind: 'text' }, nullable: true, dbType: 'TEXT', default: { kind: 'value', value: "it's" } },
      { name: 'stamp', type: { kind: 'datetime' }, nullable: true, dbType: 'DATETIME', default: { kind: 'now', onUpdate: false } },
      { name: 'day', type: { kind: 'date' }, nullable: true, dbType: 'DATE', default: { kind: 'expression', sql: "date('now')" } },
      { name: 'ratio', type: { kind: 'float' }, nullable: true, dbType: 'REAL', default: { kind: 'value', value: -1.5 } },
    ],
    primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [{ name: 'counter_n_check', expression: 'n >= 0' }],
  },
  item: {
    name: 'item',
    columns: [
      { name: 'id', type: { kind: 'auto' }, nullable: false, dbType: 'INTEGER' },
      { name: 'price', type: { kind: 'decimal', precision: 10, scale: 2 }, nullable: false, dbType: 'DECIMAL TEXT(10,2)', default: { kind: 'value', value: '0.00' } },
      { name: 'qty', type: { kind: 'int' }, nullable: false, dbType: 'INTEGER', default: { kind: 'value', value: 1 } },
      { name: 'total', type: { kind: 'float' }, nullable: true, dbType: 'REAL', generated: { expression: 'price * qty', stored: false } },
      { name: 'name', type: { kind: 'text' }, nullable: false, dbType: 'TEXT' },
      { name: 'upper_name', type: { kind: 'text' }, nullable: true, dbType: 'TEXT', generated: { expression: 'upper(name)', stored: true } },
      { name: 'counter_id', type: { kind: 'int' }, nullable: true, dbType: 'INTEGER' },
    ],
    primaryKey: ['id'],
    uniques: [{ name: 'item_name_key', columns: ['name'] }],
    indexes: [
      { name: 'item_expensive_idx', columns: ['price'], unique: false, where: 'price > 100' },
      { name: 'item_lower_name_idx', columns: ['name'], unique: false, expression: 'lower(name)' },
      { name: 'item_name_qty_desc', columns: ['name', 'qty'], unique: true, expression: 'name, qty DESC' },
    ],
    // `REFERENCES counter` names no column: the parent's primary key.
    foreignKeys: [{ name: 'item_counter_id_fk', columns: ['counter_id'], referencedTable: 'counter', referencedColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'CASCADE' }],
    checks: [{ name: 'item_check', expression: 'price >= 0' }, { name: 'item_qty_positive', expression: 'qty > 0' }],
  },
  blog_post: {
    name: 'blog_post',
    columns: [
      { name: 'id', type: { kind: 'auto' }, nullable: false, dbType: 'INTEGER' },
      { name: 'title', type: { kind: 'char', maxLength: 255 }, nullable: false, dbType: 'varchar(255)' },
      { name: 'published', type: { kind: 'boolean' }, nullable: false, dbType: 'bool' },
      // NUMERIC affinity stores decimals as floats: not something a DecimalField reads back exactly.
      { name: 'price', type: { kind: 'raw', spelling: 'decimal(10, 2)' }, nullable: true, dbType: 'decimal(10, 2)' },
      { name: 'created_at', type: { kind: 'datetime' }, nullable: false, dbType: 'datetime' },
      { name: 'meta', type: { kind: 'text' }, nullable: true, dbType: 'TEXT' },
      { name: 'day', type: { kind: 'date' }, nullable: true, dbType: 'date' },
      { name: 'uid', type: { kind: 'char', maxLength: 32 }, nullable: false, dbType: 'char(32)' },
    ],
    primaryKey: ['id'],
    uniques: [{ name: 'blog_post_uid_key', columns: ['uid'] }],
    indexes: [], foreignKeys: [],
    checks: [{ name: 'blog_post_meta_check', expression: '(JSON_VALID("meta") OR "meta" IS NULL)' }],
  },
  posts: {
    name: 'posts',
    columns: [
      { name: 'id', type: { kind: 'auto' }, nullable: false, dbType: 'INTEGER' },
      { name: 'title', type: { kind: 'text' }, nullable: true, dbType: 'varchar' },
      { name: 'published', type: { kind: 'boolean' }, nullable: false, dbType: 'boolean', default: { kind: 'value', value: false } },
      { name: 'score', type: { kind: 'float' }, nullable: true, dbType: 'float' },
      { name: 'created_at', type: { kind: 'datetime' }, nullable: false, dbType: 'datetime(6)' },
      { name: 'data', type: { kind: 'json' }, nullable: true, dbType: 'json', default: { kind: 'value', value: {} } },
      { name: 'blog_post_id', type: { kind: 'int' }, nullable: false, dbType: 'INTEGER' },
    ],
    primaryKey: ['id'], uniques: [],
    indexes: [{ name: 'index_posts_on_blog_post_id', columns: ['blog_post_id'], unique: false }],
    foreignKeys: [{ name: 'fk_rails_0123456789', columns: ['blog_post_id'], referencedTable: 'blog_post', referencedColumns: ['id'], onDelete: 'NO ACTION' }],
    checks: [],
  },
};

describe.each(testExecutors())('SQLite features, %s executor', (executor) => {
  const file = temp.file(`features-${executor}.sqlite`);
  loadSql(file, path.join(fixtures, 'features.sql'));

  it('reads each table exactly', async () => {
    const { state } = await inspectFile(file, executor);
    // SQLite's own tables (sqlite_sequence, sqlite_stat1) and the FTS table's shadow tables are not listed.
    expect(state.tables.map((t) => t.name)).toEqual(['blog_post', 'counter', 'item', 'kv', 'pair', 'posts']);
    for (const table of state.tables) expect(table, table.name).toEqual(expected[table.name]);
  });

  it('reads the view, and warns about what the state cannot hold, by name', async () => {
    const inspection = await inspectFile(file, executor);
    expect(inspection.state.views).toEqual([{
      name: 'item_totals',
      columns: [
        { name: 'name', type: { kind: 'text' }, nullable: true, dbType: 'TEXT' },
        { name: 'total', type: { kind: 'float' }, nullable: true, dbType: 'REAL' },
        { name: 'qty', type: { kind: 'int' }, nullable: true, dbType: 'INTEGER' },
      ],
      definition: 'SELECT name, total, qty FROM item WHERE qty > 0',
    }]);
    expect(inspection.warnings.map((w) => w.object)).toEqual(['pair.b', 'trigger item_touch', 'virtual table doc']);
    expect(inspection.warnings[0]!.message).toMatch(/^COLLATE NOCASE is not in the state/);
    expect(inspection.warnings[1]!.message).toMatch(/^on item: triggers are not in the state/);
    expect(inspection.warnings[2]!.message).toContain('USING fts5');
    expect(inspection.warnings[2]!.message).toContain('doc_config, doc_content, doc_data, doc_docsize, doc_idx');
    expect(unaccounted(file, inspection)).toEqual([]);
  });

  it('counts rows and bytes with dbstat', async () => {
    const { figures } = await inspectFile(file, executor);
    expect(Object.keys(figures).sort()).toEqual(['blog_post', 'counter', 'item', 'kv', 'pair', 'posts']);
    expect(figures.item).toEqual({ rowsEstimate: 2, totalBytes: 5 * 4096 });
    expect(figures.counter).toEqual({ rowsEstimate: 1, totalBytes: 4096 });
  });

  it('past 256 MiB, takes rows from what ANALYZE left and leaves bytes unknown; without dbstat, both unknown', async () => {
    const db = await createExecutor(parseDatabaseUrl(`sqlite://${file}?mode=ro`), { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false }, executor);
    try {
      const { objects } = await readCatalog(db);
      const tables = [{ name: 'item', withoutRowid: false }, { name: 'kv', withoutRowid: true }];
      expect(await readFigures(db, tables, objects, DBSTAT_MAX_BYTES + 1)).toEqual({ item: { rowsEstimate: 2, totalBytes: null }, kv: { rowsEstimate: null, totalBytes: null } });
      const noDbstat: Queryable = {
        query: (stmt) => (stmt.sql.includes('dbstat') ? Promise.reject(new Error('no such table: dbstat')) : db.query(stmt)),
        execute: (stmt) => db.execute(stmt),
        batch: (stmts) => db.batch(stmts),
        stream: (stmt, chunkSize) => db.stream(stmt, chunkSize),
      };
      expect(await readFigures(noDbstat, tables, objects, 4096)).toEqual({ item: { rowsEstimate: null, totalBytes: null }, kv: { rowsEstimate: null, totalBytes: null } });
    } finally {
      await db.close();
    }
  });

  it('picks tables and views with tables / exclude, ignoring ASCII case as SQLite does', async () => {
    const only = await inspectFile(file, executor, { tables: ['ITEM', 'item_totals', 'doc'] });
    expect(only.state.tables.map((t) => t.name)).toEqual(['item']);
    expect(only.state.views.map((v) => v.name)).toEqual(['item_totals']);
    expect(only.warnings.map((w) => w.object)).toEqual(['trigger item_touch', 'virtual table doc']);
    const rest = await inspectFile(file, executor, { exclude: ['item', 'doc', 'item_totals', 'pair'] });
    expect(rest.state.tables.map((t) => t.name)).toEqual(['blog_post', 'counter', 'kv', 'posts']);
    expect(rest.warnings).toEqual([]);
  });

  it('writes SQL that recreates the same tables and views', async () => {
    const { first, second, sql } = await recreate(file, temp.file(`features-copy-${executor}.sqlite`), executor);
    expect(comparableState(second.state, 'sqlite')).toEqual(comparableState(first.state, 'sqlite'));
    expect(second.state.views).toEqual(first.state.views);
    // Spellings are Oxen's in the copy (`bool` becomes BOOLEAN), kinds the same; the file's own spellings where Oxen already wrote them.
    expect(second.state.tables.find((t) => t.name === 'item')).toEqual(first.state.tables.find((t) => t.name === 'item'));
    expect(sql).toContain('CREATE UNIQUE INDEX "item_name_qty_desc" ON "item" (name, qty DESC);');
    expect(sql).toContain('"total" REAL GENERATED ALWAYS AS (price * qty) VIRTUAL');
    expect(sql).toContain(') WITHOUT ROWID;');
    // What the state does not hold is gone, and nothing else is left to warn about.
    expect(second.warnings).toEqual([]);
  });
});
