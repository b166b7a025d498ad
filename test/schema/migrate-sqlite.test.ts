/**
 * SQLite's DDL for each migration operation, on real files with each executor: from the tables
 * createTables makes, one operation after another (each run as the runner will, foreign keys off
 * around a rebuild), the database read back equals the state the operations describe, every row
 * survives with the values of its surviving columns — rows referenced by other tables' foreign keys
 * included — and PRAGMA foreign_key_check stays empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableOperation } from '../../src/core/dialect/migration-operation.js';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { testExecutors } from '../support/orm.js';
import { tempDir } from './inspect-sqlite-support.js';
import {
  compile, expectDatabaseIs, expectRowsKept, foreignKeyViolations, openFile, readRows, runStatements, type MigratedFile, type Rows,
} from './migrate-sqlite-support.js';
import { schemaModels } from './schema-models.js';

const temp = tempDir('migrate-sqlite');
afterAll(() => temp.remove());

const models = Object.values(schemaModels('mgs_')) as AnyModel[];
const TABLES = ['mgs_author', 'mgs_book', 'mgs_review'];

interface Step {
  readonly op: TableOperation;
  /** Rebuilt, or altered in place by a single ALTER TABLE / CREATE INDEX / DROP INDEX. */
  readonly rebuild: boolean;
  /** What the step does to the rows beyond keeping them. */
  readonly rows?: (rows: Rows) => void;
}

const text = { kind: 'text' } as const;
const int = { kind: 'int' } as const;

const steps: Step[] = [
  { op: { op: 'addColumn', table: 'mgs_author', column: { name: 'bio', type: text, nullable: true } }, rebuild: false },
  {
    op: { op: 'addColumn', table: 'mgs_book', column: { name: 'pages', type: int, nullable: false, default: { kind: 'value', value: 7 } } },
    rebuild: false,
    rows: (r) => expect(r.mgs_book!.map((b) => b.pages)).toEqual([7, 7]),
  },
  {
    // CURRENT_TIMESTAMP cannot fill existing rows through ADD COLUMN; the rebuild's copy leaves the column to its default.
    op: { op: 'addColumn', table: 'mgs_author', column: { name: 'joined_at', type: { kind: 'datetime' }, nullable: false, default: { kind: 'now', onUpdate: false } } },
    rebuild: true,
    rows: (r) => expect(r.mgs_author!.map((a) => typeof a.joined_at)).toEqual(['string', 'string']),
  },
  {
    op: { op: 'addColumn', table: 'mgs_review', column: { name: 'tag', type: text, nullable: false, default: { kind: 'expression', sql: "lower('NEW')" } } },
    rebuild: true,
    rows: (r) => expect(r.mgs_review!.map((x) => x.tag)).toEqual(['new', 'new']),
  },
  {
    op: { op: 'alterColumn', table: 'mgs_review', column: { name: 'stars', type: { kind: 'decimal', precision: 4, scale: 1 }, nullable: false } },
    rebuild: true,
    rows: (r) => expect(r.mgs_review!.map((x) => x.stars)).toEqual(['5.0', '3.0']),
  },
  {
    op: { op: 'alterColumn', table: 'mgs_review', column: { name: 'stars', type: int, nullable: false } },
    rebuild: true,
    rows: (r) => expect(r.mgs_review!.map((x) => x.stars)).toEqual([5, 3]),
  },
  {
    // NULLs take the default as the column becomes NOT NULL.
    op: { op: 'alterColumn', table: 'mgs_author', column: { name: 'bio', type: text, nullable: false, default: { kind: 'value', value: 'none' } } },
    rebuild: true,
    rows: (r) => expect(r.mgs_author!.map((a) => a.bio)).toEqual(['none', 'none']),
  },
  { op: { op: 'renameColumn', table: 'mgs_author', from: 'bio', to: 'biography' }, rebuild: false },
  // Other tables' foreign keys follow a renamed referenced column.
  { op: { op: 'renameColumn', table: 'mgs_book', from: 'id', to: 'book_key' }, rebuild: false },
  { op: { op: 'addIndex', table: 'mgs_review', index: { name: 'mgs_review_stars_idx', columns: ['stars'], unique: false } }, rebuild: false },
  { op: { op: 'dropIndex', table: 'mgs_review', name: 'mgs_review_stars_idx' }, rebuild: false },
  { op: { op: 'addUnique', table: 'mgs_author', unique: { name: 'mgs_author_name_key', columns: ['name'] } }, rebuild: true },
  { op: { op: 'dropUnique', table: 'mgs_author', name: 'mgs_author_name_key' }, rebuild: true },
  { op: { op: 'addCheck', table: 'mgs_review', check: { name: 'mgs_review_stars_range', expression: '"stars" BETWEEN 0 AND 5' } }, rebuild: true },
  { op: { op: 'dropCheck', table: 'mgs_review', name: 'mgs_review_stars_range' }, rebuild: true },
  { op: { op: 'addColumn', table: 'mgs_review', column: { name: 'author_id', type: int, nullable: true } }, rebuild: false },
  {
    op: { op: 'addForeignKey', table: 'mgs_review', foreignKey: { name: 'mgs_review_author_id_fk', columns: ['author_id'], referencedTable: 'mgs_author', referencedColumns: ['id'], onDelete: 'SET NULL' } },
    rebuild: true,
  },
  { op: { op: 'dropForeignKey', table: 'mgs_review', name: 'mgs_review_author_id_fk' }, rebuild: true },
  { op: { op: 'dropColumn', table: 'mgs_review', column: 'author_id' }, rebuild: false },
  // The parent of two foreign keys, rebuilt with its children's rows in place.
  { op: { op: 'dropColumn', table: 'mgs_author', column: 'biography' }, rebuild: false },
  { op: { op: 'addCheck', table: 'mgs_review', check: { name: 'mgs_review_not_tagged', expression: "\"stars\" >= 0 OR 'tag' = ''" } }, rebuild: true },
  // The check names 'tag' in a string: DROP COLUMN might refuse, so the table is rebuilt, keeping the check.
  { op: { op: 'dropColumn', table: 'mgs_review', column: 'tag' }, rebuild: true },
  { op: { op: 'alterColumn', table: 'mgs_book', column: { name: 'edition', type: { kind: 'float' }, nullable: true } }, rebuild: true },
];

