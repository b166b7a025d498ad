/**
 * Datetimes another tool wrote — rows inserted with plain SQL through the bare driver, in the forms
 * SQLite's own functions, Django, Rails and database sessions in other time zones write — read,
 * filtered, ordered and aggregated through a DateTimeField, on every database and executor, and
 * compared with what SQL answers over the same rows. SQL computes each value's instant itself
 * (unixepoch / extract(epoch) / UNIX_TIMESTAMP), so the expectations hold in time, not just as text.
 * Rows Oxen writes (create, bulkCreate, update) sit among them. The process runs in New York time, so
 * a driver reading a zoneless column as local time would show.
 */
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoField, CharField, Count, DateTimeField, Max, Min, connect, disconnect, model } from '../../src/index.js';
import type { DialectName } from '../../src/core/ground/values.js';
import { datetimeFormComparesCorrectly, datetimeTextForm, isCanonicalDatetimeText } from '../../src/core/dialect/sqlite/datetime-text.js';
import { testTargets, type TestTarget } from '../support/orm.js';

const previousTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

/** The other tool: the database's own driver, no Oxen in between. `?` placeholders everywhere. */
interface PlainSql {
  run(sql: string, params?: unknown[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

async function plainSql(target: TestTarget): Promise<PlainSql> {
  if (target.dialect === 'sqlite') {
    const db = new Database(target.url.slice('sqlite://'.length));
    return {
      run: async (sql, params = []) => {
        const stmt = db.prepare(sql);
        if (!stmt.reader) {
          stmt.run(...params);
          return [];
        }
        return stmt.raw(true).all(...params) as unknown[][];
      },
      close: async () => {
        db.close();
      },
    };
  }
  if (target.dialect === 'postgres') {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    return {
      run: async (sql, params = []) => {
        let n = 0;
        return (await client.query({ text: sql.replace(/\?/g, () => `$${++n}`), values: params, rowMode: 'array' })).rows as unknown[][];
      },
      close: () => client.end(),
    };
  }
  const conn = await mysql.createConnection({ uri: target.url, multipleStatements: false });
  return {
    run: async (sql, params = []) => {
      const [rows] = await conn.query({ sql, values: params, rowsAsArray: true });
      return Array.isArray(rows) ? (rows as unknown[][]) : [];
    },
    close: () => conn.end(),
  };
}

const TABLE = 'fdt_events';
const at = (iso: string): Date => new Date(iso);

interface Setup {
  /** The DateTimeField columns, each holding the same kind of value in its own column type. */
  readonly columns: readonly string[];
  readonly ddl: string;
  /** Writes the other tool's rows. */
  write(sql: PlainSql): Promise<void>;
  /** SQL for a column's instant in epoch milliseconds, computed by the database. */
  epochMs(column: string): string;
}

const setups: Record<DialectName, Setup> = {
  sqlite: {
    columns: ['at'],
    // As Django declares it; `datetime` has NUMERIC affinity, so text that is not a number stays text.
    ddl: `CREATE TABLE ${TABLE} (id integer PRIMARY KEY AUTOINCREMENT, label varchar(40) NOT NULL, at datetime NULL)`,
    async write(sql) {
      const texts: [string, string][] = [
        ['datetime() form', '2024-05-31 23:59:59'],
        ['Django/Rails whole second', '2024-06-01 04:00:00'],
        ["strftime('%f')", '2024-06-01 04:00:00.123'],
        ['Django microseconds', '2024-06-01 04:10:00.123456'],
        ['minutes only', '2024-06-01 04:30'],
        ['the issue row', '2024-06-01 05:00:00'],
        ['one fraction digit', '2024-06-01 05:30:00.5'],
        ['date only', '2024-06-02'],
      ];
      for (const [label, value] of texts) await sql.run(`INSERT INTO ${TABLE} (label, at) VALUES (?, ?)`, [label, value]);
      await sql.run(`INSERT INTO ${TABLE} (label, at) VALUES ('datetime() modifier', datetime('2024-06-01 06:00:00', '+1 hour'))`);
      await sql.run(`INSERT INTO ${TABLE} (label, at) VALUES ('strftime .000', strftime('%Y-%m-%d %H:%M:%f', '2024-06-01 06:15:00'))`);
      await sql.run(`INSERT INTO ${TABLE} (label, at) VALUES ('subsec', datetime(1717222800.5, 'unixepoch', 'subsec'))`);
      await sql.run(`INSERT INTO ${TABLE} (label, at) VALUES ('CURRENT_TIMESTAMP', CURRENT_TIMESTAMP)`);
      await sql.run(`INSERT INTO ${TABLE} (label, at) VALUES ('null', NULL)`);
    },
    epochMs: (c) => `CAST(round(unixepoch(${c}, 'auto', 'subsec') * 1000) AS INTEGER)`,
  },
  postgres: {
    columns: ['ts', 'ts3', 'tstz'],
    ddl: `CREATE TABLE ${TABLE} (id serial PRIMARY KEY, label text NOT NULL, ts timestamp NULL, ts3 timestamp(3) NULL, tstz timestamptz NULL)`,
    async write(sql) {
      // A session in New York: zoneless timestamptz literals are New York time; timestamp columns hold UTC.
      await sql.run(`SET TIME ZONE 'America/New_York'`);
      const rows: [string, string, string][] = [
        ['a', '2024-05-31 23:59:59', '2024-05-31 19:59:59'],
        ['b', '2024-06-01 04:00:00', '2024-06-01 04:00:00+00'],
        ['c', '2024-06-01 04:00:00.123', '2024-06-01 06:00:00.123+02'],
        ['d', '2024-06-01 04:10:00.123456', '2024-06-01 00:10:00.123456'],
        ['e', '2024-06-01 05:00:00', '2024-06-01 05:00:00Z'],
        ['f', '2024-06-01 05:30:00.5', '2024-06-01 01:30:00.5-04'],
        ['g', '2024-06-02 00:00:00', '2024-06-01 20:00:00'],
      ];
      for (const [label, utc, zoned] of rows) await sql.run(`INSERT INTO ${TABLE} (label, ts, ts3, tstz) VALUES (?, ?, ?, ?)`, [label, utc, utc, zoned]);
      await sql.run(`INSERT INTO ${TABLE} (label, ts, ts3, tstz) VALUES ('now', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now())`);
      await sql.run(`INSERT INTO ${TABLE} (label) VALUES ('null')`);
    },
    epochMs: (c) => `floor(extract(epoch from ${c}) * 1000)::bigint`,
  },
  mysql: {
    columns: ['dt', 'dt3', 'ts'],
    ddl: `CREATE TABLE ${TABLE} (id integer AUTO_INCREMENT PRIMARY KEY, label varchar(40) NOT NULL, dt DATETIME NULL, dt3 DATETIME(3) NULL, ts TIMESTAMP NULL DEFAULT NULL)`,
    async write(sql) {
      // A session two hours east of UTC: TIMESTAMP literals are its local time; DATETIME holds UTC.
      await sql.run(`SET time_zone = '+02:00'`);
      const rows: [string, string, string, string][] = [
        ['a', '2024-05-31 23:59:59', '2024-05-31 23:59:59.000', '2024-06-01 01:59:59'],
        ['b', '2024-06-01 04:00:00', '2024-06-01 04:00:00.123', '2024-06-01 06:00:00'],
        ['c', '2024-06-01 04:10:00', '2024-06-01 04:10:00.5', '2024-06-01 06:10:00'],
        ['d', '2024-06-01 05:00:00', '2024-06-01 05:00:00', '2024-06-01 07:00:00'],
        ['e', '2024-06-01 05:30:00', '2024-06-01 05:30:00.999', '2024-06-01 07:30:00'],
        ['f', '2024-06-02 00:00:00', '2024-06-02 00:00:00.001', '2024-06-02 02:00:00'],
      ];
      for (const row of rows) await sql.run(`INSERT INTO ${TABLE} (label, dt, dt3, ts) VALUES (?, ?, ?, ?)`, row);
      await sql.run(`INSERT INTO ${TABLE} (label, dt, dt3, ts) VALUES ('now', UTC_TIMESTAMP(), UTC_TIMESTAMP(3), NOW())`);
      await sql.run(`INSERT INTO ${TABLE} (label) VALUES ('null')`);
      await sql.run(`SET time_zone = '+00:00'`);
    },
    epochMs: (c) => `CAST(FLOOR(UNIX_TIMESTAMP(${c}) * 1000) AS SIGNED)`,
  },
};

const Event = {
  sqlite: model('FdtSqliteEvent', { id: AutoField(), label: CharField({ maxLength: 40 }), at: DateTimeField({ null: true }) }, { tableName: TABLE }),
  postgres: model('FdtPgEvent', {
    id: AutoField(), label: CharField({ maxLength: 40 }),
    ts: DateTimeField({ null: true }), ts3: DateTimeField({ null: true }), tstz: DateTimeField({ null: true }),
  }, { tableName: TABLE }),
  mysql: model('FdtMysqlEvent', {
    id: AutoField(), label: CharField({ maxLength: 40 }),
    dt: DateTimeField({ null: true }), dt3: DateTimeField({ null: true }), ts: DateTimeField({ null: true }),
  }, { tableName: TABLE }),
};

/** Bounds, several landing exactly on a stored value: a whole second, milliseconds, a row Oxen wrote. */
const BOUNDS = [
  '2024-05-31T00:00:00Z', '2024-06-01T04:00:00Z', '2024-06-01T04:00:00.123Z', '2024-06-01T04:59:59.999Z',
  '2024-06-01T05:00:00Z', '2024-06-01T05:15:00Z', '2024-06-01T06:00:00.250Z', '2024-06-03T00:00:00Z',
].map((iso) => at(iso).getTime());

const OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=', exact: '=' } as const;

describe.each(testTargets())('datetimes written by other tools on $label', (target) => {
  const setup = setups[target.dialect];
  // One model per database; the queries below name its fields as strings.
  const M: any = Event[target.dialect];
  let sql: PlainSql;
  const num = (v: unknown): number | null => (v === null ? null : Number(v));

  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor });
    sql = await plainSql(target);
    await sql.run(`DROP TABLE IF EXISTS ${TABLE}`);
    await sql.run(setup.ddl);
    await setup.write(sql);
    const all = (d: Date | null) => Object.fromEntries(setup.columns.map((c) => [c, d]));
    await M.create({ label: 'oxen create', ...all(at('2024-06-01T04:59:59.999Z')) });
    await M.create({ label: 'oxen whole second', ...all(at('2024-06-01T05:15:00Z')) });
    await M.bulkCreate([
      { label: 'oxen bulk', ...all(at('2024-06-01T03:00:00Z')) },
      { label: 'oxen bulk', ...all(at('2024-06-01T06:00:00.250Z')) },
    ]);
    const later = await M.create({ label: 'oxen update', ...all(null) });
    await M.filter({ id: later.id }).update(all(at('2024-06-01T04:45:00.050Z')));
  });

