/**
 * Each migration operation's DDL on PostgreSQL and MySQL/MariaDB, both executors: tables are created
 * from a state by the compiled createTable, rows inserted, the operation compiled and run; then the
 * database read back must equal the state applyOperation says it is in, and the rows must still be
 * there where their column is. (SQLite rebuilds tables instead: its own suite.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, disconnect, getDatabase, type Database, type DialectName } from '../../src/index.js';
import { ddlFor } from '../../src/core/dialect/dialects.js';
import type { ColumnState, SchemaState, TableState } from '../../src/core/dialect/schema-state.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { inspectWith } from '../../src/core/schema/inspect/inspect-url.js';
import { applyOperation, applyOperations } from '../../src/core/schema/migrate/apply-operation.js';
import { compileOperation } from '../../src/core/schema/migrate/compile-operation.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { testTargets } from '../support/orm.js';
import { column, insert } from './sql-helpers.js';

const P = 'mgc_';
const PARENT = `${P}parent`;
const ITEM = `${P}item`;
const THING = `${P}thing`;
const ALL = [ITEM, THING, `${P}extra`, PARENT];

const col = (name: string, type: ColumnState['type'], more: Partial<ColumnState> = {}): ColumnState => ({ name, type, nullable: false, ...more });

/** A check as each database prints it back, so the read state equals the written one. */
const CHECK: Record<DialectName, (c: string) => string> = { postgres: (c) => `(${c} >= 0)`, mysql: (c) => `\`${c}\` >= 0`, sqlite: (c) => `${c} >= 0` };

function parentTable(): TableState {
  return {
    name: PARENT, columns: [col('id', { kind: 'auto' }), col('name', { kind: 'char', maxLength: 50 })],
    primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [],
  };
}

function itemTable(d: DialectName): TableState {
  return {
    name: ITEM,
    columns: [
      col('id', { kind: 'auto' }),
      col('parent_id', { kind: 'int' }),
      col('other_id', { kind: 'int' }, { nullable: true }),
      col('label', { kind: 'char', maxLength: 20 }),
      col('code', { kind: 'char', maxLength: 50 }, { nullable: true }),
      col('qty', { kind: 'int' }, { default: { kind: 'value', value: 0 } }),
      col('note', { kind: 'text' }, { nullable: true }),
      col('num_text', { kind: 'text' }, { nullable: true }),
    ],
    primaryKey: ['id'],
    uniques: [{ name: `${P}item_label_key`, columns: ['label'] }],
    indexes: [{ name: `${P}item_qty_idx`, columns: ['qty'], unique: false }],
    foreignKeys: [{ name: `${P}item_parent_fk`, columns: ['parent_id'], referencedTable: PARENT, referencedColumns: ['id'], onDelete: 'CASCADE' }],
    checks: [{ name: `${P}item_qty_check`, expression: CHECK[d]('qty') }],
  };
}

const EMPTY: SchemaState = { version: 2, tables: [], views: [], enums: [] };

