/**
 * One build's side of `oxen benchmark ab`: everything that must run on that build's own code —
 * its ORM session, its models, its workloads or the user's bench files loaded against it. `ab`
 * imports this module from each build's `dist/` (or runs it in a worker process), so the two
 * builds share nothing but the database. Keep its shape stable: older builds are loaded through it.
 */
import { parseDatabaseUrl } from '../../ground/parse-url.js';
import { loadNative } from '../../executor/create-executor.js';
import type { ExecutorKind } from '../../ground/values.js';
import { benchTables, defineBenchModels } from '../dataset/bench-models.js';
import { datasetFacts } from '../dataset/dataset.js';
import { dropDataset, seedDataset } from '../dataset/seed-dataset.js';
import { gitState, oxenVersion, PACKAGE_ROOT } from '../environment.js';
import { openOrmSession } from '../orm-session.js';
import { userDefault, type UserDefault } from '../user-bench/user-default.js';
import { openRawDriver } from '../raw/open-raw-driver.js';
import type { RawDriver } from '../raw/raw-driver.js';
import type { Operation } from '../run-chunk.js';
import { WORKLOADS } from '../workloads/index.js';
import type { BenchContext } from '../workloads/workload.js';
import { calibrationWrap } from './calibration-hook.js';
import { openUserBenchmarks, type UserBenchmarks } from './user-benchmarks.js';

/** Bumped when this interface changes; `ab` refuses a build that speaks another version. */
export const BENCH_TARGET_PROTOCOL = 1;

export interface BenchTargetOptions {
  /** May carry a password; only its redacted form leaves this module. */
  readonly url: string;
  readonly executors: readonly ExecutorKind[];
  readonly poolSize: number;
  readonly scale: number;
  readonly tablePrefix: string;
  /** Start of the values this build writes, disjoint from the other build's. */
  readonly counterStart: number;
  /** User bench files; when given they replace the built-in workloads. */
  readonly benchFiles?: readonly string[];
}

export interface BuildInfo {
  readonly root: string;
  readonly oxenVersion: string;
  readonly commit: string | null;
  readonly dirty: boolean | null;
  /** The executors this build could open, of those asked for. */
  readonly executors: readonly ExecutorKind[];
  /** Why an executor asked for could not be opened. */
  readonly unavailable: Readonly<Partial<Record<ExecutorKind, string>>>;
}

export interface TargetOperation extends Operation<unknown> {
  /** Called before each chunk: makes the executor `default` for user bench files; nothing for the built-in workloads. */
  readonly before: () => void;
}

export interface PreparedCell {
  readonly rowsPerOp: number | null;
  /** Keyed by executor. */
  readonly operations: Readonly<Partial<Record<ExecutorKind, TargetOperation>>>;
  /** Concurrency the user's suite fixes, overriding the command's. */
  readonly concurrency?: number;
}

export interface BenchTarget {
  readonly protocol: number;
  readonly info: BuildInfo;
  /** Workload names this build can run: the built-in ones, or `file:benchmark` of the bench files. */
  readonly workloads: readonly string[];
  /** Creates and fills the tables (one build does it for both). */
  setup(): Promise<void>;
  teardown(): Promise<void>;
  prepare(workload: string, concurrency: number): Promise<PreparedCell>;
  /** The server's version, for the report. */
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

export async function openBenchTarget(options: BenchTargetOptions): Promise<BenchTarget> {
  // The URL crosses into this build (or its worker process) as text, and is parsed here, once.
  const url = parseDatabaseUrl(options.url);
  const unavailable: Partial<Record<ExecutorKind, string>> = {};
  const executors: ExecutorKind[] = [];
  for (const kind of options.executors) {
    const reason = kind === 'native' ? await nativeProblem() : undefined;
    if (reason) unavailable[kind] = reason;
    else executors.push(kind);
  }
  const { commit, dirty } = gitState();
  const info: BuildInfo = { root: PACKAGE_ROOT.replace(/\/$/, ''), oxenVersion: oxenVersion(), commit, dirty, executors, unavailable };
  if (executors.length === 0) return emptyTarget(info);

  const orm = await openOrmSession(url, executors, options.poolSize);
  let raw: RawDriver | undefined;
  let user: UserBenchmarks | undefined;
  let defaults: UserDefault | undefined;
  try {
    raw = await openRawDriver(url, options.poolSize);
    user = options.benchFiles ? await openUserBenchmarks(options.benchFiles) : undefined;
    defaults = user ? userDefault(orm, executors) : undefined;
  } catch (error) {
    await raw?.close();
    await orm.close();
    throw error;
  }
  const models = defineBenchModels(options.tablePrefix);
  const db = orm.primary;
  const ctx: BenchContext = { models, facts: datasetFacts(options.scale), raw, db, counter: { value: options.counterStart } };
  const none = (): void => {};
  const operation = (kind: ExecutorKind, op: Operation<unknown>): TargetOperation => ({ ...calibrationWrap(op), before: defaults?.beforeVariant(kind) ?? none });

  return {
    protocol: BENCH_TARGET_PROTOCOL,
    info,
    workloads: user ? user.names : WORKLOADS.map((w) => w.name),
    async setup() {
      if (user) {
        defaults!.use(executors[0]!);
        return user.setup();
      }
      await seedDataset(models, options.scale, db.name);
      await raw!.analyze(benchTables(models).map((m) => db.dialect.quoteIdent(m.meta.tableName)));
    },
    async teardown() {
      if (user) {
        defaults!.use(executors[0]!);
        return user.teardown();
      }
      await dropDataset(models, db.name);
    },
    async prepare(workload) {
      if (user) {
        const entry = user.entry(workload);
        return { rowsPerOp: null, concurrency: entry.concurrency, operations: Object.fromEntries(executors.map((k) => [k, operation(k, entry.operation)])) };
      }
      const found = WORKLOADS.find((w) => w.name === workload);
      if (!found) throw new Error(`this build has no workload "${workload}"`);
      // As `performance` does: prepared once on the first executor, the same call run on each executor's database.
      const prepared = await found.prepare(ctx);
      return { rowsPerOp: prepared.rowsPerOp, operations: Object.fromEntries(executors.map((k) => [k, operation(k, prepared.orm(orm.database(k)))])) };
    },
    serverVersion: () => db.executor.serverVersion(),
    async close() {
      try {
        await raw!.close();
      } finally {
        try {
          await orm.close();
        } finally {
          await defaults?.release();
        }
      }
    },
  };
}

async function nativeProblem(): Promise<string | undefined> {
  const native = await loadNative();
  if (native?.isNativeAvailable() === true) return undefined;
  return native?.nativeUnavailableReason?.() ?? 'the native addon is not built';
}

function emptyTarget(info: BuildInfo): BenchTarget {
  return {
    protocol: BENCH_TARGET_PROTOCOL,
    info,
    workloads: [],
    setup: async () => {},
    teardown: async () => {},
    prepare: async () => ({ rowsPerOp: null, operations: {} }),
    serverVersion: async () => 'unknown',
    close: async () => {},
  };
}
