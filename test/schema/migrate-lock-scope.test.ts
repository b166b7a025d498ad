/**
 * The migration lock is one database's: runs on two databases of one server never wait for each other
 * (MySQL's GET_LOCK names are server-wide, so the name carries the database), while two sessions on
 * one database exclude each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../src/core/dialect/dialects.js';
import { createExecutor } from '../../src/core/executor/create-executor.js';
import type { Executor, PinnedConnection } from '../../src/core/executor/executor.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { DEFAULT_HISTORY_TABLE } from '../../src/core/schema/migrate/history.js';
import { lockKey } from '../../src/core/schema/migrate/migration-lock.js';
import { testExecutors } from '../support/orm.js';
import { servers, type Target } from './migrate-processes-support.js';

const POOL = { connectionPoolSize: 2, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false };
const key = lockKey(DEFAULT_HISTORY_TABLE);
const withServers = servers.filter((s) => s.dialect !== 'sqlite' && s.url !== undefined);

describe.each(withServers.flatMap((s) => testExecutors().map((executor) => ({ server: s, executor, label: `${s.name}/${executor}` }))))(
  'migration lock scope on $label',
  ({ server, executor: kind }) => {
    const lock = dialects[server.dialect].adapter.migrationLock!;
    let targets: Target[] = [];
    let executors: Executor[] = [];
    const held: PinnedConnection[] = [];

    beforeAll(async () => {
      targets = [await server.create(`lock_a_${kind}`), await server.create(`lock_b_${kind}`)];
      executors = await Promise.all(targets.map((t) => createExecutor(parseDatabaseUrl(t.url), POOL, kind)));
    });
    afterAll(async () => {
      for (const conn of held) {
        await conn.query(lock.release(key)).catch(() => {});
        conn.release();
      }
      await Promise.all(executors.map((e) => e.close()));
      await Promise.all(targets.map((t) => t.drop()));
    });

    const take = async (executor: Executor): Promise<boolean> => {
      const conn = await executor.acquire();
      held.push(conn);
      const row = (await conn.query(lock.tryAcquire(key))).rows[0]!;
      return row[0] === true || Number(row[0]) === 1;
    };

    it('two databases: both locks at once; one database: the second session is refused', async () => {
      expect(await take(executors[0]!)).toBe(true);
      expect(await take(executors[1]!)).toBe(true);
      expect(await targets[0]!.lockHeld()).toBe(true);
      expect(await take(executors[0]!)).toBe(false);
    });
  },
);