describe.each(testTargets().filter((t) => t.dialect !== 'sqlite'))('compiled migration operations on $label', (target) => {
  const d = target.dialect;
  let db: Database;
  let before: SchemaState;
  const shown: string[] = [];

  const run = async (statements: readonly string[]) => {
    for (const sql of statements) await db.execute({ sql, params: [] });
  };
  const dropAll = () => run(ALL.map((t) => `DROP TABLE IF EXISTS ${db.dialect.quoteIdent(t)}`));
  const names = (s: SchemaState) => s.tables.map((t) => t.name);
  const read = async (tables: readonly string[]) => (await inspectWith(db.executor, d, { tables })).state;

  /** Compiles and runs `op` on `before`, checks the database then holds what applyOperation says, and moves `before` on. */
  async function applies(op: Operation): Promise<string[]> {
    const statements = compileOperation(op, before, ddlFor(db.dialect), d);
    shown.push(`${op.op}: ${statements.join('; ')}`);
    await run(statements);
    const expected = applyOperation(before, op);
    expect(comparableState(await read(names(expected)), d)).toEqual(comparableState(expected, d));
    before = expected;
    return statements;
  }

  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor });
    db = getDatabase();
    await dropAll();
  });
  afterAll(async () => {
    try {
      await dropAll();
      if (process.env.OXEN_SHOW_DDL) process.stdout.write(`\n${target.label}\n${shown.join('\n')}\n`);
    } finally {
      await disconnect();
    }
  });

  beforeEach(async () => {
    await dropAll();
    const creates: Operation[] = [{ op: 'createTable', table: parentTable() }, { op: 'createTable', table: itemTable(d) }];
    let state = EMPTY;
    for (const op of creates) {
      await run(compileOperation(op, state, ddlFor(db.dialect), d));
      state = applyOperation(state, op);
    }
    before = applyOperations(EMPTY, creates);
    // Ids from the counters, so that a counter changed by a test goes on past them.
    await insert(db, PARENT, { name: 'p' });
    await insert(db, ITEM, { parent_id: 1, label: 'a', code: 'c1', qty: 5, note: null, num_text: '12' });
    await insert(db, ITEM, { parent_id: 1, label: 'b', code: null, qty: 6, note: 'kept', num_text: null });
  });

  it('creates tables that read back as their state', async () => {
    expect(comparableState(await read([PARENT, ITEM]), d)).toEqual(comparableState(before, d));
  });

  it('renames a table, its rows and the foreign keys into it following', async () => {
    const [sql] = await applies({ op: 'renameTable', from: ITEM, to: THING });
    expect(sql).toBe(d === 'postgres' ? 'ALTER TABLE "mgc_item" RENAME TO "mgc_thing"' : 'ALTER TABLE `mgc_item` RENAME TO `mgc_thing`');
    expect(await column(db, THING, 'label')).toEqual(['a', 'b']);
  });

  it('renames a parent table: the child foreign key follows', async () => {
    await applies({ op: 'renameTable', from: PARENT, to: `${P}extra` });
  });

  it('drops a table', async () => {
    await applies({ op: 'dropTable', table: ITEM });
  });

  it('adds a NOT NULL column with a default, filling the rows already there', async () => {
    await applies({ op: 'addColumn', table: ITEM, column: col('rank', { kind: 'int' }, { default: { kind: 'value', value: 7 } }) });
    expect(await column(db, ITEM, 'rank')).toEqual([7, 7]);
  });

  it('adds a column defaulting to the current time, filling the rows already there', async () => {
    await applies({ op: 'addColumn', table: ITEM, column: col('stamp', { kind: 'datetime' }, { default: { kind: 'now', onUpdate: false } }) });
    expect((await column(db, ITEM, 'stamp')).every((v) => v !== null)).toBe(true);
  });

  it('adds a nullable column', async () => {
    await applies({ op: 'addColumn', table: ITEM, column: col('title', { kind: 'char', maxLength: 30 }, { nullable: true }) });
    expect(await column(db, ITEM, 'title')).toEqual([null, null]);
  });

  it('drops a column', async () => {
    await applies({ op: 'dropColumn', table: ITEM, column: 'note' });
  });

  it('widens int to bigint, keeping the rows', async () => {
    await applies({ op: 'alterColumn', table: ITEM, column: col('qty', { kind: 'bigint' }, { default: { kind: 'value', value: '0' } }) });
    expect(await column(db, ITEM, 'qty')).toEqual([5, 6]);
  });

  it('widens char(50) to text, keeping the rows', async () => {
    await applies({ op: 'alterColumn', table: ITEM, column: col('code', { kind: 'text' }, { nullable: true }) });
    expect(await column(db, ITEM, 'code')).toEqual(['c1', null]);
  });

  it('makes a nullable column NOT NULL with a default, filling its NULLs', async () => {
    const statements = await applies({ op: 'alterColumn', table: ITEM, column: col('note', { kind: 'text' }, { default: { kind: 'value', value: 'none' } }) });
    expect(statements.some((s) => s.startsWith('UPDATE'))).toBe(true);
    expect(await column(db, ITEM, 'note')).toEqual(['none', 'kept']);
  });

  it('makes a NOT NULL column nullable', async () => {
    await applies({ op: 'alterColumn', table: ITEM, column: col('label', { kind: 'char', maxLength: 20 }, { nullable: true }) });
    await insert(db, ITEM, { parent_id: 1, label: null, qty: 1 });
  });

  it('adds a default and drops one', async () => {
    await applies({ op: 'alterColumn', table: ITEM, column: col('code', { kind: 'char', maxLength: 50 }, { nullable: true, default: { kind: 'value', value: 'x' } }) });
    await applies({ op: 'alterColumn', table: ITEM, column: col('qty', { kind: 'int' }) });
    await insert(db, ITEM, { parent_id: 1, label: 'c', qty: 1 });
    expect(await column(db, ITEM, 'code')).toEqual(['c1', null, 'x']);
  });

  it('changes text to int, casting the rows (USING on PostgreSQL)', async () => {
    const statements = await applies({ op: 'alterColumn', table: ITEM, column: col('num_text', { kind: 'int' }, { nullable: true }) });
    if (d === 'postgres') expect(statements).toContain('ALTER TABLE "mgc_item" ALTER COLUMN "num_text" TYPE integer USING "num_text"::integer');
    expect(await column(db, ITEM, 'num_text')).toEqual([12, null]);
  });

  it('changes a counting column to a 64-bit one, and one to a plain integer', async () => {
    await applies({ op: 'alterColumn', table: ITEM, column: col('id', { kind: 'bigAuto' }) });
    await insert(db, ITEM, { parent_id: 1, label: 'c', qty: 1 });
    expect(await column(db, ITEM, 'id')).toEqual([1, 2, 3]);
    await applies({ op: 'alterColumn', table: ITEM, column: col('id', { kind: 'bigint' }) });
  });

  it('makes a plain integer column count from past its rows', async () => {
    await applies({ op: 'alterColumn', table: ITEM, column: col('parent_id', { kind: 'int' }) });
    const op: Operation = { op: 'alterColumn', table: PARENT, column: col('id', { kind: 'int' }) };
    if (d === 'mysql') return; // MySQL refuses to change a column a foreign key references.
    await applies(op);
    await insert(db, PARENT, { id: 5, name: 'q' });
    await applies({ op: 'alterColumn', table: PARENT, column: col('id', { kind: 'auto' }) });
    await insert(db, PARENT, { name: 'r' });
    expect(await column(db, PARENT, 'id')).toEqual([1, 5, 6]);
  });

  it('renames a column, its unique constraint following, keeping the rows', async () => {
    await applies({ op: 'renameColumn', table: ITEM, from: 'label', to: 'title' });
    expect(await column(db, ITEM, 'title')).toEqual(['a', 'b']);
  });

  it('adds and drops an index', async () => {
    await applies({ op: 'addIndex', table: ITEM, index: { name: `${P}item_code_qty_idx`, columns: ['code', 'qty'], unique: false } });
    await applies({ op: 'dropIndex', table: ITEM, name: `${P}item_qty_idx` });
  });

  it('adds and drops a unique constraint', async () => {
    await applies({ op: 'addUnique', table: ITEM, unique: { name: `${P}item_code_key`, columns: ['code'] } });
    await applies({ op: 'dropUnique', table: ITEM, name: `${P}item_label_key` });
  });

  it('adds and drops a foreign key', async () => {
    await applies({
      op: 'addForeignKey', table: ITEM,
      foreignKey: { name: `${P}item_other_fk`, columns: ['other_id'], referencedTable: PARENT, referencedColumns: ['id'], onDelete: 'SET NULL' },
    });
    await applies({ op: 'dropForeignKey', table: ITEM, name: `${P}item_parent_fk` });
  });

  it('drops a foreign key whose columns an index of the state covers (MySQL made no index of its own)', async () => {
    await applies({ op: 'addIndex', table: ITEM, index: { name: `${P}item_parent_idx`, columns: ['parent_id', 'qty'], unique: false } });
    const statements = await applies({ op: 'dropForeignKey', table: ITEM, name: `${P}item_parent_fk` });
    expect(statements).toHaveLength(1);
  });

  it('adds and drops a check constraint', async () => {
    await applies({ op: 'addCheck', table: ITEM, check: { name: `${P}item_other_check`, expression: CHECK[d]('other_id') } });
    await applies({ op: 'dropCheck', table: ITEM, name: `${P}item_qty_check` });
  });

  it('runs runSql for its own dialect only, and nothing for runJs', () => {
    const ddl = ddlFor(db.dialect);
    expect(compileOperation({ op: 'runSql', sql: { [d]: ['SELECT 1', 'SELECT 2'] } }, before, ddl, d)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(compileOperation({ op: 'runSql', sql: { sqlite: 'SELECT 1' } }, before, ddl, d)).toEqual([]);
    expect(compileOperation({ op: 'runJs', up: () => {} }, before, ddl, d)).toEqual([]);
  });

  it('refuses an operation the state does not fit, before compiling anything', () => {
    expect(() => compileOperation({ op: 'dropColumn', table: ITEM, column: 'nope' }, before, ddlFor(db.dialect), d)).toThrow(/nope does not exist/);
  });
});
