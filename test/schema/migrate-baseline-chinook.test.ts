/**
 * Adopting a database Oxen did not create (issue 11's acceptance): Chinook from ../shared/schemas,
 * loaded into a fresh database on each dialect (mbase_<pid>_<executor>, dropped after; SQLite a temp
 * file), goes through what a user types with the built binary: `inspect --format typescript` writes
 * the models, `migrate make initial` the full create migration, `migrate baseline` records it without
 * running it; then one model edit (a nullable column and an index on Artist) makes a migration holding
 * only that change, which `up` applies alone, leaving Chinook's rows as they were.
 *
 * One part of Chinook no model can declare: playlist_track's composite primary key, and the foreign
 * key on the column standing in for it. Baselined as generated, `status --check` names exactly those
 * two; with the initial migration edited to say them (before the baseline), nothing drifts and the
 * next `make` keeps them rather than dropping them.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';
import type { Executor } from '../../src/core/executor/executor.js';
import type { ExecutorKind } from '../../src/core/ground/values.js';
import { sharedSchemasDir } from '../support/shared-schemas.js';
import { testExecutors } from '../support/orm.js';
import { openExecutor } from '../executor/open-executor.js';
import * as pgServer from './fixtures/postgres/servers.js';
import * as myServer from './fixtures/mysql/servers.js';
import { loadSql } from './inspect-sqlite-support.js';

const schemas = sharedSchemasDir ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'schemas');

interface Names {
  readonly artist: string;
  readonly playlistTrack: string;
  readonly playlist: string;
  readonly playlistId: string;
  readonly trackId: string;
  /** The foreign key on playlist_track's first key column, as the database names it. */
  readonly playlistFk: string;
}

interface Target {
  readonly name: string;
  readonly dialect: 'postgres' | 'mysql' | 'sqlite';
  readonly names: Names;
  readonly quote: (id: string) => string;
  /** Creates the database with Chinook loaded; returns its URL. */
  create(db: string, dir: string): Promise<string>;
  drop(db: string): Promise<void>;
}

const PASCAL = { artist: 'Artist', playlistTrack: 'PlaylistTrack', playlist: 'Playlist', playlistId: 'PlaylistId', trackId: 'TrackId' };

async function withAdmin<T>(open: () => Promise<Executor>, f: (admin: Executor) => Promise<T>): Promise<T> {
  const admin = await open();
  try {
    return await f(admin);
  } finally {
    await admin.close();
  }
}

const targets: Target[] = [
  {
    name: 'SQLite',
    dialect: 'sqlite',
    names: { ...PASCAL, playlistFk: 'PlaylistTrack_PlaylistId_fk' },
    quote: (id) => `"${id}"`,
    create: async (db, dir) => {
      const file = join(dir, `${db}.sqlite`);
      loadSql(file, resolve(schemas, 'chinook/chinook_sqlite.sql'));
      return `sqlite://${file}`;
    },
    drop: async () => {},
  },
  ...(pgServer.serverUrl === undefined ? [] : [{
    name: 'PostgreSQL',
    dialect: 'postgres' as const,
    names: { artist: 'artist', playlistTrack: 'playlist_track', playlist: 'playlist', playlistId: 'playlist_id', trackId: 'track_id', playlistFk: 'playlist_track_playlist_id_fkey' },
    quote: pgServer.ident,
    create: async (db: string) => {
      await withAdmin(() => pgServer.openAdmin(), (admin) => pgServer.recreateDatabase(admin, db));
      pgServer.loadFile(db, resolve(schemas, 'chinook/chinook_postgresql.sql'));
      return pgServer.urlOf(db);
    },
    drop: (db: string) => withAdmin(() => pgServer.openAdmin(), (admin) => pgServer.dropDatabase(admin, db)),
  }]),
  ...(myServer.serverUrl === undefined ? [] : [{
    name: 'MariaDB',
    dialect: 'mysql' as const,
    names: { ...PASCAL, playlistFk: 'FK_PlaylistTrackPlaylistId' },
    quote: myServer.ident,
    create: async (db: string) => {
      await withAdmin(() => myServer.openAdmin(), (admin) => myServer.recreateDatabase(admin, db));
      myServer.loadSchemaFile(db, 'chinook/chinook_mysql.sql');
      return myServer.urlOf(db);
    },
    drop: (db: string) => withAdmin(() => myServer.openAdmin(), (admin) => myServer.dropDatabase(admin, db)),
  }]),
];

// Each case is a dozen runs of the binary (minutes on this machine): the CLI's default executor only, native where it is tested.
const executor: ExecutorKind = testExecutors().includes('native') ? 'native' : testExecutors()[0]!;
const cases = targets.map((target) => ({ target, executor, label: `${target.name}, ${executor} executor` }));

const lines = (s: string) => s.split('\n').filter((l) => l !== '');
const driftLines = (stdout: string) => lines(stdout).filter((l) => l.startsWith('drift: '));

