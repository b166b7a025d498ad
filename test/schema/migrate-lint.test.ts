/**
 * `migrate lint`'s rules on hand-built migrations, no database: each rule firing and not firing, with
 * table sizes unknown (no database) and as a database would give them. Tables carry `mlint_`.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnState } from '../../src/core/dialect/schema-state.js';
import type { DialectName } from '../../src/core/ground/values.js';
import { lintFiles, lintMigrations, type LintFinding } from '../../src/core/schema/migrate/lint-migrations.js';
import { narrowing } from '../../src/core/schema/migrate/lint-rules-types.js';
import type { TableSize } from '../../src/core/schema/migrate/lint-rules.js';
import type { MigrationFile } from '../../src/core/schema/migrate/migration.js';
import { offlineDialect } from '../../src/core/schema/migrate/migration-sql.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { col, id, table } from './migrate-support.js';

const T = 'mlint_t';
const char = (name: string, maxLength: number, extra: Partial<ColumnState> = {}): ColumnState => ({ name, type: { kind: 'char', maxLength }, nullable: false, ...extra });
const file = (name: string, operations: Operation[]): MigrationFile => ({ name, path: `/m/${name}.ts`, checksum: '0', operations });
const base = file('0001_base', [
  { op: 'createTable', table: table(T, { columns: [id, char('name', 100), col('n', 'bigint', { nullable: true }), col('flag', 'int', { nullable: true })] }) },
]);

const WITH_ROWS: TableSize = { hasRows: true, rows: 5_000, bytes: null, fresh: false };
const EMPTY: TableSize = { hasRows: false, rows: 0, bytes: 0, fresh: false };

interface Options {
  readonly dialect?: DialectName;
  /** As a database gives them; absent: no database. */
  readonly size?: TableSize;
  readonly largeRows?: number;
}

/** Lints `0002_x` (holding `ops`) after the base migration; with a size, both are "on the database" and 0002 pending. */
async function lint(ops: Operation[], options: Options = {}): Promise<LintFinding[]> {
  const sizes = options.size === undefined ? undefined : new Map([[T, options.size]]);
  return lintFiles([base, file('0002_x', ops)], [false, true], {
    dialect: await offlineDialect(options.dialect ?? 'sqlite'),
    sizes,
    pending: new Set(['0002_x']),
    largeRows: options.largeRows ?? 1_000,
  });
}

const rules = (findings: readonly LintFinding[]) => findings.map((f) => f.rule);

