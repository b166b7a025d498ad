/**
 * The pure parts of the SQLite introspector: the tokenizer and CREATE-text parsers, the reverse type
 * map (against ddl.ts's spellings and SQLite's affinity rules), and defaults read by kind.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSqliteDatetime } from '../../src/core/dialect/sqlite/datetime-text.js';
import { SqliteDdl } from '../../src/core/dialect/sqlite/ddl.js';
import { SqliteDialect } from '../../src/core/dialect/sqlite/sqlite-dialect.js';
import { parseCreateIndex } from '../../src/core/dialect/sqlite/introspect-create-index.js';
import { parseCreateView, virtualTableModule } from '../../src/core/dialect/sqlite/introspect-create-view.js';
import { parseCreateTable } from '../../src/core/dialect/sqlite/introspect-create-table.js';
import { columnDefaultOf } from '../../src/core/dialect/sqlite/introspect-defaults.js';
import { tableState } from '../../src/core/dialect/sqlite/introspect-table.js';
import { tokenize } from '../../src/core/dialect/sqlite/introspect-tokens.js';
import { columnTypeOfDeclared } from '../../src/core/dialect/sqlite/introspect-types.js';
import type { ColumnType, TableState } from '../../src/core/dialect/schema-state.js';

describe('tokenize', () => {
  it('reads quoted names, strings, blobs, numbers and comments as SQLite does', () => {
    const sql = `"a""b" [c d] \`e\`\`f\` 'it''s' x'0aFF' 1.5e-3 0x1F .5 -- gone\n/* gone */ w_1$ || ->> (`;
    expect(tokenize(sql).map((t) => [t.kind, t.value])).toEqual([
      ['quoted', 'a"b'], ['quoted', 'c d'], ['quoted', 'e`f'], ['string', "it's"], ['blob', '0aFF'], ['number', '1.5e-3'], ['number', '0x1F'],
      ['number', '.5'], ['word', 'w_1$'], ['punct', '||'], ['punct', '->>'], ['punct', '('],
    ]);
  });

  it('runs an unterminated string or comment to the end instead of failing', () => {
    expect(tokenize("a 'open").map((t) => t.value)).toEqual(['a', 'open']);
    expect(tokenize('a /* open').map((t) => t.value)).toEqual(['a']);
  });
});

describe('parseCreateTable', () => {
  it('names constraints and keeps expressions as written, whatever the quoting, comments and parentheses', () => {
    const parsed = parseCreateTable(`CREATE TABLE "t" ( -- a comment with a , comma
      [id] INTEGER CONSTRAINT "pk" PRIMARY KEY DESC ON CONFLICT REPLACE AUTOINCREMENT,
      "a,b" TEXT NOT NULL DEFAULT ('x, (y)') COLLATE NOCASE CONSTRAINT a_ok CHECK ("a,b" <> ')'),
      c INT REFERENCES p ON DELETE SET NULL ON UPDATE SET DEFAULT NOT NULL,
      d INT CONSTRAINT d_fk REFERENCES p (x) DEFERRABLE INITIALLY DEFERRED UNIQUE,
      g TEXT GENERATED ALWAYS AS (upper("a,b" || ')')) STORED,
      h AS (c + 1),
      CONSTRAINT two UNIQUE (c COLLATE NOCASE, d) ON CONFLICT IGNORE,
      CHECK (c > (0)),
      FOREIGN KEY (c, d) REFERENCES q
    ) WITHOUT ROWID, STRICT`);
    expect(parsed.columns).toEqual([
      { name: 'id', autoincrement: true },
      { name: 'a,b', autoincrement: false, collation: 'NOCASE' },
      { name: 'c', autoincrement: false },
      { name: 'd', autoincrement: false },
      { name: 'g', autoincrement: false, generated: { expression: `upper("a,b" || ')')`, stored: true } },
      { name: 'h', autoincrement: false, generated: { expression: 'c + 1', stored: false } },
    ]);
    expect(parsed.checks).toEqual([{ name: 'a_ok', expression: `"a,b" <> ')'`, column: 'a,b' }, { expression: 'c > (0)' }]);
    expect(parsed.uniques).toEqual([{ columns: ['d'], plain: true }, { name: 'two', columns: ['c', 'd'], plain: false }]);
    expect(parsed.foreignKeys).toEqual([
      { columns: ['c'], table: 'p', refColumns: [], deferred: false },
      { name: 'd_fk', columns: ['d'], table: 'p', refColumns: ['x'], deferred: true },
      { columns: ['c', 'd'], table: 'q', refColumns: [], deferred: false },
    ]);
    expect(parsed.conflictClauses).toEqual(['id: PRIMARY KEY ON CONFLICT REPLACE', 'UNIQUE (c, d) ON CONFLICT IGNORE']);
    expect([parsed.withoutRowid, parsed.strict]).toEqual([true, true]);
  });

  it('reads nothing from CREATE TABLE … AS SELECT', () => {
    expect(parseCreateTable('CREATE TABLE t AS SELECT (1) AS a').columns).toEqual([]);
  });
});

