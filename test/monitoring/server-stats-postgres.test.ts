/**
 * PostgreSQL's `serverStats` on a real server: load made here shows in the counters and in
 * pg_stat_statements, a held lock shows as a blocking chain, a long statement as long-running, a
 * database without pg_stat_statements and a user without pg_read_all_stats as one note each.
 * The suite works in databases of its own, so other suites' load cannot crowd its figures out.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dialects } from '../../src/core/dialect/dialects.js';
import type { ServerSnapshot } from '../../src/core/dialect/server-stats.js';
import { TEXT_NOT_AVAILABLE } from '../../src/core/dialect/server-stats-statements.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { serverInterval } from '../../src/core/monitoring/monitor/server-interval.js';
import { postgresUrl } from '../support/databases.js';
import { openExecutor, withDatabase } from '../executor/open-executor.js';
import { nativeBuilt, openNative } from '../native/open-native.js';

const stats = dialects.postgres.serverStats;
const suffix = randomBytes(4).toString('hex');
const database = `oxen_monitor_pg_${suffix}`;
const ONE = { connectionPoolSize: 1, maxOverflow: 0 };

describe.skipIf(!postgresUrl)('PostgreSQL server stats', () => {
  const url = withDatabase(postgresUrl ?? 'postgres://absent/x', database);
  const db = { dialect: 'postgres' as const, url };
  const opened: Executor[] = [];
  let admin: Executor;
  const open = async (kind: 'js' | 'native' = 'js', at = db): Promise<Executor> => {
    const executor = kind === 'js' ? await openExecutor(at, ONE) : await openNative(at, ONE);
    opened.push(executor);
    return executor;
  };
  const read = (executor: Executor, longRunningS = 5) => stats.read(executor, { database, longRunningS });
  const pidOf = async (on: { query: Executor['query'] }) => Number((await on.query({ sql: 'SELECT pg_backend_pid()', params: [] })).rows[0]![0]);

  beforeAll(async () => {
    admin = await openExecutor({ dialect: 'postgres', url: postgresUrl! }, ONE);
    await admin.execute({ sql: `CREATE DATABASE "${database}"`, params: [] });
    const inside = await open();
    await inside.execute({ sql: 'CREATE EXTENSION pg_stat_statements', params: [] });
  });

  afterAll(async () => {
    await Promise.all(opened.splice(0).map((e) => e.close()));
    await admin.execute({ sql: `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, params: [] });
    await admin.close();
  });

  describe.each(nativeBuilt ? (['js', 'native'] as const) : (['js'] as const))('read over the %s executor', (kind) => {
    it('shows the load made between two readings in the counters, the statements, the tables and the exporter', async () => {
      const table = `oxen_monitor_load_${kind}`;
      const setup = await open();
      await setup.execute({ sql: `CREATE TABLE "${table}" (id integer)`, params: [] });
      const monitor = await open(kind);
      const before = await read(monitor);

      const load = await openExecutor(db, ONE);
      for (let i = 0; i < 200; i++) await load.execute({ sql: `INSERT INTO "${table}" (id) VALUES ($1)`, params: [i] });
      // A backend reports its counters when it goes idle at most once a second, and always as it exits.
      await load.close();

      // Waited for on another connection, so the monitor reads once: its statements are the shapes
      // that ran since its previous reading, and a reading more would find the INSERT idle.
      await vi.waitFor(
        async () => {
          const [[commits, inserted]] = (
            await setup.query({
              sql: 'SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = $1)',
              params: [table],
            })
          ).rows as [[unknown, unknown]];
          expect(Number(commits) - before.counters.xact_commit!).toBeGreaterThanOrEqual(200);
          expect(Number(inserted)).toBe(200);
        },
        { timeout: 5000, interval: 100 },
      );
      const after = await read(monitor);
      expect(after.counters.xact_commit! - before.counters.xact_commit!).toBeGreaterThanOrEqual(200);
      expect(after.tables.find((t) => t.table === table)?.writes).toBe(200);
      expect(after.counters.tup_inserted! - before.counters.tup_inserted!).toBeGreaterThanOrEqual(200);
      expect(after.counters.statements! - before.counters.statements!).toBeGreaterThanOrEqual(200);
      const marker = after.statements?.find((s) => s.text.includes(table) && s.text.startsWith('INSERT'));
      expect(marker).toMatchObject({ calls: 200, rows: 200 });
      expect(marker!.id).toMatch(/^-?\d+$/);
      expect(after.tables.find((t) => t.table === table)).toMatchObject({ liveRows: 200, deadRows: 0 });

      expect(after.version).toMatch(/^PostgreSQL \d+/);
      expect(after.startedAt).toBe(before.startedAt);
      expect(Date.parse(after.startedAt!)).toBeLessThan(Date.now());
      expect(after.gauges.database_size_bytes).toBeGreaterThan(0);
      expect(after.gauges.max_connections).toBeGreaterThan(0);
      expect(after.gauges.connections).toBeGreaterThanOrEqual(2);
      expect(after.notes).toEqual([]);

      const elapsedS = (after.takenAt - before.takenAt) / 1000;
      const rates = Object.fromEntries(Object.keys(after.counters).map((k) => [k, (after.counters[k]! - before.counters[k]!) / elapsedS]));
      const headline = stats.headline(rates, after);
      // tps leaves out the monitor's own statements; PostgreSQL flushes a backend's counters up to a second
      // late, so a few of those may land in the next interval: allow 5%.
      expect(headline.tps).toBeGreaterThanOrEqual((0.95 * 200) / elapsedS);
      expect(headline.tps).toBeLessThan(rates.xact_commit! + rates.xact_rollback!);
      expect(headline.qps).toBeGreaterThanOrEqual(200 / elapsedS);
      expect(headline.cacheHit).toBeGreaterThan(0);
      expect(headline.cacheHit).toBeLessThanOrEqual(1);
      expect(headline).toMatchObject({ slowQueriesPerS: null, rowLockWaitsPerS: null, databaseSizeBytes: after.gauges.database_size_bytes });

      const series = stats.prometheus(after, { database, longRunningS: 5 });
      const find = (name: string, labels: Record<string, string> = {}) =>
        series.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
      expect(find('pg_stat_database_xact_commit', { datname: database })).toMatchObject({ type: 'counter', value: after.counters.xact_commit });
      expect(find('pg_database_size_bytes', { datname: database })).toMatchObject({ type: 'gauge', value: after.gauges.database_size_bytes });
      expect(find('pg_settings_max_connections')?.value).toBe(after.gauges.max_connections);
      expect(find('pg_postmaster_start_time_seconds')?.value).toBe(Date.parse(after.startedAt!) / 1000);
      expect(find('pg_stat_activity_count', { datname: database, state: 'idle in transaction' })?.value).toBe(after.sessions.idle_in_transaction);
      expect(find('pg_stat_statements_calls_total', { queryid: marker!.id })?.value).toBe(200);
      expect(find('pg_stat_user_tables_n_live_tup', { schemaname: 'public', relname: table })?.value).toBe(200);
      expect(series.every((s) => /^(pg_|oxen_pg_)[a-z_]+$/.test(s.name))).toBe(true);
    });

    it("lists a cheap statement new in the interval though the server's history crowds it out of any all-time top", async () => {
      const table = `oxen_monitor_cheap_${kind}`;
      const load = await open();
      await load.execute({ sql: `CREATE TABLE "${table}" (n integer)`, params: [] });
      // History: 60 shapes (pg_stat_statements tells them apart by their column count), each slower in
      // total than the whole cheap load below.
      for (let k = 1; k <= 60; k++) {
        for (let i = 0; i < 2; i++) await load.query({ sql: `SELECT pg_sleep(0.005)${', 1'.repeat(k)}`, params: [] });
      }
      const monitor = await open(kind);
      const before = await read(monitor);
      for (let i = 0; i < 200; i++) await load.query({ sql: `SELECT n FROM "${table}" WHERE n = $1`, params: [i] });
      // Another client watching the server: a monitoring statement, though not the monitor's and untagged.
      for (let i = 0; i < 20; i++) await load.query({ sql: 'SELECT count(*) FROM pg_stat_activity WHERE state = $1', params: ['active'] });
      const after = await read(monitor);

      const cheap = after.statements?.find((s) => s.text === `SELECT n FROM "${table}" WHERE n = $1`);
      expect(cheap).toMatchObject({ calls: 200, rows: 0 });
      const interval = serverInterval(stats, before, after);
      expect(interval.topStatements?.find((s) => s.id === cheap!.id)).toMatchObject({ calls: 200, rows: 0 });
      expect(after.statements!.filter((s) => /pg_stat_|oxen monitor/.test(s.text))).toEqual([]);
      expect(after.statements!.map((s) => s.text)).not.toContain(TEXT_NOT_AVAILABLE);
      // Nor do monitoring statements count in qps: between the readings the server ran 200 others.
      expect(after.counters.statements! - before.counters.statements!).toBe(200);
    });

    it('counts a statement with history that sat out an interval by its calls in the next one alone', async () => {
      const table = `oxen_monitor_again_${kind}`;
      const load = await open();
      await load.execute({ sql: `CREATE TABLE "${table}" (n integer)`, params: [] });
      const sql = `SELECT n FROM "${table}" WHERE n = $1`;
      for (let i = 0; i < 30; i++) await load.query({ sql, params: [i] });
      const monitor = await open(kind);
      await read(monitor);
      const idle = await read(monitor);
      for (let i = 0; i < 7; i++) await load.query({ sql, params: [i] });
      const now = await read(monitor);
      const shape = now.statements?.find((s) => s.text === sql);
      expect(shape?.calls).toBe(37);
      expect(serverInterval(stats, idle, now).topStatements?.find((s) => s.id === shape!.id)?.calls).toBe(7);
    });

    it('lists a session blocked by a held lock with its holder, and both in the session counts', async () => {
      const table = `oxen_monitor_lock_${kind}`;
      const setup = await open();
      await setup.execute({ sql: `CREATE TABLE "${table}" (id integer PRIMARY KEY, n integer)`, params: [] });
      await setup.execute({ sql: `INSERT INTO "${table}" (id, n) VALUES ($1, $2)`, params: [1, 0] });
      const monitor = await open(kind);
      const holder = await (await open()).acquire();
      const waiter = await open();
      const holderPid = await pidOf(holder);
      const waiterPid = await pidOf(waiter);
      await holder.execute({ sql: 'BEGIN', params: [] });
      await holder.execute({ sql: `UPDATE "${table}" SET n = n + 1 WHERE id = $1`, params: [1] });
      const blocked = waiter.execute({ sql: `UPDATE "${table}" SET n = n + 10 WHERE id = $1`, params: [1] });
      try {
        let now!: ServerSnapshot;
        await vi.waitFor(
          async () => {
            now = await read(monitor, 0);
            expect(now.blocking.map((b) => b.pid)).toContain(waiterPid);
          },
          { timeout: 5000, interval: 50 },
        );
        const chain = now.blocking.find((b) => b.pid === waiterPid)!;
        expect(chain.blockedBy).toEqual([holderPid]);
        expect(chain.query).toContain('SET n = n + 10');
        expect(chain.user).toBe('postgres');
        expect(chain.waitingS).toBeGreaterThanOrEqual(0);
        expect(now.sessions.waiting).toBeGreaterThanOrEqual(1);
        expect(now.sessions.idle_in_transaction).toBeGreaterThanOrEqual(1);
        expect(now.sessions.total).toBeGreaterThanOrEqual(now.sessions.active! + now.sessions.idle! + now.sessions.idle_in_transaction!);
        expect(now.longRunning.find((q) => q.pid === waiterPid)?.state).toBe('waiting for a transactionid lock');
        expect(now.longRunning.map((q) => q.pid)).not.toContain(await pidOf(monitor));
      } finally {
        await holder.execute({ sql: 'ROLLBACK', params: [] });
        holder.release();
        await blocked;
      }
    });
  });

  it('lists a long statement as long-running, longest first, and leaves out shorter ones and its own session', async () => {
    const monitor = await open();
    const sleeper = await open();
    const sleeperPid = await pidOf(sleeper);
    const sleeping = sleeper.query({ sql: 'SELECT pg_sleep($1)', params: [30] }).catch((error: unknown) => error);
    try {
      await vi.waitFor(
        async () => {
          const now = await read(monitor, 0.3);
          expect(now.longRunning[0]).toMatchObject({ pid: sleeperPid, state: 'active', query: 'SELECT pg_sleep($1)', user: 'postgres' });
          expect(now.longRunning[0]!.runningS).toBeGreaterThanOrEqual(0.3);
        },
        { timeout: 5000, interval: 100 },
      );
      expect((await read(monitor, 60)).longRunning).toEqual([]);
    } finally {
      await admin.query({ sql: 'SELECT pg_cancel_backend($1)', params: [sleeperPid] });
      await sleeping;
    }
  });

  it('keeps the statements counter from going backwards when pg_stat_statements drops entries', async () => {
    const monitor = await open();
    const before = await read(monitor);
    expect(before.counters.statements).toBeGreaterThan(0);
    // Only this database's entries: the server's other databases keep theirs.
    await admin.query({ sql: 'SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = $1), 0)', params: [database] });
    const after = await read(monitor);
    expect(after.counters.statements).toBeGreaterThanOrEqual(before.counters.statements!);
    expect(after.statements!.reduce((n, s) => n + s.calls, 0)).toBeLessThan(before.counters.statements!);
    const fresh = await read(await open());
    expect(fresh.counters.statements).toBeLessThan(before.counters.statements!);
  });

  it('says how to get statements where pg_stat_statements is not created, and leaves statements and qps empty', async () => {
    const nostat = 'oxen_monitor_nostat';
    await admin.execute({ sql: `DROP DATABASE IF EXISTS "${nostat}" WITH (FORCE)`, params: [] });
    await admin.execute({ sql: `CREATE DATABASE "${nostat}"`, params: [] });
    let monitor: Executor | undefined;
    try {
      monitor = await openExecutor({ dialect: 'postgres', url: withDatabase(postgresUrl!, nostat) }, ONE);
      const now = await stats.read(monitor, { database: nostat, longRunningS: 5 });
      expect(now.statements).toBeNull();
      expect(now.counters.statements).toBeUndefined();
      expect(now.counters.xact_commit).toBeGreaterThan(0);
      expect(now.notes).toEqual([
        'pg_stat_statements is not created in oxen_monitor_nostat: run CREATE EXTENSION pg_stat_statements in it for top statements and qps',
      ]);
      expect(stats.headline({ xact_commit: 5, xact_rollback: 0, blks_hit: 0, blks_read: 0 }, now)).toMatchObject({ tps: 5, qps: null, cacheHit: null });
    } finally {
      await monitor?.close();
      await admin.execute({ sql: `DROP DATABASE "${nostat}" WITH (FORCE)`, params: [] });
    }
  });

  it('names the grant a user without pg_read_all_stats needs, and still reads what that user may see', async () => {
    const role = `oxen_monitor_probe_${suffix}`;
    await admin.execute({ sql: `CREATE ROLE "${role}" LOGIN`, params: [] });
    const probeUrl = new URL(url);
    probeUrl.username = role;
    let monitor: Executor | undefined;
    try {
      monitor = await openExecutor({ dialect: 'postgres', url: probeUrl.toString() }, ONE);
      const now = await read(monitor);
      expect(now.notes).toContain(`other users' sessions and statement texts read "<insufficient privilege>": GRANT pg_read_all_stats TO "${role}"`);
      expect(now.statements?.find((s) => s.text === '<insufficient privilege>')?.calls).toBeGreaterThan(0);
      expect(now.counters.xact_commit).toBeGreaterThan(0);
      expect(now.sessions.total).toBeGreaterThanOrEqual(0);
    } finally {
      await monitor?.close();
      await admin.execute({ sql: `DROP ROLE "${role}"`, params: [] });
    }
  });

  it('reports the tables of other schemas under names that split back into schema and table for the exporter', async () => {
    const schema = `oxen_monitor_s_${suffix}`;
    const setup = await open();
    await setup.execute({ sql: `CREATE SCHEMA "${schema}"`, params: [] });
    await setup.execute({ sql: `CREATE TABLE "${schema}"."Odd.Name" (id integer)`, params: [] });
    const writer = await openExecutor(db, ONE);
    await writer.execute({ sql: `INSERT INTO "${schema}"."Odd.Name" (id) SELECT generate_series(1, $1::int)`, params: [3000] });
    await writer.close();
    const monitor = await open();
    let now!: ServerSnapshot;
    await vi.waitFor(
      async () => {
        now = await read(monitor);
        expect(now.tables.find((t) => t.table === `${schema}."Odd.Name"`)?.writes).toBe(3000);
      },
      { timeout: 5000, interval: 100 },
    );
    const live = stats.prometheus(now, { database, longRunningS: 5 }).find((s) => s.name === 'pg_stat_user_tables_n_live_tup' && s.labels.relname === 'Odd.Name');
    expect(live?.labels).toEqual({ datname: database, schemaname: schema, relname: 'Odd.Name' });
    // CI streams to a replica of this server (.ci/postgres-replica.sh); elsewhere there may be none.
    if (process.env.OXEN_TEST_POSTGRES_REPLICA_URL) expect(now.replicas.length).toBeGreaterThanOrEqual(1);
    for (const replica of now.replicas) expect(replica.state).toBe('streaming');
  });
});
