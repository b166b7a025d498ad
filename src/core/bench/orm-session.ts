/**
 * Opens the ORM once per executor under test. The first executor is `default`; each other one gets a
 * `default`-named twin that `activate()` swaps in before its variant runs, so every workload is
 * written exactly as a user writes it (no `.using()`) whichever executor is measured.
 */
import { connect, disconnect } from '../database/connect.js';
import { Database } from '../database/database.js';
import { registerDatabase } from '../database/registry.js';
import type { ExecutorKind } from '../ground/values.js';

export interface OrmSession {
  readonly primary: Database;
  activate(kind: ExecutorKind): void;
  close(): Promise<void>;
}

export async function openOrmSession(url: string, executors: readonly ExecutorKind[], poolSize: number): Promise<OrmSession> {
  const performance = { connectionPoolSize: poolSize, maxOverflow: 0 };
  const byKind = new Map<ExecutorKind, Database>();
  try {
    for (const [i, kind] of executors.entries()) {
      const name = i === 0 ? 'default' : `oxen_bench_${kind}`;
      const [db] = await connect({ databases: { [name]: url }, executor: kind, performance });
      byKind.set(kind, i === 0 ? db! : new Database({ name: 'default', executor: db!.executor, dialect: db!.dialect, redactedUrl: db!.redactedUrl }));
    }
  } catch (error) {
    await disconnect().catch(() => {});
    throw error;
  }
  const primary = byKind.get(executors[0]!)!;
  return {
    primary,
    activate: (kind) => registerDatabase(byKind.get(kind)!),
    close: async () => {
      registerDatabase(primary);
      await disconnect();
    },
  };
}
