/**
 * Opens the ORM once per executor under test, each under a name of its own (`oxen_bench_js`,
 * `oxen_bench_native`), never as `default`: the workloads address the database they are given
 * (`Model.using(db.name)`), so no registry entry is swapped while the executors take turns.
 *
 * Two more databases per executor on request, measured as variants of their own in the same run:
 * the same database with its read replicas and routing on (`<kind>+replicas`), and the same database
 * reached another way, e.g. through PgBouncer (`<kind>+via`).
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
  /** With `replicas`: the database opened with `kind` whose reads are routed to them. */
  replicated(kind: ExecutorKind): Database | undefined;
  /** With `via`: the database opened with `kind` through that URL. */
  via(kind: ExecutorKind): Database | undefined;
  /** Closes the session's databases (and only them). */
  close(): Promise<void>;
}

export interface SessionExtras {
  /** Read replicas of the benchmark's database. */
  readonly replicas?: readonly DatabaseUrl[];
  /** Another URL to the benchmark's database (PgBouncer, a proxy). */
  readonly via?: DatabaseUrl;
}

/** The registry name of the benchmark's database on `kind`. */
export function benchDatabaseName(kind: ExecutorKind, suffix = ''): string {
  return `oxen_bench_${kind}${suffix}`;
}

/** Sessions opened in this process so far: two at once (`ab` with base and head one build) need names of their own. */
let sessionsOpened = 0;

export async function openOrmSession(url: DatabaseUrl, executors: readonly ExecutorKind[], poolSize: number, extras: SessionExtras = {}): Promise<OrmSession> {
  const performance = { connectionPoolSize: poolSize, maxOverflow: 0 };
  const session = ++sessionsOpened === 1 ? '' : `_s${sessionsOpened}`;
  const nameOf = (kind: ExecutorKind, suffix = ''): string => benchDatabaseName(kind, suffix + session);
  const opened = new Map<string, Database>();
  const close = async (): Promise<void> => {
    let failure: unknown;
    for (const db of opened.values()) {
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
      const name = nameOf(kind);
      const [db] = await connect({ databases: { [name]: url }, executor: kind, performance });
      opened.set(name, db!);
      if (extras.replicas?.length) {
        const replicated = nameOf(kind, '_replicas');
        // Every read of a workload is routed: no read-your-writes window, since the workloads that
        // read never read what the run itself wrote.
        const [rdb] = await connect({ databases: { [replicated]: url }, replicas: { [replicated]: extras.replicas }, executor: kind, performance, routing: { readYourWritesMs: 0 } });
        rdb!.usingRoutes = true;
        opened.set(replicated, rdb!);
      }
      if (extras.via) {
        const via = nameOf(kind, '_via');
        const [vdb] = await connect({ databases: { [via]: extras.via }, executor: kind, performance });
        opened.set(via, vdb!);
      }
    }
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  return {
    primary: opened.get(nameOf(executors[0]!))!,
    database: (kind) => opened.get(nameOf(kind))!,
    replicated: (kind) => opened.get(nameOf(kind, '_replicas')),
    via: (kind) => opened.get(nameOf(kind, '_via')),
    close,
  };
}
