/**
 * The MySQL / MariaDB introspector on what Oxen creates, with both executors, in a database of its own:
 *  - createTables(models) reads back as the models' state (comparableState), every kind and option;
 *  - the `sql` format of that inspection, run on an empty database, reads back the same again;
 *  - a table with what Oxen's models cannot say (comments, generated columns, FULLTEXT and prefix
 *    indexes, checks, defaults holding quotes, backslashes and newlines, expression defaults, ON UPDATE)
 *    goes through the `sql` format unchanged, state and all.
 * The spellings expected are MariaDB's (10.11, the server CI runs): display widths, `ucase`, long
 * unique keys as HASH indexes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createTables, disconnect } from '../../src/index.js';
import type { Executor } from '../../src/core/executor/executor.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { schemaSql } from '../../src/core/schema/inspect/format-sql.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { MySqlDdl } from '../../src/core/dialect/mysql/ddl.js';
import { MySqlDialect } from '../../src/core/dialect/mysql/mysql-dialect.js';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { cycleModels, kindModels, schemaModels } from './schema-models.js';
import { dropDatabase, executors, ident, inspectDatabase, openAdmin, recreateDatabase, runClient, serverUrl, urlOf } from './fixtures/mysql/servers.js';

const ddl = new MySqlDdl(new MySqlDialect(true));

function models(): AnyModel[] {
  const { Author, Book, Review } = schemaModels('');
  const { Everything, Child } = kindModels('');
  const { Team, Player } = cycleModels('');
  return [Review, Book, Author, Child, Everything, Player, Team] as AnyModel[];
}

/** Features Oxen's models do not declare, created with plain SQL as another tool would. */
const FEATURES = String.raw`
CREATE TABLE feature (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(200) NOT NULL DEFAULT 'it''s a "title"' COMMENT 'the title; it''s shown as is',
  path VARCHAR(100) DEFAULT 'C:\\temp\\new',
  note TEXT DEFAULT 'line one
line two',
  body MEDIUMTEXT,
  doc JSON DEFAULT ('{"a": [1, "x\\"y"]}'),
  flags SET('a','b','c') NOT NULL DEFAULT 'a,c',
  mood ENUM('ok','it''s') DEFAULT 'it''s',
  small SMALLINT UNSIGNED NOT NULL DEFAULT 7,
  ratio FLOAT,
  code CHAR(4) NOT NULL DEFAULT 'ab',
  token CHAR(36) DEFAULT (uuid()),
  raw_bytes VARBINARY(16),
  picture BLOB DEFAULT (X'00ff10'),
  born DATE DEFAULT '2000-02-29',
  stamp TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  touched TIMESTAMP NULL DEFAULT NULL,
  precise DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
  at_ms DATETIME(3) DEFAULT '2024-02-03 04:05:06.789',
  seconds DATETIME DEFAULT '1999-12-31 23:59:59',
  spent TIME DEFAULT '01:02:03',
  yr YEAR,
  bits BIT(3) DEFAULT b'101',
  total DECIMAL(10,2) AS (small * 2.5) STORED,
  upper_title VARCHAR(200) AS (upper(title)) VIRTUAL,
  later DATETIME DEFAULT (CURRENT_TIMESTAMP + INTERVAL 1 DAY),
  active TINYINT(1) NOT NULL DEFAULT 1,
  big_neg BIGINT DEFAULT -9223372036854775808,
  ratio2 DOUBLE DEFAULT 1e300,
  parent_id BIGINT,
  spot POINT NOT NULL,
  UNIQUE KEY feature_code_uniq (code, born),
  UNIQUE KEY feature_note_uniq (note),
  SPATIAL KEY feature_spot (spot),
  UNIQUE KEY feature_title_prefix (title(20)),
  KEY feature_desc (small DESC, born),
  FULLTEXT KEY feature_text (body, note),
  KEY feature_path (path),
  CONSTRAINT feature_small_check CHECK (small < 1000),
  CONSTRAINT feature_parent_fk FOREIGN KEY (parent_id) REFERENCES feature (id) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='features \\ the models lack';
`;