/** The initial migration as the database has it: playlist_track's whole key and the foreign key on its stand-in column. */
function describeCompositeKey(source: string, n: Names): string {
  const start = source.indexOf(`name: '${n.playlistTrack}',`);
  expect(start).toBeGreaterThan(0);
  const end = source.indexOf("op: 'createTable'", start);
  const block = source.slice(start, end === -1 ? undefined : end);
  const pk = `primaryKey: ['${n.playlistId}'],`;
  expect(block).toContain(pk);
  expect(block).toContain('foreignKeys: [');
  const fk = `{ name: '${n.playlistFk}', columns: ['${n.playlistId}'], referencedTable: '${n.playlist}', referencedColumns: ['${n.playlistId}'], onDelete: 'NO ACTION' },`;
  const edited = block.replace(pk, `primaryKey: ['${n.playlistId}', '${n.trackId}'],`).replace('foreignKeys: [', `foreignKeys: [\n          ${fk}`);
  return source.slice(0, start) + edited + source.slice(start + block.length);
}

/** The model edit: a nullable column and an index on Artist, as a user would type them into the generated file. */
function addWebsite(models: string, artist: string): string {
  const head = "export const Artist = model('Artist', {\n";
  const options = `}, {\n  tableName: '${artist}',\n`;
  const at = models.indexOf(head);
  expect(at).toBeGreaterThanOrEqual(0);
  const close = models.indexOf(options, at);
  expect(close).toBeGreaterThan(at);
  expect(models.slice(close + options.length, close + options.length + 10)).not.toMatch(/^\s*indexes/);
  return (
    models.slice(0, close) +
    "  website: CharField({ maxLength: 200, null: true }),\n" +
    options +
    "  indexes: [{ fields: ['website'], name: 'mbase_artist_website' }],\n" +
    models.slice(close + options.length)
  );
}