  afterAll(async () => {
    try {
      await sql?.run(`DROP TABLE IF EXISTS ${TABLE}`);
      await sql?.close();
    } finally {
      await disconnect();
    }
  });

  it('reads every value as the instant SQL computes for it', async () => {
    for (const c of setup.columns) {
      const expected = (await sql.run(`SELECT id, ${setup.epochMs(c)} FROM ${TABLE} ORDER BY id`)).map(([id, ms]) => [num(id), num(ms)]);
      const rows: Record<string, unknown>[] = await M.all().orderBy('id').values('id', c);
      expect(rows.map((r) => [r.id, r[c] === null ? null : (r[c] as Date).getTime()])).toEqual(expected);
      expect(expected.filter(([, ms]) => ms !== null).length).toBeGreaterThanOrEqual(10);
    }
  });

  it('filters with gt, gte, lt, lte, exact, range and in as SQL does', async () => {
    for (const c of setup.columns) {
      for (const bound of BOUNDS) {
        for (const [lookup, op] of Object.entries(OPS)) {
          const [[expected]] = await sql.run(`SELECT count(*) FROM ${TABLE} WHERE ${setup.epochMs(c)} ${op} ?`, [bound]);
          const got = await M.filter({ [`${c}__${lookup}`]: new Date(bound) }).count();
          expect({ column: c, lookup, bound: new Date(bound).toISOString(), count: got }).toEqual({ column: c, lookup, bound: new Date(bound).toISOString(), count: num(expected) });
        }
      }
      for (let i = 0; i + 2 < BOUNDS.length; i++) {
        const [lo, hi] = [BOUNDS[i]!, BOUNDS[i + 2]!];
        const [[expected]] = await sql.run(`SELECT count(*) FROM ${TABLE} WHERE ${setup.epochMs(c)} BETWEEN ? AND ?`, [lo, hi]);
        expect({ column: c, lo, count: await M.filter({ [`${c}__range`]: [new Date(lo), new Date(hi)] }).count() }).toEqual({ column: c, lo, count: num(expected) });
      }
      const [[inExpected]] = await sql.run(`SELECT count(*) FROM ${TABLE} WHERE ${setup.epochMs(c)} IN (${BOUNDS.map(() => '?').join(', ')})`, BOUNDS);
      expect(await M.filter({ [`${c}__in`]: BOUNDS.map((b) => new Date(b)) }).count()).toBe(num(inExpected));
      expect(num(inExpected)).toBeGreaterThanOrEqual(3);
    }
  });

