/**
 * A `timestamp` (without time zone) column compared with a bound instant is converted in the
 * session's time zone, so Oxen's PostgreSQL sessions run in UTC whatever the server, database or
 * role default is: here a database whose default is New York, on both executors.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoField, DateTimeField, connect, disconnect, getDatabase, model } from '../../src/index.js';
import { postgresUrl } from '../support/databases.js';
import { testExecutors } from '../support/orm.js';

const DB = `oxen_tz_${process.pid}`;
const Event = model('Event', { id: AutoField(), at: DateTimeField() }, { tableName: 'tz_event' });

describe.runIf(postgresUrl !== undefined)('PostgreSQL sessions in UTC (database default America/New_York)', () => {
  const admin = new pg.Client({ connectionString: postgresUrl });
  const url = new URL(postgresUrl ?? 'postgres://x/y');
  url.pathname = `/${DB}`;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.query(`ALTER DATABASE ${DB} SET timezone TO 'America/New_York'`);
    const other = new pg.Client({ connectionString: url.toString() });
    await other.connect();
    // Another tool's rows: UTC wall-clock text in a zoneless column.
    await other.query('CREATE TABLE tz_event (id serial PRIMARY KEY, at timestamp NOT NULL)');
    await other.query("INSERT INTO tz_event (at) VALUES ('2024-06-01 04:00:00'), ('2024-06-01 05:00:00')");
    await other.end();
  });
  afterAll(async () => {
    // FORCE: behind PgBouncer (CI's second pass) the pooler still holds server connections to it.
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.end();
  });

  it.each(testExecutors())('%s: reads and compares the column as UTC', async (executor) => {
    await connect({ databases: { default: url.toString() }, executor });
    try {
      const { rows } = await getDatabase().query({ sql: 'SHOW timezone', params: [] });
      expect(rows).toEqual([['UTC']]);
      expect((await Event.orderBy('at').valuesList('at', { flat: true })).map((d) => (d as Date).toISOString())).toEqual([
        '2024-06-01T04:00:00.000Z', '2024-06-01T05:00:00.000Z',
      ]);
      expect(await Event.filter({ at__gte: new Date('2024-06-01T05:00:00Z') }).count()).toBe(1);
      expect(await Event.filter({ at__lt: new Date('2024-06-01T04:00:01Z') }).count()).toBe(1);
    } finally {
      await disconnect();
    }
  });
});
