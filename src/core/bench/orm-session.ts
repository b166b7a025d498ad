/**
 * Opens the ORM once per executor under test, each under a name of its own (`oxen_bench_js`,
 * `oxen_bench_native`), never as `default`: the workloads address the database they are given
 * (`Model.using(db.name)`), so no registry entry is swapped while the executors take turns.
 */
import { connect, disconnect } from '../database/connect.js';
import type { Database } from '../database/database.js';
import type { DatabaseUrl } from '../ground/parse-url.js';
import type { ExecutorKind } from '../ground/values.js';

export interface OrmSession {
  /** The first executor's database: seeding, preparing the workloads, the server's version. */
  readonly primary: Database;
  /** The database opened with `kind`, one of the executors the session was opened with. */
  database(kind: ExecutorKind): Database;
  /** Closes the session's databases (and only them). */
  close(): Promise<void>;
}

/** The registry name of the benchmark's database on `kind`. */
export function benchDatabaseName(kind: ExecutorKind): string {
  return `oxen_bench_${kind}`;
}

export async function openOrmSession(url: DatabaseUrl, executors: readonly ExecutorKind[], poolSize: number): Promise<OrmSession> {
  const performance = { connectionPoolSize: poolSize, maxOverflow: 0 };
  const byKind = new Map<ExecutorKind, Database>();
  const close = async (): Promise<void> => {
    let failure: unknown;
    for (const db of byKind.values()) {
      try {
        await disconnect(db.name);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  };
  try {
    for (const kind of executors) {
      const [db] = await connect({ databases: { [benchDatabaseName(kind)]: url }, executor: kind, performance });
      byKind.set(kind, db!);
    }
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  return {
    primary: byKind.get(executors[0]!)!,
    database: (kind) => byKind.get(kind)!,
    close,
  };
}