describe.each(cases)('baseline on Chinook, then one model change ($label)', ({ target, executor }) => {
  const n = target.names;
  const db = `mbase_${process.pid}_${executor}`;
  let dir: string;
  let url: string;
  let conn: Executor;
  const oxen = (...args: string[]) => runOxen(args, { cwd: dir });
  const history = () => 'oxen_migrations';
  const scalar = async (sql: string) => (await conn.query({ sql, params: [] })).rows.map((r) => r[0]);

  beforeAll(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), `oxen-mbase-${target.dialect}-${executor}-`));
    url = await target.create(db, dir);
    writeFileSync(
      join(dir, 'oxen.config.ts'),
      `export default { databases: { default: ${JSON.stringify(url)} }, executor: ${JSON.stringify(executor satisfies ExecutorKind)}, models: './models.ts', migrations: './migrations' };\n`,
    );
    conn = await openExecutor({ dialect: target.dialect, url }, { connectionPoolSize: 1, maxOverflow: 0 });
  }, 120_000);

  afterAll(async () => {
    await conn?.close();
    await target.drop(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('inspect writes the models; make initial writes the full create migration', () => {
    const inspect = oxen('inspect', '--format', 'typescript', '--output', 'models.ts');
    expect(inspect.code).toBe(0);
    expect(inspect.stdout + inspect.stderr).toContain('wrote models.ts (typescript: 11 tables, 0 views)');
    const models = readFileSync(join(dir, 'models.ts'), 'utf8');
    // What the models cannot say is said at the model.
    expect(models).toContain(`// composite primary key (${n.playlistId}, ${n.trackId}): a model has one primary key field, so ${n.playlistId} stands in for it.`);
    expect(models).toContain(`// foreign key ${n.playlistFk}: (${n.playlistId}) → ${n.playlist} (${n.playlistId})`);

    const make = oxen('migrate', 'make', 'initial', '--json');
    expect(make.code).toBe(0);
    const written = JSON.parse(make.stdout) as { name: string; operations: { op: string; table: { name: string } }[] };
    expect(written.name).toBe('0001_initial');
    expect(written.operations.map((o) => o.op)).toEqual(Array(11).fill('createTable'));
    expect(oxen('migrate', 'make', '--check').code).toBe(0);
  }, 120_000);

  it('baselined as generated: nothing runs, and status --check names exactly what the models cannot declare', async () => {
    const tablesBefore = await scalar(countTablesSql(target.dialect));
    const run = oxen('migrate', 'baseline', '0001_initial');
    expect(run.code).toBe(0);
    expect(lines(run.stdout).at(-1)).toBe('Baselined 1 migration up to 0001_initial.');
    // Only the history table was created.
    expect(Number((await scalar(countTablesSql(target.dialect)))[0])).toBe(Number(tablesBefore[0]) + 1);
    const status = oxen('migrate', 'status', '--check');
    expect(status.code).toBe(3);
    expect(driftLines(status.stdout)).toEqual([
      `drift: ${n.playlistTrack}: primary key columns differs: migrations (${n.playlistId}), database (${n.playlistId}, ${n.trackId})`,
      expect.stringMatching(new RegExp(`^drift: ${n.playlistTrack}\\.${n.playlistFk}: foreign key in the database but not in the migrations \\(columns \\(${n.playlistId}\\), references ${n.playlist}\\(${n.playlistId}\\)`)),
    ]);
    // Start over as a user whose history was never written.
    await conn.execute({ sql: `DROP TABLE ${target.quote(history())}`, params: [] });
  }, 120_000);

  it('the initial migration edited to describe the database: baseline, then status --check passes', () => {
    const file = join(dir, 'migrations', '0001_initial.ts');
    writeFileSync(file, describeCompositeKey(readFileSync(file, 'utf8'), n));
    expect(oxen('migrate', 'baseline', '0001_initial').code).toBe(0);
    const status = oxen('migrate', 'status', '--check');
    expect(driftLines(status.stdout)).toEqual([]);
    expect(status.stdout).toContain('1 applied, 0 pending; no drift');
    expect(status.code).toBe(0);
    // The models still stand in a single key column: make sees no change, rather than one dropping the key.
    const check = oxen('migrate', 'make', '--check');
    expect(check.stdout).toContain('No changes');
    expect(check.code).toBe(0);
  }, 120_000);

  it('a model change: make writes only it, up applies only it, the rows stay as they were', async () => {
    const rowsBefore = await scalar(`SELECT COUNT(*) FROM ${target.quote(n.artist)}`);
    const artistsBefore = (await conn.query({ sql: `SELECT * FROM ${target.quote(n.artist)} ORDER BY 1`, params: [] })).rows;
    expect(Number(rowsBefore[0])).toBeGreaterThan(0);

    const models = join(dir, 'models.ts');
    writeFileSync(models, addWebsite(readFileSync(models, 'utf8'), n.artist));
    const make = oxen('migrate', 'make', 'add_website', '--json');
    expect(make.code).toBe(0);
    const written = JSON.parse(make.stdout) as { name: string; operations: unknown[]; lines: string[] };
    expect(written.name).toBe('0002_add_website');
    expect(written.operations).toEqual([
      { op: 'addColumn', table: n.artist, column: { name: 'website', type: { kind: 'char', maxLength: 200 }, nullable: true } },
      { op: 'addIndex', table: n.artist, index: { name: 'mbase_artist_website', columns: ['website'], unique: false } },
    ]);

    const up = oxen('migrate', 'up', '--json');
    expect(up.code).toBe(0);
    const applied = JSON.parse(up.stdout) as { migrations: { name: string; statements: string[] }[] };
    expect(applied.migrations.map((m) => m.name)).toEqual(['0002_add_website']);
    expect(applied.migrations[0]!.statements).toHaveLength(2);
    expect(applied.migrations[0]!.statements[0]).toMatch(/^ALTER TABLE .*Artist.* ADD (COLUMN )?.website. VARCHAR\(200\)/i);
    expect(applied.migrations[0]!.statements[1]).toMatch(/^CREATE INDEX .mbase_artist_website. ON .*Artist/i);

    const historyRows = await conn.query({ sql: `SELECT name, duration_ms FROM ${target.quote(history())} ORDER BY name`, params: [] });
    expect(historyRows.rows.map((r) => r[0])).toEqual(['0001_initial', '0002_add_website']);
    expect(Number(historyRows.rows[0]![1])).toBe(0);

    expect(await scalar(`SELECT COUNT(*) FROM ${target.quote(n.artist)}`)).toEqual(rowsBefore);
    const artistsAfter = (await conn.query({ sql: `SELECT * FROM ${target.quote(n.artist)} ORDER BY 1`, params: [] })).rows;
    expect(artistsAfter).toEqual(artistsBefore.map((r) => [...r, null]));

    const status = oxen('migrate', 'status', '--check');
    expect(status.stdout).toContain('2 applied, 0 pending; no drift');
    expect(status.code).toBe(0);
    expect(oxen('migrate', 'up').stdout.trim()).toBe('No migrations to apply.');
    expect(oxen('migrate', 'make', '--check').code).toBe(0);

    // The models against the database: only the two things a model cannot declare (the history table is Oxen's own).
    const diff = oxen('inspect', 'diff');
    expect(lines(diff.stdout).slice(0, -1)).toEqual([
      `${n.playlistTrack}: primary key columns differs: models (${n.playlistId}), database (${n.playlistId}, ${n.trackId})`,
      expect.stringMatching(new RegExp(`^${n.playlistTrack}\\.${n.playlistFk}: foreign key in the database but not in the models`)),
    ]);
    expect(diff.code).toBe(3);
  }, 120_000);
});

function countTablesSql(dialect: Target['dialect']): string {
  switch (dialect) {
    case 'sqlite':
      return "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
    case 'postgres':
      return "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'";
    case 'mysql':
      return "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";
  }
}
