/**
 * What the MySQL / MariaDB introspector says when it cannot read everything: bad input (an unknown
 * database or table, no database at all) as one usage line; a user without privileges (a throwaway
 * account, dropped afterwards) told which GRANT is missing; and the objects the state has no place
 * for, each named in a warning.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/core/executor/executor.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { QueryError, UsageError } from '../../src/core/ground/errors.js';
import { inspectUrl } from '../../src/core/schema/inspect/inspect-url.js';
import { errorLine, exitCodeFor } from '../../src/ui/shared/error-report.js';
import { withDatabase } from '../executor/open-executor.js';
import { dropDatabase, executors, inspectDatabase, openAdmin, recreateDatabase, runClient, serverUrl } from './fixtures/mysql/servers.js';

const DB = 'inspect_my_err';
const OTHER = 'inspect_my_err_other';
const USER = 'inspect_noperm';
const PASSWORD = randomBytes(9).toString('hex');

/** The server URL as another user, with or without a database. */
function userUrl(database: string): string {
  const url = new URL(withDatabase(serverUrl!, database));
  url.username = USER;
  url.password = PASSWORD;
  return url.toString();
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the inspection to fail');
}

describe.skipIf(!serverUrl)('MySQL introspector errors and warnings', () => {
  let admin: Executor;
  let mariadb = false;

  beforeAll(async () => {
    admin = await openAdmin();
    mariadb = /mariadb/i.test(await admin.serverVersion());
    await recreateDatabase(admin, DB);
    await recreateDatabase(admin, OTHER);
    await admin.execute({ sql: `DROP USER IF EXISTS '${USER}'@'%'`, params: [] });
    await admin.execute({ sql: `CREATE USER '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`, params: [] });
    runClient(OTHER, 'CREATE TABLE target (id INT PRIMARY KEY);');
    runClient(DB, `
CREATE TABLE visible (id INT PRIMARY KEY, secret VARCHAR(10), other_id INT,
  CONSTRAINT visible_other_fk FOREIGN KEY (other_id) REFERENCES ${OTHER}.target (id));
CREATE TABLE hidden (id INT PRIMARY KEY);
CREATE TABLE partly (id INT PRIMARY KEY, shown INT, unshown INT);
CREATE TABLE logbook (id INT PRIMARY KEY, at TIMESTAMP NOT NULL DEFAULT '2000-01-01 00:00:00' ON UPDATE CURRENT_TIMESTAMP,
  ghost INT INVISIBLE, KEY logbook_at (at)) ENGINE=MyISAM;
CREATE TABLE sliced (id INT NOT NULL, PRIMARY KEY (id)) PARTITION BY HASH (id) PARTITIONS 2;
CREATE VIEW checked AS SELECT id FROM hidden WHERE id > 0 WITH CHECK OPTION;
CREATE TRIGGER visible_bi BEFORE INSERT ON visible FOR EACH ROW SET NEW.secret = 'x';
CREATE PROCEDURE tidy() DELETE FROM hidden;
CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM hidden;
`);
    if (mariadb) {
      runClient(DB, `
CREATE SEQUENCE counter;
CREATE TABLE history (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING;
ALTER TABLE logbook ALTER INDEX logbook_at IGNORED;
`);
    }
  });
  afterAll(async () => {
    await admin.execute({ sql: `DROP USER IF EXISTS '${USER}'@'%'`, params: [] });
    await dropDatabase(admin, DB);
    await dropDatabase(admin, OTHER);
    await admin.close();
  });

  it.each(executors)('names an unknown database as a usage error (%s)', async (executor) => {
    const error = await failure(inspectDatabase(DB, executor, { schema: 'inspect_my_no_such_db' }));
    expect(error).toBeInstanceOf(UsageError);
    expect(exitCodeFor(error)).toBe(2);
    expect(errorLine(error)).toBe('Error: unknown database "inspect_my_no_such_db": there is no database of that name on this server (check --schema or the URL)');
  });

  it.each(executors)('names unknown tables in tables and exclude (%s)', async (executor) => {
    const error = await failure(inspectDatabase(DB, executor, { tables: ['visible', 'nope', 'nada'] }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`unknown tables in database "${DB}": nope, nada`);
    const excluded = await failure(inspectDatabase(DB, executor, { exclude: ['nope'] }));
    expect(excluded.message).toBe(`unknown table in database "${DB}": nope`);
  });

  it('asks for a database when the URL names none', async () => {
    const error = await failure(inspectUrl(parseDatabaseUrl(withDatabase(serverUrl!, '')), { executor: 'js' }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^no database to inspect: the URL names none/);
  });

  describe('a user without privileges', () => {
    it.each(executors)('is told the database is not visible to it and which GRANT to run (%s)', async (executor) => {
      const error = await failure(inspectUrl(parseDatabaseUrl(userUrl('')), { executor, schema: DB }));
      expect(error).toBeInstanceOf(QueryError);
      expect(exitCodeFor(error)).toBe(1);
      expect(error.message).toBe(
        `database "${DB}" is not visible to '${USER}'@'%': it does not exist, or this user has no privilege on it — ` +
          `check the name, or GRANT SELECT ON \`${DB}\`.* TO '${USER}'@'%'`,
      );
    });

    it.each(executors)('with grants on single tables and columns, is warned what it cannot see (%s)', async (executor) => {
      await admin.execute({ sql: `GRANT SELECT ON ${DB}.visible TO '${USER}'@'%'`, params: [] });
      await admin.execute({ sql: `GRANT SELECT (id, shown) ON ${DB}.partly TO '${USER}'@'%'`, params: [] });
      try {
        const { inspection } = await inspectUrl(parseDatabaseUrl(userUrl(DB)), { executor });
        expect(inspection.state.tables.map((t) => t.name)).toEqual(['partly', 'visible']);
        expect(inspection.state.tables[0]!.columns.map((c) => c.name)).toEqual(['id', 'shown']);
        const about = (object: string) => inspection.warnings.filter((w) => w.object === object).map((w) => w.message);
        expect(about(`database ${DB}`)).toEqual(expect.arrayContaining([
          `'${USER}'@'%' has privileges on single tables only: tables it has none on are not listed — GRANT SELECT ON \`${DB}\`.* TO '${USER}'@'%' to read them all`,
          expect.stringMatching(/^triggers are shown only on tables where .* GRANT TRIGGER ON `inspect_my_err`\.\* TO 'inspect_noperm'@'%'$/),
          expect.stringMatching(/^events are shown only with the EVENT privilege/),
        ]));
        expect(about('table partly')).toContain(`'${USER}'@'%' has privileges on some columns only: the other columns are not listed — GRANT SELECT ON \`${DB}\`.\`partly\` TO '${USER}'@'%'`);

        const error = await failure(inspectUrl(parseDatabaseUrl(userUrl(DB)), { executor, tables: ['visible', 'hidden'] }));
        expect(error).toBeInstanceOf(QueryError);
        expect(error.message).toBe(
          `table hidden in database "${DB}" is not visible to '${USER}'@'%': no such table, or no privilege on it — ` +
            `check the names, or GRANT SELECT ON \`${DB}\`.\`hidden\` TO '${USER}'@'%'`,
        );
      } finally {
        await admin.execute({ sql: `REVOKE ALL PRIVILEGES, GRANT OPTION FROM '${USER}'@'%'`, params: [] });
      }
    });
  });

  it.each(executors)('names every object the state cannot hold in a warning (%s)', async (executor) => {
    const inspection = await inspectDatabase(DB, executor);
    const objects = inspection.warnings.map((w) => w.object);
    expect(objects).toEqual(expect.arrayContaining([
      'visible.visible_other_fk', 'trigger visible_bi', 'procedure tidy', 'event nightly', 'table sliced', 'table logbook',
      'logbook.at', 'logbook.ghost', 'view checked',
      ...(mariadb ? ['sequence counter', 'table history', 'logbook.logbook_at'] : []),
    ]));
    const message = (object: string) => inspection.warnings.filter((w) => w.object === object).map((w) => w.message).join(' | ');
    expect(message('visible.visible_other_fk')).toMatch(`a foreign key to ${OTHER}.target, in another database`);
    expect(message('trigger visible_bi')).toBe('BEFORE INSERT on visible: triggers are not in the schema state, and the sql format does not create them');
    expect(message('table sliced')).toMatch(/partitioned: partitioning is not in the state/);
    expect(message('table logbook')).toMatch(/^ENGINE=MyISAM, /);
    expect(message('logbook.at')).toMatch(/^ON UPDATE CURRENT_TIMESTAMP(\(\))? without a current-time default/);
    expect(message('view checked')).toMatch(/WITH CASCADED CHECK OPTION/);
    const visible = inspection.state.tables.find((t) => t.name === 'visible')!;
    expect(visible.foreignKeys).toEqual([]);
    // Without its foreign key, the index InnoDB made for it is an index like any other.
    expect(visible.indexes).toEqual([{ name: 'visible_other_fk', columns: ['other_id'], unique: false }]);
    if (mariadb) {
      expect(message('sequence counter')).toMatch(/sequences are not in the schema state/);
      expect(message('table history')).toMatch(/system-versioned/);
      expect(message('logbook.logbook_at')).toMatch(/ignored/);
      expect(inspection.state.tables.map((t) => t.name)).toContain('history');
    }
    expect(inspection.state.views.map((v) => v.name)).toEqual(['checked']);
  });
});


