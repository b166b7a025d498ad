/**
 * The SQLite introspector on real files, with each executor: the tables Oxen creates read back as the
 * state of their models, and Chinook (a schema Oxen did not write) reads without error, with every
 * object accounted for, and its `sql` format recreates the same schema.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkGeneratedModels } from '../support/generated-models.js';
import { connect, createTables, disconnect } from '../../src/index.js';
import { sqliteIntrospector } from '../../src/core/dialect/sqlite/introspector.js';
import { createExecutor } from '../../src/core/executor/create-executor.js';
import type { Queryable } from '../../src/core/executor/executor.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { testExecutors } from '../support/orm.js';
import { execSql, inspectFile, loadSql, recreate, sharedSchemas, tempDir, unaccounted } from './inspect-sqlite-support.js';
import { cycleModels, kindModels, schemaModels } from './schema-models.js';

const temp = tempDir('inspect-sqlite');
afterAll(() => temp.remove());

const modelSets: Record<string, AnyModel[]> = {
  schemaModels: Object.values(schemaModels('s_')) as AnyModel[],
  kindModels: Object.values(kindModels('k_')) as AnyModel[],
  cycleModels: Object.values(cycleModels('c_')) as AnyModel[],
};

describe.each(testExecutors())('SQLite introspector, %s executor', (executor) => {
  it.each(Object.keys(modelSets))('reads the tables createTables makes for %s back as their models’ state', async (set) => {
    const models = modelSets[set]!;
    const file = temp.file(`${set}-${executor}.sqlite`);
    await connect({ databases: { default: `sqlite://${file}` }, executor });
    try {
      await createTables(models);
    } finally {
      await disconnect();
    }
    const inspection = await inspectFile(file, executor);
    expect(inspection.state.dialect).toBe('sqlite');
    expect(inspection.schema).toBe('main');
    expect(comparableState(inspection.state, 'sqlite')).toEqual(comparableState(schemaFromModels(models), 'sqlite'));
    // Nothing Oxen creates is beyond the state.
    expect(inspection.warnings).toEqual([]);
    for (const table of inspection.state.tables) expect(inspection.figures[table.name]).toEqual({ rowsEstimate: 0, totalBytes: expect.any(Number) });
  });

  it('reads every column kind with its spelling and default', async () => {
    const file = temp.file(`kinds-${executor}.sqlite`);
    await connect({ databases: { default: `sqlite://${file}` }, executor });
    try {
      await createTables(modelSets.kindModels!);
    } finally {
      await disconnect();
    }
    const { state } = await inspectFile(file, executor);
    const everything = state.tables.find((t) => t.name === 'k_everything')!;
    expect(everything.columns.map((c) => [c.name, c.dbType, c.type.kind, c.default ?? null])).toEqual([
      ['key', 'UUID', 'uuid', null],
      ['small', 'INTEGER', 'int', null],
      ['big', 'BIGINT', 'bigint', { kind: 'value', value: '9007199254740993' }],
      ['ratio', 'REAL', 'float', { kind: 'value', value: 0.5 }],
      ['price', 'DECIMAL TEXT(12,2)', 'decimal', { kind: 'value', value: '9.90' }],
      ['active', 'BOOLEAN', 'boolean', { kind: 'value', value: true }],
      ['code_text', 'VARCHAR(20)', 'char', null],
      ['body', 'TEXT', 'text', null],
      ['seen_at', 'DATETIME', 'datetime', { kind: 'value', value: '2024-01-02T03:04:05.678Z' }],
      ['updated_at', 'DATETIME', 'datetime', { kind: 'now', onUpdate: false }],
      ['day', 'DATE', 'date', null],
      ['data', 'JSON TEXT', 'json', null],
      ['extra', 'JSON TEXT', 'json', { kind: 'value', value: { a: [1, 'x'] } }],
      ['ref', 'UUID', 'uuid', null],
      ['blob', 'BLOB', 'binary', null],
    ]);
  });

  it('runs the same nine statements for 3 tables as for 60', async () => {
    const statements = async (tables: number) => {
      const file = temp.file(`count-${tables}-${executor}.sqlite`);
      const ddl = Array.from({ length: tables }, (_, i) => `CREATE TABLE t${i} (id INTEGER PRIMARY KEY AUTOINCREMENT, at DATETIME, up INTEGER REFERENCES t${Math.max(0, i - 1)} (id), name TEXT UNIQUE);
        CREATE INDEX t${i}_at ON t${i} (at) WHERE at IS NOT NULL; CREATE VIEW v${i} AS SELECT id FROM t${i};`);
      execSql(file, ddl.join('\n'));
      const db = await createExecutor(parseDatabaseUrl(`sqlite://${file}?mode=ro`), { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false }, executor);
      let count = 0;
      const counting: Queryable = {
        query: (stmt) => (count++, db.query(stmt)),
        execute: (stmt) => (count++, db.execute(stmt)),
        batch: (stmts) => ((count += stmts.length), db.batch(stmts)),
        stream: (stmt, chunkSize) => (count++, db.stream(stmt, chunkSize)),
      };
      try {
        const inspection = await sqliteIntrospector.inspect(counting, {});
        expect(inspection.state.tables).toHaveLength(tables);
        expect(inspection.state.views).toHaveLength(tables);
        expect(inspection.state.tables.at(-1)!.indexes).toHaveLength(1);
      } finally {
        await db.close();
      }
      return count;
    };
    expect(await statements(3)).toBe(9);
    expect(await statements(60)).toBe(9);
  });

  describe('Chinook', () => {
    const file = temp.file(`chinook-${executor}.sqlite`);
    loadSql(file, path.join(sharedSchemas, 'chinook', 'chinook_sqlite.sql'));
    const hash = () => createHash('sha256').update(readFileSync(file)).digest('hex');

    it('inspects without error, read-only, with every object accounted for', async () => {
      const before = hash();
      const inspection = await inspectFile(file, executor);
      expect(hash()).toBe(before);
      expect(inspection.state.tables.map((t) => t.name)).toEqual([
        'Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track',
      ]);
      expect(unaccounted(file, inspection)).toEqual([]);
      expect(inspection.figures.Track).toEqual({ rowsEstimate: 50, totalBytes: expect.any(Number) });

      const track = inspection.state.tables.find((t) => t.name === 'Track')!;
      expect(track.columns.map((c) => `${c.name} ${c.type.kind === 'raw' ? `raw ${c.type.spelling}` : c.type.kind}${c.nullable ? '' : ' not null'}`)).toEqual([
        'TrackId auto not null', 'Name char not null', 'AlbumId int', 'MediaTypeId int not null', 'GenreId int', 'Composer char',
        'Milliseconds int not null', 'Bytes int', 'UnitPrice raw NUMERIC(10,2) not null',
      ]);
      expect(track.foreignKeys).toContainEqual({ name: 'Track_AlbumId_fk', columns: ['AlbumId'], referencedTable: 'Album', referencedColumns: ['AlbumId'], onDelete: 'NO ACTION' });
      const playlistTrack = inspection.state.tables.find((t) => t.name === 'PlaylistTrack')!;
      expect(playlistTrack.primaryKey).toEqual(['PlaylistId', 'TrackId']);
      expect(playlistTrack.columns.map((c) => c.type.kind)).toEqual(['int', 'int']);
      // Its keys are rowids without AUTOINCREMENT, in constraints named PK_<table>: each said once per table, and nothing else is beyond the state.
      const [rowids, names] = [/^INTEGER PRIMARY KEY without AUTOINCREMENT:/, /^the primary key's constraint name PK_\w+ is not in the state/];
      expect(inspection.warnings.filter((w) => rowids.test(w.message))).toHaveLength(10);
      expect(inspection.warnings.filter((w) => names.test(w.message)).map((w) => w.object).sort()).toEqual(inspection.state.tables.map((t) => t.name));
      expect(inspection.warnings).toHaveLength(21);
    });

    it('writes TypeScript models that compile under tsc --strict and load', async () => {
      const { state } = await inspectFile(file, executor);
      const generated = await checkGeneratedModels({ chinook: state });
      expect(generated.errors.chinook).toEqual([]);
      expect(generated.tables.chinook).toBe(state.tables.length);
    }, 180_000);

    it('writes SQL that recreates the same schema', async () => {
      const { first, second } = await recreate(file, temp.file(`chinook-copy-${executor}.sqlite`), executor);
      expect(comparableState(second.state, 'sqlite')).toEqual(comparableState(first.state, 'sqlite'));
      // The copy's keys have AUTOINCREMENT: nothing left to warn about.
      expect(second.warnings).toEqual([]);
    });
  });
});