  it('orders as SQL orders the instants, rows Oxen wrote among the others', async () => {
    for (const c of setup.columns) {
      for (const dir of ['', '-'] as const) {
        const expected = (await sql.run(`SELECT id FROM ${TABLE} ORDER BY ${setup.epochMs(c)} ${dir ? 'DESC' : 'ASC'}, id`)).map(([id]) => num(id));
        const got: number[] = await M.all().orderBy(`${dir}${c}`, 'id').valuesList('id', { flat: true });
        expect({ column: c, dir, ids: got }).toEqual({ column: c, dir, ids: expected });
      }
    }
  });

  it('aggregates Min, Max and Count as SQL does, over all rows and filtered ones', async () => {
    for (const c of setup.columns) {
      const e = setup.epochMs(c);
      for (const bound of [undefined, BOUNDS[4]!, BOUNDS[2]!]) {
        const where = bound === undefined ? '' : ` WHERE ${e} >= ?`;
        const [[lo, hi, n]] = await sql.run(`SELECT min(${e}), max(${e}), count(${c}) FROM ${TABLE}${where}`, bound === undefined ? [] : [bound]);
        const qs = bound === undefined ? M.all() : M.filter({ [`${c}__gte`]: new Date(bound) });
        const got = await qs.aggregate({ lo: Min(c), hi: Max(c), n: Count(c) });
        expect({ column: c, bound, lo: got.lo?.getTime() ?? null, hi: got.hi?.getTime() ?? null, n: got.n }).toEqual({ column: c, bound, lo: num(lo), hi: num(hi), n: num(n) });
      }
    }
  });