describe('migrate lint: data rules', () => {
  it('drop-table: fires with its place and one-line message and suggestion; not for a table created in the same migration, nor an empty one', async () => {
    const [f, ...rest] = await lint([{ op: 'dropTable', table: T }]);
    expect(rest).toEqual([]);
    expect(f).toEqual({
      rule: 'drop-table',
      table: T,
      migration: '0002_x',
      operation: 1,
      op: 'dropTable',
      message: `drops table ${T}: its rows are lost`,
      suggestion: `deploy code that no longer uses ${T} first, and back its rows up if they may be needed`,
    });
    const created = table('mlint_new', { columns: [id] });
    expect(await lint([{ op: 'createTable', table: created }, { op: 'dropTable', table: 'mlint_new' }])).toEqual([]);
    expect(await lint([{ op: 'dropTable', table: T }], { size: EMPTY })).toEqual([]);
    expect((await lint([{ op: 'dropTable', table: T }], { size: WITH_ROWS }))[0]!.message).toBe(`drops table ${T} (~5,000 rows): its rows are lost`);
  });

  it('drop-column: fires naming the column; not on an empty table; not for other operations', async () => {
    const found = await lint([{ op: 'dropColumn', table: T, column: 'flag' }]);
    expect(rules(found)).toEqual(['drop-column']);
    expect(found[0]!.message).toBe(`drops column ${T}.flag: its values are lost`);
    expect(await lint([{ op: 'dropColumn', table: T, column: 'flag' }], { size: EMPTY })).toEqual([]);
    expect(await lint([{ op: 'addColumn', table: T, column: col('extra', 'int', { nullable: true }) }])).toEqual([]);
  });

  it('narrowing: what holds less than before, and what does not', () => {
    const narrower: [ColumnState['type'], ColumnState['type']][] = [
      [{ kind: 'char', maxLength: 100 }, { kind: 'char', maxLength: 20 }],
      [{ kind: 'bigint' }, { kind: 'int' }],
      [{ kind: 'bigAuto' }, { kind: 'int' }],
      [{ kind: 'decimal', precision: 10, scale: 2 }, { kind: 'decimal', precision: 10, scale: 1 }],
      [{ kind: 'decimal', precision: 10, scale: 2 }, { kind: 'decimal', precision: 9, scale: 2 }],
      [{ kind: 'text' }, { kind: 'char', maxLength: 255 }],
      [{ kind: 'float' }, { kind: 'int' }],
      [{ kind: 'datetime' }, { kind: 'date' }],
      [{ kind: 'int' }, { kind: 'char', maxLength: 5 }],
      [{ kind: 'text' }, { kind: 'int' }],
      [{ kind: 'text' }, { kind: 'json' }],
      [{ kind: 'int' }, { kind: 'decimal', precision: 5, scale: 0 }],
    ];
    const wider: [ColumnState['type'], ColumnState['type']][] = [
      [{ kind: 'char', maxLength: 20 }, { kind: 'char', maxLength: 100 }],
      [{ kind: 'int' }, { kind: 'bigint' }],
      [{ kind: 'char', maxLength: 20 }, { kind: 'text' }],
      [{ kind: 'decimal', precision: 10, scale: 2 }, { kind: 'decimal', precision: 12, scale: 2 }],
      [{ kind: 'int' }, { kind: 'char', maxLength: 11 }],
      [{ kind: 'date' }, { kind: 'datetime' }],
      [{ kind: 'json' }, { kind: 'text' }],
      [{ kind: 'int' }, { kind: 'decimal', precision: 10, scale: 0 }],
      [{ kind: 'raw', spelling: 'inet' }, { kind: 'char', maxLength: 5 }],
    ];
    for (const [a, b] of narrower) expect(narrowing(a, b), `${JSON.stringify(a)} → ${JSON.stringify(b)}`).toMatch(/→/);
    for (const [a, b] of wider) expect(narrowing(a, b), `${JSON.stringify(a)} → ${JSON.stringify(b)}`).toBeUndefined();
  });

  it('narrow-type: fires on an alter to a narrower type; not on a wider one', async () => {
    const found = await lint([{ op: 'alterColumn', table: T, column: char('name', 20) }], { dialect: 'postgres' });
    expect(rules(found)).toContain('narrow-type');
    expect(found.find((f) => f.rule === 'narrow-type')!.message).toBe(`narrows ${T}.name: char(100) → char(20) cuts or refuses values longer than 20`);
    expect(rules(await lint([{ op: 'alterColumn', table: T, column: char('name', 200) }], { dialect: 'postgres' }))).toEqual([]);
    expect(rules(await lint([{ op: 'alterColumn', table: T, column: col('n', 'int', { nullable: true }) }]))).toContain('narrow-type');
  });

  it('not-null-without-default: "if the table has rows" without a database; "has rows" with one; nothing on an empty table', async () => {
    const add: Operation = { op: 'addColumn', table: T, column: col('age') };
    const [offline] = await lint([add]);
    expect(offline!.rule).toBe('not-null-without-default');
    expect(offline!.message).toBe(`adds NOT NULL column ${T}.age without a default: fails if ${T} has rows (table sizes unknown: no database)`);
    const [withRows] = await lint([add], { size: WITH_ROWS });
    expect(withRows!.message).toBe(`adds NOT NULL column ${T}.age without a default: ${T} has rows (~5,000 rows), so the migration fails`);
    expect(await lint([add], { size: EMPTY })).toEqual([]);
  });

  it('not-null-without-default: not for a nullable column, one with a default the database holds, or an auto column; a JS default does not count', async () => {
    expect(await lint([{ op: 'addColumn', table: T, column: col('age', 'int', { nullable: true }) }])).toEqual([]);
    expect(await lint([{ op: 'addColumn', table: T, column: col('age', 'int', { default: { kind: 'value', value: 0 } }) }])).toEqual([]);
    expect(rules(await lint([{ op: 'addColumn', table: T, column: col('age', 'int', { default: { kind: 'function' } }) }]))).toEqual(['not-null-without-default']);
    expect(rules(await lint([{ op: 'addColumn', table: T, column: col('age', 'int', { default: { kind: 'value', value: null } }) }]))).toEqual(['not-null-without-default']);
  });

  it('not-null-without-default: an alter from NULL to NOT NULL without a default fires; with a default (NULLs filled first) it does not', async () => {
    const [f] = await lint([{ op: 'alterColumn', table: T, column: col('flag') }], { dialect: 'postgres' });
    expect(f!.rule).toBe('not-null-without-default');
    expect(f!.message).toBe(`makes ${T}.flag NOT NULL without a default: fails if a row holds NULL (table sizes unknown: no database)`);
    expect(await lint([{ op: 'alterColumn', table: T, column: col('flag', 'int', { default: { kind: 'value', value: 0 } }) }], { dialect: 'postgres' })).toEqual([]);
    expect(await lint([{ op: 'alterColumn', table: T, column: col('flag', 'int', { nullable: true, default: { kind: 'value', value: 1 } }) }], { dialect: 'postgres' })).toEqual([]);
  });
});

