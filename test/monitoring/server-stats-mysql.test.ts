/**
 * MySQL/MariaDB's `serverStats` on real servers: one with performance_schema on (statement totals from
 * digests and from prepared statements), one with it off (a note instead), and on either a held row
 * lock or metadata lock as a blocked session, a long statement as long-running, a user without
 * PROCESS or performance_schema grants as notes naming the grants. Each test works in a schema of its own,
 * but for the one that needs a schema with history (HISTORY_SCHEMA).
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dialects } from '../../src/core/dialect/dialects.js';
import type { ServerSnapshot } from '../../src/core/dialect/server-stats.js';
import { TEXT_NOT_AVAILABLE } from '../../src/core/dialect/server-stats-statements.js';
import type { Executor, Queryable } from '../../src/core/executor/executor.js';
import { serverInterval } from '../../src/core/monitoring/monitor/server-interval.js';
import { mysqlPsUrl, mysqlUrl, optionalServer } from '../support/databases.js';
import { openExecutor, withDatabase } from '../executor/open-executor.js';
import { nativeBuilt, openNative } from '../native/open-native.js';

const stats = dialects.mysql.serverStats;
const suffix = randomBytes(4).toString('hex');
const schema = `oxen_monitor_my_${suffix}`;
const ONE = { connectionPoolSize: 1, maxOverflow: 0 };
const kinds = nativeBuilt ? (['js', 'native'] as const) : (['js'] as const);
const psUrl = optionalServer(mysqlPsUrl, 'MariaDB with performance_schema ON', 'OXEN_TEST_MYSQL_PS_URL');

/** A server of the suite, with a schema of its own for the duration of the file. */
function server(serverUrl: string | undefined) {
  const url = withDatabase(serverUrl ?? 'mysql://absent/x', schema);
  const db = { dialect: 'mysql' as const, url };
  const opened: Executor[] = [];
  let admin: Executor;
  beforeAll(async () => {
    admin = await openExecutor({ dialect: 'mysql', url: serverUrl! }, ONE);
    await admin.execute({ sql: `CREATE DATABASE \`${schema}\``, params: [] });
  });
  afterAll(async () => {
    await Promise.all(opened.splice(0).map((e) => e.close()));
    await admin.execute({ sql: `DROP DATABASE IF EXISTS \`${schema}\``, params: [] });
    await admin.close();
  });
  return {
    db,
    get admin() {
      return admin;
    },
    async open(kind: 'js' | 'native' = 'js', at = db): Promise<Executor> {
      const executor = kind === 'js' ? await openExecutor(at, ONE) : await openNative(at, ONE);
      opened.push(executor);
      return executor;
    },
    read: (executor: Executor, longRunningS = 5) => stats.read(executor, { database: schema, longRunningS }),
  };
}

/** InnoDB refreshes INNODB_TRX only after 0.1 s without readers: polling faster would read a stale list forever. */
const INNODB_TRX_REFRESH_MS = 200;
const threadOf = async (on: Queryable) => Number((await on.query({ sql: 'SELECT CONNECTION_ID()', params: [] })).rows[0]![0]);
const seriesOf = (snapshot: ServerSnapshot) => stats.prometheus(snapshot, { database: schema, longRunningS: 5 });

/**
 * A schema with history: 60 digests (told apart by their aliases), each slower in total than a few
 * hundred cheap statements, so no all-time top 50 has room for those. performance_schema keeps digests
 * per schema in a table of fixed size (performance_schema_digests_size) that dropping a schema does not
 * empty, and a full table files new statements under one NULL digest: so this schema has a fixed name,
 * and its history is the same 60 digests run after run, rather than 60 more each time. It is left in
 * place for the next run (its tables have names of their own per run, and go).
 */