describe.skipIf(!serverUrl).each(executors)('MySQL introspector with the %s executor', (executor) => {
  const db = `inspect_my_rt_${executor}`;
  const copy = `inspect_my_rt_${executor}_copy`;
  let admin: Executor;

  beforeAll(async () => {
    admin = await openAdmin();
    await recreateDatabase(admin, db);
    await recreateDatabase(admin, copy);
    await connect({ databases: { default: urlOf(db) }, executor });
    await createTables(models());
    await disconnect();
  });
  afterAll(async () => {
    await dropDatabase(admin, db);
    await dropDatabase(admin, copy);
    await admin.close();
  });

  let inspected: SchemaState;

  it('reads back the state the models describe', async () => {
    const inspection = await inspectDatabase(db, executor);
    inspected = inspection.state;
    expect(inspected.dialect).toBe('mysql');
    expect(comparableState(inspected, 'mysql')).toEqual(comparableState(schemaFromModels(models()), 'mysql'));
    expect(inspected.tables.every((t) => t.columns.every((c) => typeof c.dbType === 'string'))).toBe(true);
    expect(inspection.warnings).toEqual([]);
    expect(Object.keys(inspection.figures).sort()).toEqual(inspected.tables.map((t) => t.name));
    expect(inspection.figures.author).toEqual({ rowsEstimate: expect.any(Number), totalBytes: expect.any(Number) });
  });

  it('its sql format recreates the same state on an empty database', async () => {
    runClient(copy, schemaSql(inspected, ddl));
    const again = await inspectDatabase(copy, executor);
    expect(again.state).toEqual(inspected);
  });

  it('keeps comments, generated columns, prefix, descending and FULLTEXT indexes, checks and every default through the sql format', async () => {
    await admin.execute({ sql: `USE ${ident(db)}`, params: [] });
    runClient(db, FEATURES);
    const first = await inspectDatabase(db, executor, { tables: ['feature'] });
    const feature = first.state.tables[0]!;
    expect(first.warnings).toEqual([]);
    const column = (name: string) => feature.columns.find((c) => c.name === name)!;
    expect(feature.comment).toBe('features \\ the models lack');
    expect(column('id')).toEqual({ name: 'id', type: { kind: 'bigAuto' }, nullable: false, dbType: 'bigint(20)' });
    expect(column('title')).toMatchObject({ type: { kind: 'char', maxLength: 200 }, default: { kind: 'value', value: 'it\'s a "title"' }, comment: "the title; it's shown as is" });
    expect(column('path').default).toEqual({ kind: 'value', value: 'C:\\temp\\new' });
    expect(column('note')).toMatchObject({ type: { kind: 'text' }, default: { kind: 'value', value: 'line one\nline two' } });
    expect(column('doc')).toMatchObject({ type: { kind: 'json' }, default: { kind: 'value', value: { a: [1, 'x"y'] } } });
    expect(column('flags')).toMatchObject({ type: { kind: 'raw', spelling: "set('a','b','c')" }, default: { kind: 'value', value: 'a,c' } });
    expect(column('mood')).toMatchObject({ type: { kind: 'raw', spelling: "enum('ok','it''s')" }, default: { kind: 'value', value: "it's" } });
    expect(column('small').type).toEqual({ kind: 'raw', spelling: 'smallint(5) unsigned' });
    expect(column('ratio').type).toEqual({ kind: 'raw', spelling: 'float' });
    expect(column('code').type).toEqual({ kind: 'raw', spelling: 'char(4)' });
    expect(column('token')).toMatchObject({ type: { kind: 'uuid' }, default: { kind: 'expression', sql: 'uuid()' } });
    expect(column('raw_bytes').type).toEqual({ kind: 'raw', spelling: 'varbinary(16)' });
    expect(column('picture')).toMatchObject({ type: { kind: 'binary' }, default: { kind: 'value', value: '00ff10' } });
    expect(column('born').default).toEqual({ kind: 'value', value: '2000-02-29' });
    expect(column('stamp')).toMatchObject({ type: { kind: 'datetime' }, dbType: 'timestamp', default: { kind: 'now', onUpdate: true } });
    expect(column('touched')).toEqual({ name: 'touched', type: { kind: 'datetime' }, nullable: true, dbType: 'timestamp' });
    expect(column('precise')).toMatchObject({ type: { kind: 'raw', spelling: 'datetime(6)' }, default: { kind: 'now', onUpdate: false } });
    expect(column('at_ms').default).toEqual({ kind: 'value', value: '2024-02-03T04:05:06.789Z' });
    expect(column('seconds').default).toEqual({ kind: 'value', value: '1999-12-31T23:59:59.000Z' });
    expect(column('bits')).toMatchObject({ type: { kind: 'raw', spelling: 'bit(3)' }, default: { kind: 'expression', sql: "b'101'" } });
    expect(column('total')).toMatchObject({ generated: { expression: '`small` * 2.5', stored: true } });
    expect(column('total').default).toBeUndefined();
    expect(column('upper_title')).toMatchObject({ generated: { expression: 'ucase(`title`)', stored: false } });
    expect(column('later').default).toEqual({ kind: 'expression', sql: '(current_timestamp() + interval 1 day)' });
    expect(column('active')).toMatchObject({ type: { kind: 'boolean' }, default: { kind: 'value', value: true } });
    expect(column('big_neg').default).toEqual({ kind: 'value', value: '-9223372036854775808' });
    expect(column('ratio2').default).toEqual({ kind: 'value', value: 1e300 });
    expect(feature.uniques).toEqual([{ name: 'feature_code_uniq', columns: ['code', 'born'] }]);
    expect(feature.indexes).toEqual([
      { name: 'feature_desc', columns: ['small', 'born'], unique: false, expression: '`small` DESC, `born`' },
      { name: 'feature_note_uniq', columns: ['note'], unique: true, method: 'hash' },
      { name: 'feature_path', columns: ['path'], unique: false },
      { name: 'feature_spot', columns: ['spot'], unique: false, method: 'spatial' },
      { name: 'feature_text', columns: ['body', 'note'], unique: false, method: 'fulltext' },
      { name: 'feature_title_prefix', columns: ['title'], unique: true, expression: '`title`(20)' },
    ]);
    expect(feature.checks).toEqual([{ name: 'feature_small_check', expression: '`small` < 1000' }]);
    expect(feature.foreignKeys).toEqual([
      { name: 'feature_parent_fk', columns: ['parent_id'], referencedTable: 'feature', referencedColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'CASCADE' },
    ]);

    await recreateDatabase(admin, copy);
    runClient(copy, schemaSql(first.state, ddl));
    const again = await inspectDatabase(copy, executor, { tables: ['feature'] });
    expect(again.state).toEqual(first.state);
    expect(again.warnings).toEqual([]);
  });

  it('writes every default in a form that reads the same whatever the sql_mode', async () => {
    await recreateDatabase(admin, copy);
    const first = await inspectDatabase(db, executor, { tables: ['feature'] });
    runClient(copy, `SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');\n${schemaSql(first.state, ddl)}`);
    const again = await inspectDatabase(copy, executor, { tables: ['feature'] });
    const defaults = (s: SchemaState) => s.tables[0]!.columns.map((c) => [c.name, c.default]);
    expect(defaults(again.state)).toEqual(defaults(first.state));
  });
});