  it.runIf(target.dialect === 'sqlite')("writes SQLite's own form, which every row here compares correctly with", async () => {
    const rows = await sql.run(`SELECT label, at FROM ${TABLE} WHERE at IS NOT NULL ORDER BY id`);
    for (const [label, value] of rows) {
      if (String(label).startsWith('oxen')) expect({ label, value, canonical: isCanonicalDatetimeText(value) }).toEqual({ label, value, canonical: true });
      expect({ label, value, comparable: datetimeFormComparesCorrectly(datetimeTextForm(value)) }).toEqual({ label, value, comparable: true });
    }
    expect(rows.map(([, value]) => value)).toContain('2024-06-01 05:15:00');
    expect(rows.map(([, value]) => value)).toContain('2024-06-01 04:59:59.999');
  });
});

const Forms = model('FdtForm', { id: AutoField(), label: CharField({ maxLength: 40 }), at: DateTimeField({ null: true }) }, { tableName: 'fdt_forms' });

describe.each(testTargets().filter((t) => t.dialect === 'sqlite'))('every form SQLite reads, on $label', (target) => {
  let sql: PlainSql;

  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor });
    sql = await plainSql(target);
    await sql.run('DROP TABLE IF EXISTS fdt_forms');
    await sql.run('CREATE TABLE fdt_forms (id integer PRIMARY KEY, label text NOT NULL, at)');
  });
  afterAll(async () => {
    try {
      await sql?.run('DROP TABLE IF EXISTS fdt_forms');
      await sql?.close();
    } finally {
      await disconnect();
    }
  });

  it('reads each as SQLite does, and the classifier names the ones that do not compare as text', async () => {
    const values: unknown[] = [
      '2024-06-01', '2024-06-01 04:05', '2024-06-01 04:05:06', '2024-06-01 04:05:06.7', '2024-06-01 04:05:06.123456789',
      '2024-06-01T04:05', '2024-06-01T04:05:06', '2024-06-01T04:05:06.789', '2024-06-01T04:05:06.789Z',
      '2024-06-01 04:05:06Z', '2024-06-01 04:05:06+02:00', '2024-06-01T04:05:06.5-05:30', '2024-06-01 04:05 +01:00',
      '04:05', '04:05:06.5', '2024-06-01 24:00:00', '2024-02-30 12:00:00', '2024-06-01 04:05:06 ',
      2460462.5, 2460462.6789, 1717214400, 1717214400.25, '1717214400', ' 2460462.5 ',
    ];
    for (const [i, value] of values.entries()) await sql.run('INSERT INTO fdt_forms (id, label, at) VALUES (?, ?, ?)', [i + 1, typeof value, value]);
    const expected = (await sql.run(`SELECT id, CAST(round(unixepoch(at, 'auto', 'subsec') * 1000) AS INTEGER) FROM fdt_forms ORDER BY id`)).map(([id, ms]) => [Number(id), Number(ms)]);
    const got: { id: number; at: Date | null }[] = await Forms.all().orderBy('id').values('id', 'at');
    expect(got.map((r) => [r.id, r.at!.getTime()])).toEqual(expected);
    const forms = values.map((v) => datetimeTextForm(v));
    expect(forms.filter((f) => datetimeFormComparesCorrectly(f))).toEqual(['date-only', 'sqlite-text', 'canonical', 'sqlite-text', 'sqlite-text']);
    expect(new Set(forms)).toEqual(new Set(['date-only', 'sqlite-text', 'canonical', 'iso-t', 'iso-zoned', 'time-only', 'irregular', 'number']));
  });
});