const HISTORY_SCHEMA = 'oxen_monitor_my_history';
let history: Promise<void> | undefined;
function withHistory(serverUrl: string): Promise<void> {
  history ??= (async () => {
    const admin = await mysql.createConnection(serverUrl);
    try {
      await admin.query(`CREATE DATABASE IF NOT EXISTS \`${HISTORY_SCHEMA}\``);
    } finally {
      await admin.end();
    }
    await Promise.all(
      Array.from({ length: 10 }, async (_, c) => {
        const conn = await mysql.createConnection(withDatabase(serverUrl, HISTORY_SCHEMA));
        try {
          for (let k = c; k < 60; k += 10) await conn.query(`SELECT SLEEP(0.1) AS c${k}`);
        } finally {
          await conn.end();
        }
      }),
    );
  })();
  return history;
}

describe.skipIf(!psUrl)('MariaDB server stats with performance_schema on', () => {
  const s = server(psUrl);

  describe.each(kinds)('read over the %s executor', (kind) => {
    it('shows text-protocol load in Questions and the statement digests', async () => {
      const table = `load_text_${kind}`;
      const monitor = await s.open(kind);
      const setup = await s.open();
      await setup.execute({ sql: `CREATE TABLE \`${table}\` (id int) ENGINE=InnoDB`, params: [] });
      const before = await s.read(monitor);
      // The mysql client and most ORMs other than Oxen send statements as text: they land in the digests.
      const text = await mysql.createConnection(s.db.url);
      try {
        for (let i = 0; i < 200; i++) await text.query(`INSERT INTO \`${table}\` (id) VALUES (?)`, [i]);
      } finally {
        await text.end();
      }
      const after = await s.read(monitor);

      expect(after.counters.questions! - before.counters.questions!).toBeGreaterThanOrEqual(200);
      const digest = after.statements?.find((st) => st.text.includes(table) && st.text.startsWith('INSERT'));
      expect(digest).toMatchObject({ calls: 200, rows: 200 });
      expect(digest!.id).toMatch(/^[0-9a-f]{32}$/);
      expect(digest!.totalMs).toBeGreaterThan(0);
      expect(after.tables.find((t) => t.table === table)).toMatchObject({ writes: 200, deadRows: 0 });
      expect(after.notes).toEqual([
        "prepared statements (how Oxen runs statements) are not counted: UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN ('events_statements_current')",
      ]);

      const elapsedS = (after.takenAt - before.takenAt) / 1000;
      const rates = Object.fromEntries(Object.keys(after.counters).map((k) => [k, (after.counters[k]! - before.counters[k]!) / elapsedS]));
      const headline = stats.headline(rates, after);
      expect(headline.qps).toBeGreaterThanOrEqual(200 / elapsedS);
      expect(headline.tps).toBeNull();
      expect(headline).toMatchObject({ tempFilesPerS: null, connections: after.gauges.threads_connected, maxConnections: after.gauges.max_connections });

      const series = seriesOf(after);
      const find = (name: string, labels: Record<string, string> = {}) =>
        series.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
      expect(find('mysql_global_status_questions')).toMatchObject({ type: 'counter', value: after.counters.questions });
      expect(find('mysql_global_status_commands_total', { command: 'commit' })?.value).toBe(after.counters.com_commit);
      expect(find('mysql_global_status_threads_connected')).toMatchObject({ type: 'gauge', value: after.gauges.threads_connected });
      expect(find('mysql_global_variables_max_connections')?.value).toBe(after.gauges.max_connections);
      expect(find('mysql_perf_schema_events_statements_total', { schema, digest: digest!.id })?.value).toBe(200);
      expect(series.every((x) => /^(mysql_|oxen_mysql_)[a-z_]+$/.test(x.name))).toBe(true);
    });

    it("lists a cheap statement new in the interval though the server's history crowds it out of any all-time top", async () => {
      await withHistory(psUrl!);
      const at = { dialect: 'mysql' as const, url: withDatabase(psUrl!, HISTORY_SCHEMA) };
      const table = `cheap_${suffix}_${kind}`;
      const monitor = await s.open(kind, at);
      const text = await mysql.createConnection(at.url);
      try {
        await text.query(`CREATE TABLE \`${table}\` (n int) ENGINE=InnoDB`);
        const read = () => stats.read(monitor, { database: HISTORY_SCHEMA, longRunningS: 5 });
        const before = await read();
        for (let i = 0; i < 200; i++) await text.query(`SELECT n FROM \`${table}\` WHERE n = ?`, [i]);
        // Another client watching the server: a monitoring statement, left out.
        for (let i = 0; i < 20; i++) await text.query('SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = ?', ['Query']);
        const after = await read();

        const cheap = after.statements?.find((st) => st.text.includes(table) && st.text.startsWith('SELECT'));
        expect(cheap).toMatchObject({ calls: 200, rows: 0 });
        expect(serverInterval(stats, before, after).topStatements?.find((st) => st.id === cheap!.id)).toMatchObject({ calls: 200, rows: 0 });
        expect(after.statements!.filter((st) => /information_schema|performance_schema/i.test(st.text))).toEqual([]);
        expect(after.statements!.map((st) => st.text)).not.toContain(TEXT_NOT_AVAILABLE);
      } finally {
        await text.query(`DROP TABLE IF EXISTS \`${table}\``);
        await text.end();
      }
    });

    it('counts a digest with history that sat out an interval by its calls in the next one alone', async () => {
      const table = `again_${kind}`;
      const text = await mysql.createConnection(s.db.url);
      try {
        await text.query(`CREATE TABLE \`${table}\` (n int) ENGINE=InnoDB`);
        const sql = `SELECT n FROM \`${table}\` WHERE n = ?`;
        for (let i = 0; i < 30; i++) await text.query(sql, [i]);
        const monitor = await s.open(kind);
        await s.read(monitor);
        const idle = await s.read(monitor);
        for (let i = 0; i < 7; i++) await text.query(sql, [i]);
        const now = await s.read(monitor);
        const digest = now.statements?.find((st) => st.text.includes(table) && st.text.startsWith('SELECT'));
        expect(digest?.calls).toBe(37);
        expect(serverInterval(stats, idle, now).topStatements?.find((st) => st.id === digest!.id)?.calls).toBe(7);
      } finally {
        await text.end();
      }
    });

    it("counts Oxen's prepared statements while events_statements_current is on", async () => {
      const table = `load_prepared_${kind}`;
      const [[, was]] = (await s.admin.query({ sql: "SELECT NAME, ENABLED FROM performance_schema.setup_consumers WHERE NAME = 'events_statements_current'", params: [] }))
        .rows as [[string, string]];
      await s.admin.execute({ sql: "UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'events_statements_current'", params: [] });
      try {
        const monitor = await s.open(kind);
        const load = await s.open(kind);
        await load.execute({ sql: `CREATE TABLE \`${table}\` (id int) ENGINE=InnoDB`, params: [] });
        for (let i = 0; i < 200; i++) await load.execute({ sql: `INSERT INTO \`${table}\` (id) VALUES (?)`, params: [i] });
        const now = await s.read(monitor);
        const prepared = now.statements?.find((st) => st.text === `INSERT INTO \`${table}\` (id) VALUES (?)`);
        expect(prepared).toMatchObject({ calls: 200, rows: 200 });
        expect(prepared!.id).toMatch(/^prepared:[0-9a-f]{32}$/);
        expect(now.notes).toEqual([]);
        // The monitor's own statements are prepared too (as Oxen runs them): left out by their tag.
        expect(now.statements!.filter((st) => st.text.includes('oxen monitor') || /performance_schema/i.test(st.text))).toEqual([]);
      } finally {
        await s.admin.execute({ sql: 'UPDATE performance_schema.setup_consumers SET ENABLED = ? WHERE NAME = ?', params: [was, 'events_statements_current'] });
      }
    });
  });

  it('keeps one start time across readings and executors of one server run', async () => {
    const first = await s.open();
    const readings: ServerSnapshot[] = [];
    for (let i = 0; i < 4; i++) {
      readings.push(await s.read(first));
      await new Promise((r) => setTimeout(r, 350));
    }
    readings.push(await s.read(await s.open('js')));
    const starts = readings.map((r) => Date.parse(r.startedAt!));
    expect(new Set(starts.slice(0, 4)).size).toBe(1);
    expect(Math.abs(starts[4]! - starts[0]!)).toBeLessThanOrEqual(2000);
    const last = readings[3]!;
    expect(Math.abs(last.takenAt - last.gauges.uptime! * 1000 - starts[0]!)).toBeLessThan(3000);
  });

  it('names the grants a user without PROCESS, replication or performance_schema rights needs', async () => {
    const user = `oxen_mon_${suffix}`;
    // Both hosts: an anonymous ''@'localhost' (Debian's default) would otherwise win for local connections.
    const hosts = ['localhost', '%'];
    for (const host of hosts) {
      await s.admin.execute({ sql: `CREATE USER '${user}'@'${host}'`, params: [] });
      await s.admin.execute({ sql: `GRANT SELECT ON \`${schema}\`.* TO '${user}'@'${host}'`, params: [] });
    }
    const probeUrl = new URL(s.db.url);
    probeUrl.username = user;
    let monitor: Executor | undefined;
    try {
      monitor = await openExecutor({ dialect: 'mysql', url: probeUrl.toString() }, ONE);
      const now = await s.read(monitor);
      const host = String((await monitor.query({ sql: 'SELECT CURRENT_USER()', params: [] })).rows[0]![0]).split('@')[1];
      const account = `'${user}'@'${host}'`;
      expect(now.notes).toEqual([
        `other users' sessions, open transactions and lock waits need the PROCESS privilege: GRANT PROCESS ON *.* TO ${account}`,
        `statement statistics need SELECT on performance_schema: GRANT SELECT ON performance_schema.* TO ${account}`,
        `replication status needs a grant: GRANT SLAVE MONITOR ON *.* TO ${account}`,
      ]);
      expect(now.statements).toBeNull();
      expect(now.counters.questions).toBeGreaterThan(0);
    } finally {
      await monitor?.close();
      for (const host of hosts) await s.admin.execute({ sql: `DROP USER '${user}'@'${host}'`, params: [] });
    }
  });
});

