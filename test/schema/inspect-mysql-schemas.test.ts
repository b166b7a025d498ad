/**
 * The MySQL / MariaDB introspector on schemas Oxen did not write: Chinook and Sakila from
 * ../shared/schemas (loaded with the mysql client into databases of their own), and the server's own
 * `mysql` database (read only). Each inspects without error with every object accounted for —
 * counted against plain information_schema queries, represented in the state or named in a warning —
 * and the `sql` format of each, run on an empty database, reads back as the very same state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGeneratedModels } from '../support/generated-models.js';
import type { Executor } from '../../src/core/executor/executor.js';
import type { Inspection } from '../../src/core/dialect/introspector.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { schemaSql } from '../../src/core/schema/inspect/format-sql.js';
import { MySqlDdl } from '../../src/core/dialect/mysql/ddl.js';
import { MySqlDialect } from '../../src/core/dialect/mysql/mysql-dialect.js';
import {
  catalogNames, dropDatabase, executors, inspectDatabase, loadSchemaFile, openAdmin, recreateDatabase, runClient, serverUrl,
} from './fixtures/mysql/servers.js';

const ddl = new MySqlDdl(new MySqlDialect(true));
const CHINOOK = 'inspect_my_chinook';
const SAKILA = 'inspect_my_sakila';
const COPY = 'inspect_my_schemas_copy';

/** Every table, view, column, index, foreign key, check and trigger / routine / event of the database is in the state or a warning. */
async function expectAccountedFor(admin: Executor, schema: string, inspection: Inspection): Promise<void> {
  const { state, warnings } = inspection;
  const names = (sql: string, params: string[] = [schema]) => catalogNames(admin, sql, params);
  const warned = new Set(warnings.map((w) => w.object));

  expect(state.tables.map((t) => t.name)).toEqual(
    await names("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')"),
  );
  expect(state.views.map((v) => v.name)).toEqual(await names("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'VIEW'"));
  const relations = [...state.tables, ...state.views];
  expect(relations.flatMap((r) => r.columns.map((c) => `${r.name}.${c.name}`)).sort()).toEqual(
    await names("SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"),
  );
  for (const r of relations) expect(r.columns.every((c) => typeof c.dbType === 'string' && c.dbType !== '')).toBe(true);

  // Indexes: the primary key, a unique, an index, or the one InnoDB made for a foreign key of that name.
  const represented = state.tables.flatMap((t) => [
    ...(t.primaryKey.length > 0 ? [`${t.name}.PRIMARY`] : []),
    ...[...t.uniques, ...t.indexes, ...t.foreignKeys].map((x) => `${t.name}.${x.name}`),
  ]);
  for (const index of await names("SELECT DISTINCT CONCAT(TABLE_NAME, '.', INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?")) {
    expect(represented, index).toContain(index);
  }
  const foreignKeys = state.tables.flatMap((t) => t.foreignKeys.map((fk) => `${t.name}.${fk.name}`));
  for (const fk of await names('SELECT CONCAT(TABLE_NAME, \'.\', CONSTRAINT_NAME) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?')) {
    expect(foreignKeys.includes(fk) || warned.has(fk), fk).toBe(true);
  }
  // Checks: a check of the state, or MariaDB's json_valid() of a column read as json.
  const checks = state.tables.flatMap((t) => [
    ...t.checks.map((c) => `${t.name}.${c.name}`),
    ...t.columns.filter((c) => c.type.kind === 'json').map((c) => `${t.name}.${c.name}`),
  ]);
  for (const check of await names("SELECT CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ? AND CONSTRAINT_TYPE = 'CHECK'")) {
    expect(checks, check).toContain(check);
  }
  const others = await names(
    `SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?
     UNION ALL SELECT CONCAT(LOWER(ROUTINE_TYPE), ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?
     UNION ALL SELECT CONCAT('event ', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`,
    [schema, schema, schema],
  );
  for (const object of others) expect(warned, object).toContain(object);
  expect(Object.keys(inspection.figures).sort()).toEqual(state.tables.map((t) => t.name));
}