/** Which old column each surviving column's value comes from, unchanged. */
function keptColumn(op: TableOperation): (table: string, column: string) => string | undefined {
  return (table, column) => {
    if (table !== op.table) return column;
    if (op.op === 'renameColumn') return column === op.from ? op.to : column;
    if (op.op === 'dropColumn' && column === op.column) return undefined;
    if (op.op === 'alterColumn' && column === op.column.name) return undefined;
    return column;
  };
}

describe.each(testExecutors())('SQLite migration DDL, %s executor', (executor) => {
  let file: MigratedFile;
  let state: SchemaState;

  beforeAll(async () => {
    file = await openFile(temp.file(`steps-${executor}.sqlite`), executor, models);
    state = schemaFromModels(models);
    const run = (sql: string) => file.db.execute({ sql, params: [] });
    await run("INSERT INTO mgs_author (id, name, email, country) VALUES (1, 'Ann', 'a@x', 'FR'), (2, 'Bob', 'b@x', 'DE'), (3, 'Cy', 'c@x', 'US')");
    // The highest id deleted: AUTOINCREMENT must not hand it out again after a rebuild.
    await run('DELETE FROM mgs_author WHERE id = 3');
    await run("INSERT INTO mgs_book (id, author_id, editor_id, title, edition) VALUES (1, 1, 2, 'T1', 2), (2, 2, NULL, 'T2', 1)");
    await run('INSERT INTO mgs_review (id, book_id, stars) VALUES (1, 1, 5), (2, 2, 3)');
    // A view on a rebuilt table: the user's, kept working.
    await run('CREATE VIEW mgs_author_names AS SELECT name FROM mgs_author');
  });
  afterAll(async () => {
    await file?.db.close();
  });

  it.each(steps.map((s, i) => [`${i + 1}. ${s.op.op} ${s.op.table}`, s] as const))('%s', async (_name, step) => {
    const { statements, next } = compile(file.ddl, state, step.op);
    expect(statements[0]!.includes('pragma_foreign_keys'), statements.join(';\n')).toBe(step.rebuild);
    if (!step.rebuild) expect(statements).toHaveLength(1);
    const before = await readRows(file.db, TABLES);
    await runStatements(file.db, statements, step.rebuild);
    state = next;
    await expectDatabaseIs(file.db, state);
    const after = await readRows(file.db, TABLES);
    expectRowsKept(before, after, keptColumn(step.op));
    step.rows?.(after);
    expect(await foreignKeyViolations(file.db)).toEqual([]);
    expect((await file.db.query({ sql: 'SELECT name FROM mgs_author_names ORDER BY name', params: [] })).rows).toEqual([['Ann'], ['Bob']]);
  });

  it('keeps the AUTOINCREMENT counter across rebuilds: a deleted id is not handed out again', async () => {
    const result = await file.db.execute({ sql: "INSERT INTO mgs_author (name, email, country) VALUES ('Dee', 'd@x', 'NL')", params: [] });
    expect(Number(result.insertId)).toBe(4);
  });
});