describe.skipIf(!mysqlUrl)('MariaDB server stats with performance_schema off', () => {
  const s = server(mysqlUrl);

  it('says how to turn performance_schema on, and leaves statements and tables empty', async () => {
    const now = await s.read(await s.open());
    expect(now.statements).toBeNull();
    expect(now.tables).toEqual([]);
    expect(now.notes).toEqual(['statement statistics need performance_schema: set performance_schema=ON under [mysqld] in the server config and restart']);
    expect(now.replicas).toEqual([]);
    expect(now.version).toMatch(/MariaDB|MySQL/);
  });

  describe.each(kinds)('read over the %s executor', (kind) => {
    it('lists a session blocked on a row lock with its holder, and both in the session counts', async () => {
      const table = `lock_row_${kind}`;
      const setup = await s.open();
      await setup.execute({ sql: `CREATE TABLE \`${table}\` (id int PRIMARY KEY, n int) ENGINE=InnoDB`, params: [] });
      await setup.execute({ sql: `INSERT INTO \`${table}\` (id, n) VALUES (?, ?)`, params: [1, 0] });
      const monitor = await s.open(kind);
      const holder = await (await s.open()).acquire();
      const waiter = await s.open();
      const holderId = await threadOf(holder);
      const waiterId = await threadOf(waiter);
      await waiter.execute({ sql: 'SET SESSION innodb_lock_wait_timeout = 20', params: [] });
      await holder.execute({ sql: 'START TRANSACTION', params: [] });
      await holder.execute({ sql: `UPDATE \`${table}\` SET n = n + 1 WHERE id = ?`, params: [1] });
      const blocked = waiter.execute({ sql: `UPDATE \`${table}\` SET n = n + 10 WHERE id = ?`, params: [1] });
      try {
        let now!: ServerSnapshot;
        await vi.waitFor(
          async () => {
            now = await s.read(monitor, 0);
            expect(now.blocking.find((b) => b.pid === waiterId)?.blockedBy).toEqual([holderId]);
          },
          { timeout: 5000, interval: INNODB_TRX_REFRESH_MS },
        );
        expect(now.blocking.find((b) => b.pid === waiterId)).toMatchObject({ query: `UPDATE \`${table}\` SET n = n + 10 WHERE id = ?`, user: 'root' });
        expect(now.sessions.waiting).toBeGreaterThanOrEqual(1);
        expect(now.sessions.idle_in_transaction).toBeGreaterThanOrEqual(1);
        expect(now.longRunning.find((q) => q.pid === waiterId)?.state).toBe('waiting for a row lock');
        expect(now.longRunning.map((q) => q.pid)).not.toContain(await threadOf(monitor));
        expect(seriesOf(now).find((x) => x.name === 'oxen_mysql_blocked_sessions')?.value).toBe(now.blocking.length);
      } finally {
        await holder.execute({ sql: 'ROLLBACK', params: [] });
        holder.release();
        await blocked;
      }
    });
  });

  it('lists a session waiting for a metadata lock as blocked, its holder unknown', async () => {
    const table = 'lock_metadata';
    const setup = await s.open();
    await setup.execute({ sql: `CREATE TABLE \`${table}\` (id int) ENGINE=InnoDB`, params: [] });
    const monitor = await s.open();
    const holder = await (await s.open()).acquire();
    const waiter = await s.open();
    const waiterId = await threadOf(waiter);
    await waiter.execute({ sql: 'SET SESSION lock_wait_timeout = 20', params: [] });
    await holder.execute({ sql: 'START TRANSACTION', params: [] });
    await holder.query({ sql: `SELECT COUNT(*) FROM \`${table}\``, params: [] });
    const altering = waiter.execute({ sql: `ALTER TABLE \`${table}\` ADD COLUMN n int`, params: [] });
    try {
      await vi.waitFor(
        async () => {
          const now = await s.read(monitor);
          expect(now.blocking.find((b) => b.pid === waiterId)).toMatchObject({ blockedBy: [], query: `ALTER TABLE \`${table}\` ADD COLUMN n int` });
          expect(now.sessions.waiting).toBeGreaterThanOrEqual(1);
        },
        { timeout: 5000, interval: INNODB_TRX_REFRESH_MS },
      );
    } finally {
      await holder.execute({ sql: 'ROLLBACK', params: [] });
      holder.release();
      await altering;
    }
  });

  it('lists a long statement as long-running and leaves it out under a higher threshold', async () => {
    const monitor = await s.open();
    const sleeper = await s.open();
    const sleeperId = await threadOf(sleeper);
    const sleeping = sleeper.query({ sql: 'SELECT SLEEP(?)', params: [30] }).catch((error: unknown) => error);
    try {
      await vi.waitFor(
        async () => {
          const now = await s.read(monitor, 0.3);
          expect(now.longRunning[0]).toMatchObject({ pid: sleeperId, query: 'SELECT SLEEP(?)', user: 'root' });
          expect(now.longRunning[0]!.runningS).toBeGreaterThanOrEqual(0.3);
          expect(now.sessions.active).toBeGreaterThanOrEqual(1);
        },
        { timeout: 5000, interval: 100 },
      );
      expect((await s.read(monitor, 60)).longRunning).toEqual([]);
    } finally {
      await s.admin.execute({ sql: "KILL QUERY ?", params: [sleeperId] });
      await sleeping;
    }
  });
});