describe('migrate lint: deploy rules', () => {
  it('rename-table and rename-column: fire with the two-deploy suggestion; not for a table created in the same migration', async () => {
    const found = await lint([{ op: 'renameColumn', table: T, from: 'flag', to: 'active' }, { op: 'renameTable', from: T, to: 'mlint_u' }]);
    expect(rules(found)).toEqual(['rename-column', 'rename-table']);
    expect(found[0]!.suggestion).toBe('over two deploys: add active and copy flag into it, deploy code that uses active, then drop flag in a later migration');
    expect(found[1]!.message).toBe(`renames table ${T} → mlint_u: code still running uses ${T} until it is redeployed, and fails`);
    const created = table('mlint_new', { columns: [id, col('a')] });
    expect(
      await lint([{ op: 'createTable', table: created }, { op: 'renameColumn', table: 'mlint_new', from: 'a', to: 'b' }, { op: 'renameTable', from: 'mlint_new', to: 'mlint_newer' }]),
    ).toEqual([]);
  });

  it('index-lock: on PostgreSQL only, for an index or a unique constraint on a table that may have rows', async () => {
    const index: Operation = { op: 'addIndex', table: T, index: { name: 'mlint_t_name', columns: ['name'], unique: false } };
    const unique: Operation = { op: 'addUnique', table: T, unique: { name: 'mlint_t_name_u', columns: ['name'] } };
    const found = await lint([index, unique], { dialect: 'postgres', size: WITH_ROWS });
    expect(rules(found)).toEqual(['index-lock', 'index-lock']);
    expect(found[0]!.message).toBe(`builds index mlint_t_name on ${T} (~5,000 rows) without CONCURRENTLY: writes to ${T} wait until it is built`);
    expect(found[0]!.suggestion).toContain('CREATE INDEX CONCURRENTLY');
    expect(found[0]!.suggestion).toContain('atomic: false');
    expect(rules(await lint([index], { dialect: 'postgres' }))).toEqual(['index-lock']);
    expect(await lint([index], { dialect: 'mysql' })).toEqual([]);
    expect(await lint([index], { dialect: 'sqlite' })).toEqual([]);
    expect(await lint([index], { dialect: 'postgres', size: EMPTY })).toEqual([]);
  });

  it('foreign-key-validate: on PostgreSQL only, for a foreign key added to a table that may have rows', async () => {
    const other = file('0001_other', [{ op: 'createTable', table: table('mlint_o', { columns: [id] }) }]);
    const fk: Operation = {
      op: 'addForeignKey',
      table: T,
      foreignKey: { name: 'mlint_t_flag_fk', columns: ['flag'], referencedTable: 'mlint_o', referencedColumns: ['id'], onDelete: 'CASCADE' },
    };
    const lintFk = async (dialect: DialectName, size?: TableSize) =>
      lintFiles([base, other, file('0002_x', [fk])], [false, false, true], {
        dialect: await offlineDialect(dialect),
        sizes: size === undefined ? undefined : new Map([[T, size]]),
        pending: new Set(['0001_other', '0002_x']),
        largeRows: 1_000,
      });
    const [found, ...rest] = await lintFk('postgres', WITH_ROWS);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({
      rule: 'foreign-key-validate',
      message: `adds foreign key mlint_t_flag_fk on ${T} (~5,000 rows): every row is checked while writes to ${T} and mlint_o wait`,
    });
    expect(found!.suggestion).toContain('NOT VALID');
    expect(rules(await lintFk('postgres'))).toEqual(['foreign-key-validate']);
    expect(await lintFk('postgres', EMPTY)).toEqual([]);
    expect(await lintFk('mysql', WITH_ROWS)).toEqual([]);
    // SQLite adds a foreign key by rebuilding the table: that is the rewrite rule's, not this one's.
    expect(rules(await lintFk('sqlite', WITH_ROWS))).toEqual(['table-rewrite']);
  });

  it('table-rewrite on PostgreSQL: a type change without a database ("sizes unknown"), on a large table with one; not a lengthened varchar, nor a small table', async () => {
    const toText: Operation = { op: 'alterColumn', table: T, column: col('n', 'text', { nullable: true }) };
    const [offline] = await lint([toText], { dialect: 'postgres' });
    expect(offline).toMatchObject({ rule: 'table-rewrite', message: `alters ${T}.n: ALTER COLUMN … TYPE rewrites every row under a lock that blocks reads and writes (table sizes unknown: no database)` });
    expect((await lint([toText], { dialect: 'postgres', size: WITH_ROWS }))[0]!.message).toMatch(/\(~5,000 rows\)$/);
    expect(await lint([toText], { dialect: 'postgres', size: { ...WITH_ROWS, rows: 10 } })).toEqual([]);
    expect(await lint([{ op: 'alterColumn', table: T, column: char('name', 200) }], { dialect: 'postgres' })).toEqual([]);
    expect(await lint([{ op: 'alterColumn', table: T, column: { name: 'name', type: { kind: 'text' }, nullable: false } }], { dialect: 'postgres', size: WITH_ROWS })).toEqual([]);
  });

  it('table-rewrite on MySQL: a NULL → NOT NULL change copies a large table; on a small one it is not flagged', async () => {
    const notNull: Operation = { op: 'alterColumn', table: T, column: col('flag', 'int', { default: { kind: 'value', value: 0 } }) };
    const [f] = await lint([notNull], { dialect: 'mysql', size: WITH_ROWS });
    expect(f).toMatchObject({ rule: 'table-rewrite', message: `alters ${T}.flag: MODIFY COLUMN copies the whole table, blocking writes (~5,000 rows)` });
    expect(await lint([notNull], { dialect: 'mysql', size: { ...WITH_ROWS, rows: 999 } })).toEqual([]);
    expect(await lint([notNull], { dialect: 'postgres', size: WITH_ROWS })).toEqual([]);
  });

  it('table-rewrite on SQLite: any rebuild of a large table (a unique constraint); an in-place change or a small table is not flagged', async () => {
    const unique: Operation = { op: 'addUnique', table: T, unique: { name: 'mlint_t_name_u', columns: ['name'] } };
    const [f] = await lint([unique], { size: WITH_ROWS });
    expect(f).toMatchObject({ rule: 'table-rewrite', op: 'addUnique', message: `addUnique on ${T}: SQLite rebuilds the table, copying every row while it holds the database's write lock (~5,000 rows)` });
    expect(await lint([unique])).toEqual([]);
    expect(await lint([unique], { size: { ...WITH_ROWS, rows: 10 } })).toEqual([]);
    expect(await lint([{ op: 'addColumn', table: T, column: col('extra', 'int', { nullable: true }) }], { size: WITH_ROWS })).toEqual([]);
  });
});