describe('tableState', () => {
  it('keeps the names a CREATE TABLE gives, and makes up names that avoid them', () => {
    const column = (cid: number, name: string) => ({ cid, name, declaredType: 'INT', notNull: false, defaultSql: null, pk: 0, hidden: 0 });
    const warnings: string[] = [];
    const state = tableState({
      name: 't',
      sql: 'CREATE TABLE t (a INT CHECK (a > 0), b INT, CHECK (b > 0), CONSTRAINT t_check CHECK (a < b), CONSTRAINT t_a_check UNIQUE (b))',
      columns: [column(0, 'a'), column(1, 'b')],
      indexes: [{ name: 'sqlite_autoindex_t_1', unique: true, origin: 'u', partial: false, keys: ['b'] }],
      foreignKeys: [],
      indexSql: new Map(),
      primaryKeyOf: () => [],
    }, (object, message) => warnings.push(`${object}: ${message}`));
    expect(state.checks).toEqual([
      { name: 't_a_check_2', expression: 'a > 0' }, { name: 't_check', expression: 'a < b' }, { name: 't_check_2', expression: 'b > 0' },
    ]);
    expect(state.uniques).toEqual([{ name: 't_a_check', columns: ['b'] }]);
    expect(state.primaryKey).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('index, view and virtual-table texts', () => {
  it('takes an index key list and predicate as written', () => {
    expect(parseCreateIndex('CREATE UNIQUE INDEX "i(" ON "t" ("a" COLLATE NOCASE, lower(b) DESC) WHERE (a > \'(\') AND b IS NOT NULL;')).toMatchObject({
      keyText: `"a" COLLATE NOCASE, lower(b) DESC`, plain: false, where: `(a > '(') AND b IS NOT NULL`,
    });
    expect(parseCreateIndex('CREATE INDEX i ON t (a ASC, [b])')).toMatchObject({ plain: true });
    expect(parseCreateIndex('CREATE INDEX i ON t (a)')!.where).toBeUndefined();
  });

  it('takes a view definition after its AS, and its column list', () => {
    expect(parseCreateView('CREATE VIEW IF NOT EXISTS main.v AS WITH x AS (SELECT 1) SELECT * FROM x;')).toEqual({ definition: 'WITH x AS (SELECT 1) SELECT * FROM x' });
    expect(parseCreateView('CREATE VIEW "v" ("a", b) AS SELECT 1, 2')).toEqual({ definition: 'SELECT 1, 2', columnList: '("a", b)' });
  });

  it('finds a virtual table module', () => {
    expect(virtualTableModule('CREATE VIRTUAL TABLE "d" USING FTS5(a, b)')).toBe('fts5');
  });
});

describe('the reverse type map', () => {
  const ddl = new SqliteDdl(new SqliteDialect());
  const spell = (type: ColumnType) => (ddl as unknown as { columnType(t: ColumnType): string }).columnType(type);
  const kinds: ColumnType[] = [
    { kind: 'int' }, { kind: 'bigint' }, { kind: 'float' }, { kind: 'decimal', precision: 12, scale: 2 }, { kind: 'boolean' },
    { kind: 'char', maxLength: 20 }, { kind: 'text' }, { kind: 'datetime' }, { kind: 'date' }, { kind: 'json' }, { kind: 'uuid' }, { kind: 'binary' },
  ];

  it("is the inverse of ddl.ts's spelling of every kind, and each spelling is a different type", () => {
    for (const type of kinds) expect(columnTypeOfDeclared(spell(type)), spell(type)).toEqual(type);
    expect(new Set(kinds.map(spell)).size).toBe(kinds.length);
  });

  const sqlite = new Database(':memory:');
  afterAll(() => sqlite.close());
  /** The storage class SQLite gives a value in a column of this declared type. */
  const stored = (declared: string, value: string | number) => {
    sqlite.exec(`DROP TABLE IF EXISTS a; CREATE TABLE a (v ${declared})`);
    sqlite.prepare('INSERT INTO a VALUES (?)').run(value);
    return sqlite.prepare('SELECT typeof(v) AS t, v FROM a').get() as { t: string; v: unknown };
  };

  it('gives each kind an affinity that stores its values unchanged', () => {
    expect(stored(spell(kinds[3]!), '9.90')).toEqual({ t: 'text', v: '9.90' });
    expect(stored(spell({ kind: 'json' }), '123')).toEqual({ t: 'text', v: '123' });
    expect(stored(spell({ kind: 'datetime' }), '2024-06-01 04:00:00.120')).toEqual({ t: 'text', v: '2024-06-01 04:00:00.120' });
    expect(stored(spell({ kind: 'date' }), '2024-06-01')).toEqual({ t: 'text', v: '2024-06-01' });
    expect(stored(spell({ kind: 'uuid' }), '00000000-0000-4000-8000-000000000000')).toEqual({ t: 'text', v: '00000000-0000-4000-8000-000000000000' });
    // What a plain DECIMAL would have done, and why other tools' decimals stay raw.
    expect(stored('decimal(10, 2)', '9.90')).toEqual({ t: 'real', v: 9.9 });
  });

  it.each([
    ['INTEGER', { kind: 'int' }], ['int(11)', { kind: 'int' }], ['integer unsigned', { kind: 'int' }], ['bigint', { kind: 'bigint' }],
    ['UNSIGNED BIG INT', { kind: 'bigint' }], ['real', { kind: 'float' }], ['double precision', { kind: 'float' }], ['float', { kind: 'float' }],
    ['bool', { kind: 'boolean' }], ['BOOLEAN', { kind: 'boolean' }], ['varchar(255)', { kind: 'char', maxLength: 255 }],
    ['NVARCHAR(160)', { kind: 'char', maxLength: 160 }], ['char(32)', { kind: 'char', maxLength: 32 }], ['varchar', { kind: 'text' }],
    ['clob', { kind: 'text' }], ['datetime', { kind: 'datetime' }], ['datetime(6)', { kind: 'datetime' }], ['DATETIME', { kind: 'datetime' }],
    ['timestamp', { kind: 'datetime' }], ['date', { kind: 'date' }], ['json', { kind: 'json' }], ['uuid', { kind: 'uuid' }], ['blob', { kind: 'binary' }],
    ['decimal text ( 10 , 2 )', { kind: 'decimal', precision: 10, scale: 2 }],
    ['decimal(10, 2)', { kind: 'raw', spelling: 'decimal(10, 2)' }], ['NUMERIC', { kind: 'raw', spelling: 'NUMERIC' }],
    ['DECIMAL', { kind: 'raw', spelling: 'DECIMAL' }], ['STRING', { kind: 'raw', spelling: 'STRING' }], ['TIME', { kind: 'raw', spelling: 'TIME' }],
    ['bool(1)', { kind: 'raw', spelling: 'bool(1)' }], ['varchar(0)', { kind: 'raw', spelling: 'varchar(0)' }], ['', { kind: 'raw', spelling: '' }],
  ] as const)('%j → %j', (declared, type) => {
    expect(columnTypeOfDeclared(declared)).toEqual(type);
  });
});

describe('defaults', () => {
  const value = (v: unknown) => ({ kind: 'value', value: v });
  it.each([
    ['1', { kind: 'int' }, value(1)], ['(-2)', { kind: 'int' }, value(-2)], ["'3'", { kind: 'int' }, value(3)], ['1.5', { kind: 'int' }, { kind: 'expression', sql: '1.5' }],
    ['9007199254740993', { kind: 'bigint' }, value('9007199254740993')], ["'9.90'", { kind: 'decimal', precision: 5, scale: 2 }, value('9.90')],
    ['TRUE', { kind: 'boolean' }, value(true)], ['0', { kind: 'boolean' }, value(false)], ["'yes'", { kind: 'boolean' }, { kind: 'expression', sql: "'yes'" }],
    ["'2024-01-02 03:04:05.678'", { kind: 'datetime' }, value('2024-01-02T03:04:05.678Z')],
    ["'2024-01-02T03:04:05+02:00'", { kind: 'datetime' }, value('2024-01-02T01:04:05.000Z')],
    ["'2024-02-30 00:00:00'", { kind: 'datetime' }, { kind: 'expression', sql: "'2024-02-30 00:00:00'" }],
    ['CURRENT_TIMESTAMP', { kind: 'datetime' }, { kind: 'now', onUpdate: false }], ['current_date', { kind: 'date' }, { kind: 'expression', sql: 'current_date' }],
    ["(datetime('now'))", { kind: 'datetime' }, { kind: 'expression', sql: "datetime('now')" }],
    ["'2024-06-01'", { kind: 'date' }, value('2024-06-01')], [`'{"a":[1]}'`, { kind: 'json' }, value({ a: [1] })], ['2', { kind: 'json' }, value(2)],
    ["X'00FF'", { kind: 'binary' }, value('00ff')], ["'it''s'", { kind: 'text' }, value("it's")], ['0', { kind: 'text' }, value('0')],
    ['NULL', { kind: 'text' }, value(null)], ["'x'", { kind: 'raw', spelling: 'TIME' }, value('x')], ['0', { kind: 'raw', spelling: '' }, { kind: 'expression', sql: '0' }],
    ["('a') || ('b')", { kind: 'text' }, { kind: 'expression', sql: "('a') || ('b')" }], ['5', { kind: 'auto' }, undefined],
  ] as const)('%s in a %j column', (text, type, expected) => {
    expect(columnDefaultOf(text, type as ColumnType)).toEqual(expected);
  });
});

describe('DDL for inspected state parts', () => {
  const ddl = new SqliteDdl(new SqliteDialect());
  const table = (columns: TableState['columns'], extra: Partial<TableState> = {}): TableState => ({
    name: 't', columns, primaryKey: [columns[0]!.name], uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra,
  });

  it('writes defaults SQLite stores as the state holds them (a datetime in the text Oxen writes its values in)', () => {
    const sql = ddl.createTable(table([
      { name: 'k', type: { kind: 'text' }, nullable: true },
      { name: 'price', type: { kind: 'decimal', precision: 5, scale: 2 }, nullable: false, default: { kind: 'value', value: '9.90' } },
      { name: 'on', type: { kind: 'boolean' }, nullable: false, default: { kind: 'value', value: true } },
      { name: 'at', type: { kind: 'datetime' }, nullable: false, default: { kind: 'value', value: '2024-01-02T03:04:05.000Z' } },
      { name: 'doc', type: { kind: 'json' }, nullable: false, default: { kind: 'value', value: 'text' } },
      { name: 'day', type: { kind: 'date' }, nullable: false, default: { kind: 'expression', sql: "date('now')" } },
    ], { withoutRowid: true }), []);
    expect(sql).toBe(`CREATE TABLE "t" (
  "k" TEXT PRIMARY KEY,
  "price" DECIMAL TEXT(5,2) NOT NULL DEFAULT '9.90',
  "on" BOOLEAN NOT NULL DEFAULT 1,
  "at" DATETIME NOT NULL DEFAULT '${formatSqliteDatetime(new Date('2024-01-02T03:04:05.000Z'))}',
  "doc" JSON TEXT NOT NULL DEFAULT '"text"',
  "day" DATE NOT NULL DEFAULT (date('now'))
) WITHOUT ROWID`);
  });
});