/** Runs the `sql` format on an empty database and inspects that. */
async function recreated(admin: Executor, inspection: Inspection, executor: (typeof executors)[number]): Promise<Inspection> {
  await recreateDatabase(admin, COPY);
  runClient(COPY, schemaSql(inspection.state, ddl));
  return inspectDatabase(COPY, executor);
}

describe.skipIf(!serverUrl)('MySQL introspector on schemas Oxen did not write', () => {
  let admin: Executor;

  beforeAll(async () => {
    admin = await openAdmin();
    await recreateDatabase(admin, CHINOOK);
    await recreateDatabase(admin, SAKILA);
    loadSchemaFile(CHINOOK, 'chinook/chinook_mysql.sql');
    loadSchemaFile(SAKILA, 'sakila/sakila-schema.sql');
  });
  afterAll(async () => {
    await dropDatabase(admin, CHINOOK);
    await dropDatabase(admin, SAKILA);
    await dropDatabase(admin, COPY);
    await admin.close();
  });

  describe.each(executors)('with the %s executor', (executor) => {
    it('Chinook: every object accounted for, and the sql format recreates it', async () => {
      const inspection = await inspectDatabase(CHINOOK, executor);
      await expectAccountedFor(admin, CHINOOK, inspection);
      expect(inspection.state.tables).toHaveLength(11);
      const track = inspection.state.tables.find((t) => t.name === 'Track')!;
      expect(track.columns.find((c) => c.name === 'Name')).toEqual({ name: 'Name', type: { kind: 'char', maxLength: 200 }, nullable: false, dbType: 'varchar(200)' });
      expect(track.columns.find((c) => c.name === 'UnitPrice')?.type).toEqual({ kind: 'decimal', precision: 10, scale: 2 });
      expect(track.indexes.map((i) => i.name)).toEqual(['IFK_TrackAlbumId', 'IFK_TrackGenreId', 'IFK_TrackMediaTypeId']);
      expect(track.foreignKeys.find((fk) => fk.name === 'FK_TrackAlbumId')).toEqual({
        name: 'FK_TrackAlbumId', columns: ['AlbumId'], referencedTable: 'Album', referencedColumns: ['AlbumId'], onDelete: 'NO ACTION',
      });
      expect(inspection.state.tables.find((t) => t.name === 'PlaylistTrack')!.primaryKey).toEqual(['PlaylistId', 'TrackId']);
      // Only the storage settings (collations) are beyond the state.
      expect(inspection.warnings.every((w) => /^COLLATE=/.test(w.message))).toBe(true);

      const again = await recreated(admin, inspection, executor);
      expect(comparableState(again.state, 'mysql')).toEqual(comparableState(inspection.state, 'mysql'));
      expect(again.state).toEqual(inspection.state);
    });

    it('Sakila: every object accounted for, triggers and routines named, and the sql format recreates it', async () => {
      const inspection = await inspectDatabase(SAKILA, executor);
      await expectAccountedFor(admin, SAKILA, inspection);
      const objects = inspection.warnings.map((w) => w.object);
      expect(objects).toEqual(expect.arrayContaining([
        'trigger ins_film', 'trigger upd_film', 'trigger del_film', 'procedure rewards_report', 'procedure film_in_stock', 'procedure film_not_in_stock',
        'function get_customer_balance', 'function inventory_held_by_customer', 'function inventory_in_stock', 'view actor_info',
      ]));
      const film = inspection.state.tables.find((t) => t.name === 'film')!;
      const column = (name: string) => film.columns.find((c) => c.name === name)!;
      expect(column('film_id')).toEqual({ name: 'film_id', type: { kind: 'auto' }, nullable: false, dbType: 'smallint(5) unsigned' });
      expect(column('rating')).toMatchObject({ type: { kind: 'raw', spelling: "enum('G','PG','PG-13','R','NC-17')" }, default: { kind: 'value', value: 'G' } });
      expect(column('special_features').type).toEqual({ kind: 'raw', spelling: "set('Trailers','Commentaries','Deleted Scenes','Behind the Scenes')" });
      expect(column('release_year').type.kind).toBe('raw');
      expect(column('rental_rate').default).toEqual({ kind: 'value', value: '4.99' });
      expect(column('last_update')).toMatchObject({ type: { kind: 'datetime' }, dbType: 'timestamp', default: { kind: 'now', onUpdate: true } });
      expect(film.foreignKeys.map((fk) => [fk.name, fk.onDelete, fk.onUpdate])).toEqual([
        ['fk_film_language', 'RESTRICT', 'CASCADE'], ['fk_film_language_original', 'RESTRICT', 'CASCADE'],
      ]);
      expect(inspection.state.tables.find((t) => t.name === 'film_text')!.indexes).toEqual([
        { name: 'idx_title_description', columns: ['title', 'description'], unique: false, method: 'fulltext' },
      ]);
      expect(inspection.state.tables.find((t) => t.name === 'rental')!.uniques).toEqual([{ name: 'rental_date', columns: ['rental_date', 'inventory_id', 'customer_id'] }]);
      expect(inspection.state.views.map((v) => v.name)).toHaveLength(7);
      expect(inspection.state.views.every((v) => !v.definition.includes(`\`${SAKILA}\``))).toBe(true);

      const again = await recreated(admin, inspection, executor);
      expect(again.state).toEqual(inspection.state);
    });

    it('the mysql system database: ENUM, SET, composite keys and BLOBs, every object accounted for', async () => {
      const inspection = await inspectDatabase('mysql', executor);
      await expectAccountedFor(admin, 'mysql', inspection);
      const table = (name: string) => inspection.state.tables.find((t) => t.name === name)!;
      expect(table('db').primaryKey).toEqual(['Host', 'Db', 'User']);
      expect(table('db').columns.find((c) => c.name === 'Select_priv')).toMatchObject({ type: { kind: 'raw', spelling: "enum('N','Y')" }, default: { kind: 'value', value: 'N' } });
      expect(table('tables_priv').columns.find((c) => c.name === 'Table_priv')?.type).toMatchObject({ kind: 'raw', spelling: expect.stringMatching(/^set\('Select',/) });
      expect(table('proc').columns.find((c) => c.name === 'body')?.type).toEqual({ kind: 'binary' });
      expect(inspection.warnings.some((w) => w.object === 'table proc' && /ENGINE=Aria/.test(w.message))).toBe(true);

      const again = await recreated(admin, inspection, executor);
      expect(comparableState(again.state, 'mysql')).toEqual(comparableState(inspection.state, 'mysql'));
    });

    it.runIf(executor === executors[0])('writes TypeScript models for Chinook, Sakila and the mysql database that compile under tsc --strict and load', async () => {
      const states = {
        chinook: (await inspectDatabase(CHINOOK, executor)).state,
        sakila: (await inspectDatabase(SAKILA, executor)).state,
        mysql: (await inspectDatabase('mysql', executor)).state,
      };
      const generated = await checkGeneratedModels(states);
      for (const [name, state] of Object.entries(states)) {
        expect(generated.errors[name], name).toEqual([]);
        expect(generated.tables[name], name).toBe(state.tables.length);
      }
    }, 180_000);

    it('information_schema: its system views, which no schema can create, each named in a warning', async () => {
      const inspection = await inspectDatabase('mysql', executor, { schema: 'information_schema' });
      expect(inspection.schema).toBe('information_schema');
      expect(inspection.state.tables).toEqual([]);
      const systemViews = await catalogNames(admin, "SELECT CONCAT('system view ', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", ['information_schema']);
      expect(systemViews.length).toBeGreaterThan(30);
      expect(inspection.warnings.map((w) => w.object).sort()).toEqual(expect.arrayContaining(systemViews));
    });
  });
});