describe('migrate lint: which migrations, and what is known across them', () => {
  it('a table created by an earlier pending migration is empty for the later ones; with the migrations applied, the database\'s figures count', async () => {
    const files = [base, file('0002_create', [{ op: 'createTable', table: table('mlint_new', { columns: [id, col('a')] }) }]), file('0003_drop', [{ op: 'dropColumn', table: 'mlint_new', column: 'a' }])];
    const dialect = await offlineDialect('postgres');
    const inputs = { dialect, sizes: new Map([[T, WITH_ROWS]]), largeRows: 1_000 };
    expect(lintFiles(files, [false, true, true], { ...inputs, pending: new Set(['0002_create', '0003_drop']) })).toEqual([]);
    // Already applied: mlint_new is whatever the database says (here: not known), so the drop is flagged.
    expect(rules(lintFiles(files, [false, false, true], { ...inputs, pending: new Set() }))).toEqual(['drop-column']);
  });

  it('a pending rename carries the table\'s figures to its new name', async () => {
    const files = [base, file('0002_rename', [{ op: 'renameTable', from: T, to: 'mlint_u' }]), file('0003_add', [{ op: 'addColumn', table: 'mlint_u', column: col('age') }])];
    const dialect = await offlineDialect('postgres');
    const found = lintFiles(files, [false, false, true], { dialect, sizes: new Map([[T, EMPTY]]), pending: new Set(['0002_rename', '0003_add']), largeRows: 1_000 });
    expect(found).toEqual([]);
  });

  it('without a database every file is linted; NAME lints that one only; an unknown NAME is one usage line', async () => {
    const files = [base, file('0002_drop', [{ op: 'dropColumn', table: T, column: 'flag' }])];
    const dialect = await offlineDialect('sqlite');
    const all = await lintMigrations({ files, dialect });
    expect(all).toMatchObject({ dialect: 'sqlite', sizesKnown: false, selection: 'all', migrations: ['0001_base', '0002_drop'] });
    expect(rules(all.findings)).toEqual(['drop-column']);
    const named = await lintMigrations({ files, dialect, name: '0001' });
    expect(named).toMatchObject({ selection: 'named', migrations: ['0001_base'], findings: [] });
    await expect(lintMigrations({ files, dialect, name: 'nope' })).rejects.toThrow('no migration named nope: the migrations are 0001_base, 0002_drop');
  });

  it('a migration\'s allowLint moves its findings of those rules to allowed; other rules and other migrations still warn', async () => {
    const drop: Operation = { op: 'dropColumn', table: T, column: 'flag' };
    const rename: Operation = { op: 'renameColumn', table: T, from: 'name', to: 'title' };
    const files = [base, { ...file('0002_drop', [drop, rename]), allowLint: ['drop-column' as const] }, file('0003_drop', [{ op: 'dropColumn', table: T, column: 'n' }])];
    const report = await lintMigrations({ files, dialect: await offlineDialect('sqlite') });
    expect(report.findings.map((f) => [f.migration, f.rule])).toEqual([['0002_drop', 'rename-column'], ['0003_drop', 'drop-column']]);
    expect(report.allowed.map((f) => [f.migration, f.rule])).toEqual([['0002_drop', 'drop-column']]);
  });
});
