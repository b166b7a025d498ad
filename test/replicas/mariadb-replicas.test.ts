/**
 * Read replicas on MariaDB, with a real primary (binary log on) and replica (.ci/mariadb-replica.sh):
 * reads go to the replica, as its own Com_select counter shows; with the replica's applier stopped
 * its lag is unknown (Seconds_Behind_Master NULL), and reads move to the primary and see new rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharField, connect, disconnect, getDatabase, IntField, model } from '../../src/index.js';
import { createTables, dropTables } from '../../src/index.js';
import { optionalServer } from '../support/databases.js';
import { testExecutors } from '../support/orm.js';
import { myQuery } from '../support/plain-sql.js';

const primaryUrl = optionalServer(process.env.OXEN_TEST_MYSQL_REPLICA_PRIMARY_URL, 'a MariaDB primary with a replica', 'OXEN_TEST_MYSQL_REPLICA_PRIMARY_URL');
const replicaUrl = optionalServer(process.env.OXEN_TEST_MYSQL_REPLICA_URL, 'a MariaDB replica', 'OXEN_TEST_MYSQL_REPLICA_URL');

const Item = model('mrr_items', { name: CharField({ maxLength: 40 }), n: IntField() });

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function replicaSelects(): Promise<number> {
  const rows = await myQuery(replicaUrl!, "SHOW GLOBAL STATUS LIKE 'Com_select'");
  return Number(rows[0]![1]);
}

const replicaState = () => getDatabase().router!.status().replicas[0]!.state;

describe.skipIf(!primaryUrl || !replicaUrl).each(testExecutors())('read replicas on MariaDB (%s executor)', (executor) => {
  beforeAll(async () => {
    await connect({ databases: { default: primaryUrl! }, replicas: { default: [replicaUrl!] }, executor, routing: { lagSampleMs: 100, readYourWritesMs: 0 } });
    await dropTables([Item], { ifExists: true });
    await createTables([Item]);
    await Item.bulkCreate(Array.from({ length: 10 }, (_, i) => ({ name: `seed ${i}`, n: i })));
    await until('the replica to replay the seed rows', async () => Number((await myQuery(replicaUrl!, 'SELECT count(*) FROM mrr_items').catch(() => [[0]]))[0]![0]) === 10);
  });
  afterAll(async () => {
    await myQuery(replicaUrl!, 'START REPLICA').catch(() => undefined);
    try {
      await dropTables([Item], { ifExists: true });
    } finally {
      await disconnect();
    }
  });

  it('reads go to the healthy replica, counted by the replica itself', async () => {
    await until('the replica to be healthy', () => replicaState() === 'healthy');
    expect(getDatabase().router!.status().replicas[0]!.lagMs).toBe(0);
    const before = await replicaSelects();
    for (let i = 0; i < 5; i++) expect(await Item.filter({ n__gte: 5 }).count()).toBe(5);
    expect(await replicaSelects()).toBe(before + 5);
  });

  it('with the replica applier stopped its lag is unknown: reads move to the primary and see new rows, then come back', async () => {
    await myQuery(replicaUrl!, 'STOP REPLICA SQL_THREAD');
    try {
      await myQuery(primaryUrl!, "INSERT INTO mrr_items (name, n) VALUES ('after stop', 100)");
      await until('the replica to be judged lagging', () => replicaState() === 'lagging');
      expect(getDatabase().router!.status().replicas[0]).toMatchObject({ lagMs: null, reason: expect.stringMatching(/cannot tell its lag/) });
      const before = await replicaSelects();
      expect(await Item.filter({ name: 'after stop' }).count()).toBe(1);
      expect(await replicaSelects()).toBe(before);
    } finally {
      await myQuery(replicaUrl!, 'START REPLICA SQL_THREAD');
    }
    await until('the replica to be healthy again', () => replicaState() === 'healthy');
    const before = await replicaSelects();
    expect(await Item.filter({ name: 'after stop' }).count()).toBe(1);
    expect(await replicaSelects()).toBe(before + 1);
  });
});
