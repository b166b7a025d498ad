/**
 * User bench files are written against 'oxen-orm' as an application is: their models and queries
 * name no database, so they run on `default`. The built-in workloads address the database they are
 * given instead; the user's code cannot be told, so here the executor under test must be `default`.
 * With one executor its database is registered as `default` once. With several, each executor's
 * variant makes its own `default` twin (the same executor and dialect) current before its turn:
 * the one place the benchmark still swaps `default`, because the user's code reads nothing else.
 */
import { disconnect } from '../../database/connect.js';
import { Database } from '../../database/database.js';
import { getDatabase, listDatabases, registerDatabase, unregisterDatabase } from '../../database/registry.js';
import type { ExecutorKind } from '../../ground/values.js';
import type { OrmSession } from '../orm-session.js';

export interface UserDefault {
  /** Makes `kind`'s database `default` (the first executor's for the suites' setup and teardown). */
  use(kind: ExecutorKind): void;
  /** What a variant of `kind` does before each of its chunks; nothing when there is one executor. */
  beforeVariant(kind: ExecutorKind): (() => void) | undefined;
  /**
   * Once the session is closed: unregisters the `default` twin (its executor was the session's) and
   * closes whatever the user's files connected themselves, as closing the session always did.
   */
  release(): Promise<void>;
}

export function userDefault(session: OrmSession, executors: readonly ExecutorKind[]): UserDefault {
  const twins = new Map(
    executors.map((kind) => {
      const db = session.database(kind);
      return [kind, new Database({ name: 'default', executor: db.executor, dialect: db.dialect, redactedUrl: db.redactedUrl })] as const;
    }),
  );
  const use = (kind: ExecutorKind): void => registerDatabase(twins.get(kind)!);
  use(executors[0]!);
  return {
    use,
    beforeVariant: (kind) => (twins.size > 1 ? () => use(kind) : undefined),
    release: async () => {
      const current = listDatabases().some((db) => db.name === 'default') ? getDatabase('default') : undefined;
      if (current !== undefined && [...twins.values()].includes(current)) unregisterDatabase('default');
      await disconnect();
    },
  };
}
