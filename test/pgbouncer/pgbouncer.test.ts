/**
 * Both executors through Debian's PgBouncer 1.18 in transaction pooling mode (.ci/pgbouncer.sh), which
 * keeps no named prepared statement, no session setting it does not track, and no advisory lock
 * across transactions. The whole ORM suite also runs through it in CI (a second pass of test/orm);
 * this file covers what that pass cannot: detection, the refusals, and session state across server
 * connections. Results are read back over a direct connection.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CharField, connect, disconnect, getDatabase, IntField, model, transaction } from '../../src/index.js';
import { createTables, dropTables } from '../../src/index.js';
import { optionalServer, postgresUrl } from '../support/databases.js';
import { testExecutors } from '../support/orm.js';
import { pgQuery } from '../support/plain-sql.js';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';
import { project } from '../schema/migrate-commands-support.js';

const bouncerUrl = optionalServer(process.env.OXEN_TEST_PGBOUNCER_URL, 'PgBouncer in transaction mode', 'OXEN_TEST_PGBOUNCER_URL');
const directUrl = postgresUrl;

const Row = model('pgb_rows', { name: CharField({ maxLength: 40 }), n: IntField() });

const withParam = (url: string, param: string) => `${url}${url.includes('?') ? '&' : '?'}${param}`;
const direct = (sql: string, params: unknown[] = []) => pgQuery(directUrl!, sql, params);

describe.skipIf(!bouncerUrl || !directUrl).each(testExecutors())('PostgreSQL through PgBouncer, transaction mode (%s executor)', (executor) => {
  beforeAll(async () => {
    await connect({ databases: { default: bouncerUrl! }, executor });
    await dropTables([Row], { ifExists: true });
    await createTables([Row]);
  });
  beforeEach(() => Row.all().delete());
  afterAll(async () => {
    try {
      await dropTables([Row], { ifExists: true });
    } finally {
      await disconnect();
    }
  });

  it('is detected without pgbouncer=true, and every server connection it hands over runs in UTC', async () => {
    expect(getDatabase().executor.behindPgbouncer).toBe(true);
    // More concurrent statements than PgBouncer has server connections per pool: each may land on any.
    const zones = await Promise.all(Array.from({ length: 40 }, () => getDatabase().query({ sql: 'SHOW TimeZone', params: [] })));
    expect(new Set(zones.map((z) => z.rows[0]![0]))).toEqual(new Set(['UTC']));
  });

  it('runs the same statement text many times concurrently with no prepared-statement error', async () => {
    await Row.bulkCreate(Array.from({ length: 50 }, (_, i) => ({ name: `r${i}`, n: i })));
    const counts = await Promise.all(Array.from({ length: 200 }, (_, i) => Row.filter({ n__gte: i % 50 }).count()));
    expect(counts).toEqual(Array.from({ length: 200 }, (_, i) => 50 - (i % 50)));
  });

  it('bulk inserts thousands of rows (INSERT, not COPY, behind PgBouncer) and returns their real ids', async () => {
    const made = await Row.bulkCreate(Array.from({ length: 5000 }, (_, i) => ({ name: `bulk ${i}`, n: i })));
    const rows = (await direct('SELECT id, n FROM pgb_rows ORDER BY n')) as [number, number][];
    expect(rows).toHaveLength(5000);
    expect(made.map((m) => [m.id, m.n])).toEqual(rows);
  });

  it('keeps a transaction on one server connection: savepoints roll back, concurrent transactions see only their own rows', async () => {
    await transaction(async () => {
      await Row.create({ name: 'outer', n: 1 });
      await expect(
        transaction(async () => {
          await Row.create({ name: 'inner', n: 2 });
          throw new Error('undo the inner part');
        }),
      ).rejects.toThrow('undo the inner part');
      expect(await Row.filter({ name__in: ['outer', 'inner'] }).count()).toBe(1);
    });
    expect(await direct("SELECT name FROM pgb_rows WHERE name IN ('outer', 'inner')")).toEqual([['outer']]);

    // Each transaction reads once all have written, and commits once all have read: under READ
    // COMMITTED a row committed before another's read would show there too. A statement sent to
    // another server connection would see none of its own rows, or another's.
    const open = 4;
    const allWritten = countdown(open);
    const allRead = countdown(open);
    const seen = await Promise.all(
      Array.from({ length: open }, (_, i) =>
        transaction(async () => {
          await Row.create({ name: `tx ${i}`, n: 100 + i });
          await allWritten.arrive();
          const names = await Row.filter({ name__startswith: 'tx ' }).valuesList('name', { flat: true });
          await allRead.arrive();
          return names;
        }),
      ),
    );
    seen.forEach((names, i) => expect(names).toEqual([`tx ${i}`]));
    expect(Number((await direct("SELECT count(*) FROM pgb_rows WHERE name LIKE 'tx %'"))[0]![0])).toBe(open);
  });

  it('concurrent bulk inserts of hundreds of rows each all land', async () => {
    const batches = await Promise.all(Array.from({ length: 8 }, (_, b) => Row.bulkCreate(Array.from({ length: 600 }, (_, i) => ({ name: `b${b}`, n: i })))));
    expect(batches.flat()).toHaveLength(4800);
    expect(Number((await direct("SELECT count(*) FROM pgb_rows WHERE name LIKE 'b%'"))[0]![0])).toBe(4800);
  });

  it('streams with iterator() (a cursor inside a transaction of its own)', async () => {
    await Row.bulkCreate(Array.from({ length: 3000 }, (_, i) => ({ name: `it ${i}`, n: i })));
    let total = 0;
    let sum = 0;
    for await (const row of Row.all().orderBy('n').iterator({ chunkSize: 400 })) {
      total += 1;
      sum += row.n;
    }
    expect([total, sum]).toEqual([3000, (2999 * 3000) / 2]);
  });
});

describe.skipIf(!bouncerUrl || !directUrl)('PgBouncer: what cannot work says so', () => {
  afterAll(() => disconnect());

  it.each(testExecutors())('%s: performance.statementTimeout is refused in one line naming the fix', async (executor) => {
    const attempt = connect({ databases: { default: withParam(bouncerUrl!, 'pgbouncer=true') }, executor, performance: { statementTimeout: 5000 } });
    await expect(attempt).rejects.toThrow(/statementTimeout cannot be set per session through PgBouncer .*ALTER ROLE/);
  });

  it.each(testExecutors())('%s: pgbouncer=false keeps the startup parameters, and PgBouncer refuses them', async (executor) => {
    await expect(connect({ databases: { default: withParam(bouncerUrl!, 'pgbouncer=false') }, executor })).rejects.toThrow(/unsupported startup parameter/);
  });

  it('pgbouncer=maybe is a URL error', async () => {
    await expect(connect({ databases: { default: withParam(bouncerUrl!, 'pgbouncer=maybe') }, executor: 'js' })).rejects.toThrow(/pgbouncer=maybe .*use pgbouncer=true or pgbouncer=false/);
  });

  it('oxen migrate up refuses to run through PgBouncer (its lock is a session lock), creating nothing', async () => {
    assertBuilt();
    const { dir } = await project(bouncerUrl!, 'pgbmig_', 'pgbouncer');
    const run = runOxen(['migrate', 'up', '--url', withParam(bouncerUrl!, 'pgbouncer=true')], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/migrate cannot run through PgBouncer in transaction mode .*use a direct URL to PostgreSQL/)]);
    const tables = await direct("SELECT count(*) FROM pg_tables WHERE tablename IN ('oxen_migrations', 'pgbmig_person')");
    expect(Number(tables[0]![0])).toBe(0);
  });
});

/** Resolves every `arrive()` once `parties` callers have arrived. */
function countdown(parties: number): { arrive(): Promise<void> } {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return {
    arrive() {
      if (++arrived === parties) release();
      return all;
    },
  };
}
