/**
 * Read replicas with a real PostgreSQL streaming replica (.ci/postgres-replica.sh): where reads go,
 * read-your-writes, lag (replay paused on the replica), a replica stopped mid-run, bad configs, and
 * replicas where operators look (the app exporter, `oxen doctor --replica`). Where a read went is
 * checked on the servers' own pg_stat_statements, not only on Oxen's events. One file, so nothing
 * else reads the replica while a test pauses or stops it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharField, connect, disconnect, getDatabase, IntField, model, onQuery, readScope, transaction, type QueryEvent } from '../../src/index.js';
import { createTables, dropTables } from '../../src/index.js';
import { optionalServer, postgresReplicaUrl, postgresUrl, mysqlUrl, sqliteUrl } from '../support/databases.js';
import { testExecutors } from '../support/orm.js';
import { pgQuery } from '../support/plain-sql.js';
import { appInterval, readAppMetrics, serveMetrics, type MetricsServer } from '../../src/core/monitoring/app-exporter/index.js';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';

const replicaUrl = optionalServer(postgresReplicaUrl, 'a PostgreSQL streaming replica', 'OXEN_TEST_POSTGRES_REPLICA_URL');
const primaryUrl = postgresUrl;
const REPLICA_DIR = process.env.OXEN_TEST_POSTGRES_REPLICA_DIR ?? '/var/lib/oxen-pg-replica';

const Item = model('rr_probe_items', { name: CharField({ maxLength: 40 }), n: IntField({ default: 0 }) });

/** Calls of SELECTs on the probe table recorded by one server's pg_stat_statements. */
async function selectCalls(url: string): Promise<number> {
  const rows = await pgQuery(url, `SELECT coalesce(sum(calls), 0)::int FROM pg_stat_statements WHERE query ILIKE 'select%rr_probe_items%'`);
  return Number(rows[0]![0]);
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The replica has replayed everything the primary has written so far. */
async function replicaCaughtUp(): Promise<void> {
  const [[lsn]] = (await pgQuery(primaryUrl!, 'SELECT pg_current_wal_lsn()::text')) as [[string]];
  await until('the replica to catch up', async () => {
    const [[done]] = (await pgQuery(replicaUrl!, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn', [lsn])) as [[boolean]];
    return done;
  });
}

function routerStatus() {
  return getDatabase().router!.status();
}

function replicaState(): string {
  return routerStatus().replicas[0]!.state;
}

function pgCtl(action: 'stop' | 'start'): void {
  if (action === 'start') {
    execFileSync('bash', ['.ci/postgres-replica.sh'], { stdio: 'ignore' });
    return;
  }
  const version = execFileSync('ls', ['/etc/postgresql']).toString().trim().split('\n').pop()!;
  execFileSync('runuser', ['-u', 'postgres', '--', `/usr/lib/postgresql/${version}/bin/pg_ctl`, '-D', REPLICA_DIR, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
}

describe.skipIf(!replicaUrl || !primaryUrl).each(testExecutors())('read replicas on PostgreSQL (%s executor)', (executor) => {
  const events: QueryEvent[] = [];
  let stop: () => void = () => {};

  beforeAll(async () => {
    await connect({ databases: { default: primaryUrl! }, executor });
    await dropTables([Item], { ifExists: true });
    await createTables([Item]);
    await Item.bulkCreate(Array.from({ length: 10 }, (_, i) => ({ name: `seed ${i}`, n: i })));
    await disconnect();
    await replicaCaughtUp();
    await connect({
      databases: { default: primaryUrl! },
      replicas: { default: [replicaUrl!] },
      executor,
      routing: { maxLagMs: 3000, lagSampleMs: 100, readYourWritesMs: 1000 },
    });
    stop = onQuery((e) => events.push(e));
  });

  afterAll(async () => {
    stop();
    await pgQuery(replicaUrl!, 'SELECT pg_wal_replay_resume()').catch(() => undefined);
    try {
      await dropTables([Item], { ifExists: true });
    } finally {
      await disconnect();
    }
  });

  it('a read outside a transaction goes to the replica, as the replica itself counts it', async () => {
    await until('the replica to be healthy', () => replicaState() === 'healthy');
    const [primaryBefore, replicaBefore] = [await selectCalls(primaryUrl!), await selectCalls(replicaUrl!)];
    const before = routerStatus();
    for (let i = 0; i < 5; i++) expect(await Item.filter({ n__gte: 5 }).count()).toBe(5);
    expect(await selectCalls(replicaUrl!)).toBe(replicaBefore + 5);
    expect(await selectCalls(primaryUrl!)).toBe(primaryBefore);
    expect(routerStatus().replicas[0]!.reads).toBe(before.replicas[0]!.reads + 5);
    expect(events.at(-1)!.database).toBe('default@replica1');
  });

  it('a write then a read in the same context sees the write, read from the primary', async () => {
    await readScope(async () => {
      const made = await Item.create({ name: 'fresh', n: 100 });
      const before = routerStatus().primaryReads;
      const found = await Item.get({ id: made.id });
      expect(found.name).toBe('fresh');
      expect(routerStatus().primaryReads).toBe(before + 1);
    });
  });

  it("another scope's write does not pin this scope's reads to the primary", async () => {
    await readScope(() => Item.create({ name: 'elsewhere', n: 101 }));
    await replicaCaughtUp();
    await readScope(async () => {
      const before = routerStatus().replicas[0]!.reads;
      expect(await Item.filter({ name: 'elsewhere' }).exists()).toBe(true);
      expect(routerStatus().replicas[0]!.reads).toBe(before + 1);
    });
  });

  it('reads in a transaction, and with using("default"), go to the primary', async () => {
    await replicaCaughtUp();
    await new Promise((r) => setTimeout(r, 1100)); // past the unscoped read-your-writes window of earlier writes
    const replicaBefore = await selectCalls(replicaUrl!);
    await transaction(async () => {
      expect(await Item.filter({ n__lt: 3 }).count()).toBe(3);
    });
    expect(await Item.using('default').filter({ n__lt: 3 }).count()).toBe(3);
    expect(await selectCalls(replicaUrl!)).toBe(replicaBefore);
    expect(await Item.filter({ n__lt: 3 }).count()).toBe(3);
    expect(await selectCalls(replicaUrl!)).toBe(replicaBefore + 1);
  });

  it('replay paused on the replica: its lag passes maxLagMs and reads move to the primary, seeing new rows', { timeout: 40_000 }, async () => {
    await pgQuery(replicaUrl!, 'SELECT pg_wal_replay_pause()');
    try {
      // Written by another client, so no read-your-writes window is involved.
      await pgQuery(primaryUrl!, `INSERT INTO rr_probe_items (name, n) VALUES ('after pause', 200)`);
      await until('the replica to be judged lagging', () => replicaState() === 'lagging', 20_000);
      expect(routerStatus().replicas[0]!.lagMs).toBeGreaterThan(3000);
      expect(await Item.filter({ name: 'after pause' }).count()).toBe(1);
      expect(events.at(-1)!.database).toBe('default');
    } finally {
      await pgQuery(replicaUrl!, 'SELECT pg_wal_replay_resume()');
    }
    await until('the replica to be healthy again', () => replicaState() === 'healthy');
    expect(await Item.filter({ name: 'after pause' }).count()).toBe(1);
    expect(events.at(-1)!.database).toBe('default@replica1');
  });

  it('stopping the replica moves reads to the primary with no failed query, and they come back when it returns', async () => {
    const failures: QueryEvent[] = [];
    const watch = onQuery((e) => void (e.error && e.database === 'default' && failures.push(e)));
    let reads = 0;
    let running = true;
    const reader = (async () => {
      while (running) {
        expect(await Item.filter({ n__gte: 0 }).count()).toBeGreaterThanOrEqual(10);
        reads += 1;
      }
    })();
    try {
      await until('some reads', () => reads > 5);
      pgCtl('stop');
      await until('the replica to be judged down', () => replicaState() === 'down');
      const atDown = reads;
      await until('reads on the primary', () => reads > atDown + 5);
      expect(routerStatus().replicas[0]!.reason).toBeTruthy();
    } finally {
      running = false;
      await reader;
      watch();
      pgCtl('start');
    }
    expect(failures).toEqual([]);
    await until('the replica to be healthy again', () => replicaState() === 'healthy', 30_000);
    const before = routerStatus().replicas[0]!.reads;
    await Item.filter({ n: 1 }).count();
    expect(routerStatus().replicas[0]!.reads).toBe(before + 1);
  }, 60_000);
});

describe.skipIf(!primaryUrl)('replica configuration', () => {
  afterAll(() => disconnect());

  it('a replica that is down at connect() is skipped, and reads go to the primary', async () => {
    await connect({ databases: { default: primaryUrl! }, replicas: { default: ['postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=1'] } });
    const status = getDatabase().router!.status();
    expect(status.replicas[0]).toMatchObject({ name: 'default@replica1', state: 'down', url: 'postgres://nobody:***@127.0.0.1:1/none?connect_timeout=1' });
    expect(status.replicas[0]!.reason).not.toContain('secret');
    const [[one]] = (await getDatabase().read({ sql: 'SELECT 1', params: [] })).rows as [[number]];
    expect(one).toBe(1);
    expect(getDatabase().router!.status().primaryReads).toBe(1);
    await disconnect();
  });

  it.each([
    [{ databases: { default: 'postgres://a@127.0.0.1/x' }, replicas: { other: ['postgres://a@127.0.0.1/y'] } }, /replicas\.other: there is no database named "other"/],
    [{ databases: { default: sqliteUrl() }, replicas: { default: [sqliteUrl()] } }, /sqlite has no replicas/],
    [{ databases: { default: 'postgres://a@127.0.0.1/x' }, replicas: { default: ['mysql://root@127.0.0.1/x'] } }, /replicas\.default\[0\] is mysql .* but default is postgres/],
    [{ databases: { default: 'postgres://a@127.0.0.1/x' }, replicas: { default: [] } }, /non-empty list/],
    [{ databases: { default: 'postgres://a@127.0.0.1/x' }, routing: { reads: 'sometimes' } }, /routing\.reads must be 'replicas' or 'primary'/],
    [{ databases: { default: 'postgres://a@127.0.0.1/x' }, routing: { maxLag: 5 } }, /unknown routing setting "maxLag"/],
    [{ databases: { default: 'postgres://a@127.0.0.1/x' }, routing: { lagSampleMs: 1 } }, /lagSampleMs must be at least 50/],
    [{ databases: { default: postgresUrl }, replicas: { default: ['postgres://a@127.0.0.1:5433/x?colour=blue'] } }, /unknown parameter "colour" in postgres:\/\/a@127\.0\.0\.1:5433\/x\?colour=blue/],
  ])('refuses a bad config before opening anything: %j', async (config, message) => {
    await expect(connect(config as never)).rejects.toThrow(message);
  });
});

describe.skipIf(!mysqlUrl)('MariaDB as its own replica target', () => {
  afterAll(() => disconnect());

  it("reads SHOW REPLICA STATUS: a server that replicates nothing is 'not-a-replica' and still serves reads", async () => {
    await connect({ databases: { default: mysqlUrl! }, replicas: { default: [mysqlUrl!] } });
    expect(getDatabase().router!.status().replicas[0]).toMatchObject({ state: 'not-a-replica', lagMs: null });
    const result = await getDatabase().read({ sql: 'SELECT 1', params: [] });
    expect(Number(result.rows[0]![0])).toBe(1);
    expect(getDatabase().router!.status().replicas[0]!.reads).toBe(1);
  });
});

const DOWN = 'postgres://watcher:hunter2@127.0.0.1:1/none?connect_timeout=1';

/** Every sample of one metric in Prometheus text: its labels as text, and its value. */
function samples(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const match of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) out.set(match[1]!, Number(match[2]));
  return out;
}

describe.skipIf(!replicaUrl || !postgresUrl)('replicas in the app exporter', () => {
  let server: MetricsServer;

  beforeAll(async () => {
    // A generous lag limit: this is about the accounting, and the other suites keep the replica busy.
    await connect({ databases: { default: postgresUrl! }, replicas: { default: [replicaUrl!, DOWN] }, routing: { readYourWritesMs: 0, maxLagMs: 60_000 } });
    server = await serveMetrics({ port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await disconnect();
  });

  it('exports reads by target, each replica lag and whether it takes reads; the interval gives each its share', async () => {
    const db = getDatabase();
    const first = await readAppMetrics(server.url);
    for (let i = 0; i < 6; i++) await db.read({ sql: 'SELECT 1', params: [] });
    await db.read({ sql: 'SELECT 1', params: [] }, true); // pinned, as using('default') is
    const second = await readAppMetrics(server.url);

    const text = await (await fetch(`${server.url}/metrics`)).text();
    const reads = samples(text, 'oxen_routed_reads_total');
    expect(reads.get('database="default",target="default@replica1"')).toBe(db.router!.status().replicas[0]!.reads);
    expect(reads.get('database="default",target="default@replica2"')).toBe(0);
    expect(reads.get('database="default",target="primary"')).toBe(db.router!.status().primaryReads);
    const routable = samples(text, 'oxen_replica_routable');
    expect(routable.get('database="default",replica="default@replica1"')).toBe(1);
    expect(routable.get('database="default",replica="default@replica2"')).toBe(0);
    expect(samples(text, 'oxen_replica_lag_seconds').get('database="default",replica="default@replica1"')).toBeGreaterThanOrEqual(0);
    expect(text).not.toContain('hunter2');

    const interval = appInterval(first, second);
    expect(interval.replicas.map((r) => [r.name, r.state, r.readShare])).toEqual([
      ['default@replica1', 'healthy', 6 / 7],
      ['default@replica2', 'down', 0],
    ].map(([n, s, share]) => [n, s, Math.round((share as number) * 1e4) / 1e4]));
    expect(interval.replicas[1]!.url).toBe('postgres://watcher:***@127.0.0.1:1/none?connect_timeout=1');
  });
});

describe.skipIf(!replicaUrl || !postgresUrl)('oxen doctor --replica', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'oxen-doctor-replicas-'));
  beforeAll(() => assertBuilt());

  it('lists each replica with its state and lag, and a down one is a problem (exit 1), its password hidden', () => {
    const ok = runOxen(['doctor', '--url', postgresUrl!, '--replica', replicaUrl!], { cwd });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/replica default@replica1 {2}postgres:\/\/postgres@127\.0\.0\.1:5433\/test {2}ok {2}PostgreSQL \S+ {2}lag \d+ ms/);

    const bad = runOxen(['doctor', '--url', postgresUrl!, '--replica', replicaUrl!, '--replica', DOWN, '--json'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stdout).not.toContain('hunter2');
    const report = JSON.parse(bad.stdout) as { databases: { replicas: { name: string; state: string }[] }[] };
    expect(report.databases[0]!.replicas.map((r) => [r.name, r.state])).toEqual([
      ['default@replica1', 'healthy'],
      ['default@replica2', 'down'],
    ]);
  });

  it('a replica of the embedded SQLite default is refused in one line', () => {
    const run = runOxen(['doctor', '--replica', replicaUrl!], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/sqlite has no replicas/);
  });
});
