/**
 * `oxen benchmark performance` as a service. `runPerformance`: connect, create and seed the
 * benchmark's tables, run every workload at every concurrency with the raw driver and each executor
 * interleaved, collect the environment, drop the tables, and return the report. `benchmarkPerformance`:
 * the whole command around it — the database (a temporary SQLite file when none is configured), the
 * report file, Ctrl+C, and the failures. The command only parses flags and renders.
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../ground/parse-url.js';
import { checkExtraUrls } from './performance-options.js';
import { redactSecrets } from '../ground/redact.js';
import type { ExecutorKind } from '../ground/values.js';
import { benchDatabase, failuresError, reportPath, stoppable, type JobUi, type ReportView } from './bench-job.js';
import { benchTables, defineBenchModels, DEFAULT_TABLE_PREFIX, type BenchModels } from './dataset/bench-models.js';
import { datasetFacts, datasetSize } from './dataset/dataset.js';
import { dropDataset, seedDataset } from './dataset/seed-dataset.js';
import { runCell, type EngineListener, type EngineSettings, type VariantSpec } from './engine.js';
import { collectEnvironment } from './environment.js';
import { makeReport } from './make-report.js';
import { openOrmSession } from './orm-session.js';
import { openRawDriver, RAW_PACKAGES } from './raw/open-raw-driver.js';
import type { BenchmarkReport, CellResult } from './report.js';
import { reportFailures } from './report-failures.js';
import { writeReport } from './report-file.js';
import { WORKLOADS } from './workloads/index.js';
import { openPeers } from './peers/open-peers.js';
import type { PeerDefinition, PeerTables } from './peers/peer.js';
import { appCollector } from '../monitoring/app-exporter/app-collector.js';
import type { BenchContext } from './workloads/workload.js';
import type { Database } from '../database/database.js';

export interface PerformanceRun {
  /** May carry a password: only its redacted form goes anywhere. */
  readonly url: DatabaseUrl;
  readonly executors: readonly ExecutorKind[];
  readonly workloads: readonly string[];
  readonly concurrency: readonly number[];
  readonly engine: EngineSettings;
  readonly scale: number;
  readonly keep: boolean;
  readonly tablePrefix?: string;
  /** Also measure each executor with the app exporter's collector listening (`<kind>+exporter`): its cost, in the same run. */
  readonly exporter?: boolean;
  /** Peer ORMs measured beside Oxen on the same tables (`--peers`); one not installed is skipped with a warning. */
  readonly peers?: readonly PeerDefinition[];
  /** Read replicas of `url`: each executor is also measured with its reads routed to them (`<kind>+replicas`). */
  readonly replicas?: readonly DatabaseUrl[];
  /** Another URL to the same database (PgBouncer, a proxy): each executor is also measured through it (`<kind>+via`). */
  readonly via?: DatabaseUrl;
  readonly onEvent?: EngineListener;
  readonly onStatus?: (message: string) => void;
}

export async function runPerformance(run: PerformanceRun): Promise<BenchmarkReport> {
  const status = run.onStatus ?? (() => {});
  const { url } = run;
  const poolSize = Math.max(...run.concurrency);
  status(`Connecting to ${url.redacted}`);
  const orm = await openOrmSession(url, run.executors, poolSize, { replicas: run.replicas, via: run.via });
  const extraVariants = [...(run.replicas?.length ? ['replicas'] : []), ...(run.via ? ['via'] : [])];
  const warnings: string[] = [];
  const results: CellResult[] = [];
  const models = defineBenchModels(run.tablePrefix ?? DEFAULT_TABLE_PREFIX);
  const exporter = exporterSwitch();
  let seeded = false;
  try {
    const raw = await openRawDriver(url, poolSize);
    try {
      const size = datasetSize(run.scale);
      status(`Creating and seeding ${size.users.toLocaleString('en-US')} users and ${size.posts.toLocaleString('en-US')} posts`);
      seeded = true;
      await seedDataset(models, run.scale, orm.primary.name);
      await raw.analyze(benchTables(models).map((m) => orm.primary.dialect.quoteIdent(m.meta.tableName)));
      if (run.replicas?.length) {
        status('Waiting for the replicas to replay the dataset');
        warnings.push(...(await replicasCaughtUp(run.executors.map((k) => orm.replicated(k)!))));
      }
      if (run.peers?.length) status(`Opening ${run.peers.map((p) => p.name).join(', ')}`);
      const peers = await openPeers(run.peers ?? [], url, poolSize, peerTables(models));
      warnings.push(...peers.skipped);
      try {
        // Prepared on the first executor's database; each executor's variant runs the same call on its own.
        const ctx: BenchContext = { models, facts: datasetFacts(run.scale), raw, db: orm.primary, counter: { value: 100_000_000 } };
        for (const workload of WORKLOADS.filter((w) => run.workloads.includes(w.name))) {
          for (const concurrency of run.concurrency) {
            let prepared;
            try {
              prepared = await workload.prepare(ctx);
            } catch (error) {
              warnings.push(`${workload.name} c=${concurrency} skipped: ${redactSecrets((error as Error).message)}`);
              continue;
            }
            const quiet = { before: exporter.off };
            const variants: VariantSpec<any>[] = [
              { name: 'raw', ...prepared.raw, ...quiet },
              { name: 'raw_array', ...prepared.rawArray, ...quiet },
              ...run.executors.map((kind) => ({ name: kind, ...prepared.orm(orm.database(kind)), ...quiet })),
              ...(run.exporter ? run.executors.map((kind) => ({ name: `${kind}+exporter`, ...prepared.orm(orm.database(kind)), before: exporter.on })) : []),
              ...extraVariants.flatMap((extra) =>
                run.executors.map((kind) => ({ name: `${kind}+${extra}`, ...prepared.orm(extra === 'replicas' ? orm.replicated(kind)! : orm.via(kind)!), ...quiet })),
              ),
              ...peers.variants.flatMap(({ variant, queries }) => {
                const op = prepared.peer(queries);
                return op ? [{ name: variant, ...op, ...quiet }] : [];
              }),
            ];
            try {
              results.push(await runCell({ workload: workload.name, concurrency, rowsPerOp: prepared.rowsPerOp ?? undefined, variants }, run.engine, run.onEvent));
            } finally {
              exporter.off();
            }
          }
        }
        const environment = collectEnvironment({
          database: {
            dialect: url.dialect,
            url: url.redacted,
            ...(run.replicas?.length ? { replicas: run.replicas.map((r) => r.redacted) } : {}),
            ...(run.via ? { via: run.via.redacted } : {}),
            serverVersion: await orm.primary.executor.serverVersion(),
            settings: await raw.settings(),
          },
          executors: run.executors,
          poolSize,
          dataset: datasetSize(run.scale),
          drivers: [RAW_PACKAGES[url.dialect]],
        });
        return makeReport({
          tool: 'oxen benchmark performance',
          settings: run.engine,
          concurrency: run.concurrency,
          workloads: run.workloads,
          variants: [
            'raw',
            'raw_array',
            ...run.executors,
            ...(run.exporter ? run.executors.map((k) => `${k}+exporter`) : []),
            ...extraVariants.flatMap((extra) => run.executors.map((k) => `${k}+${extra}`)),
            ...peers.info.map((p) => p.variant),
          ],
          environment,
          results,
          warnings,
          ...(run.peers?.length ? { peers: peers.info } : {}),
        });
      } finally {
        await peers.close();
      }
    } finally {
      await raw.close();
    }
  } finally {
    try {
      if (seeded && !run.keep) {
        status('Dropping the benchmark tables');
        await dropDataset(models, orm.primary.name);
      }
    } finally {
      await orm.close();
    }
  }
}

/**
 * The app exporter's collector, listening only while an `+exporter` variant's chunks run: the engine
 * calls each variant's `before` as its chunk starts, so every other variant switches it off again.
 */
function exporterSwitch(): { on: () => void; off: () => void } {
  let release: (() => void) | undefined;
  return {
    on: () => {
      release ??= appCollector().hold();
    },
    off: () => {
      release?.();
      release = undefined;
    },
  };
}

/** The command's run: its settings, and what the command alone decides (the report file, --keep). */
export interface PerformanceJob extends Omit<PerformanceRun, 'url' | 'onEvent' | 'onStatus' | 'engine'> {
  /** The configuration: its `default` database, else a temporary SQLite file. */
  readonly config: ResolvedConfig;
  readonly engine: Omit<PerformanceRun['engine'], 'signal'>;
  /** Default: bench-results/<date>-<dialect>.json. */
  readonly output: string | undefined;
  readonly force: boolean;
  /** Says something on stderr after the results (the temporary database kept). */
  readonly notice: (message: string) => void;
}

/**
 * `oxen benchmark performance`: checks the report file before anything runs, runs, writes the report,
 * shows it, and throws QUERY_FAILED when the run had failures. Interrupted (`ui.interruptible`), it
 * rejects with RunInterrupted once the tables are dropped, with no report written. The temporary
 * database is removed afterwards, unless `keep`.
 */
export async function benchmarkPerformance(job: PerformanceJob, ui: JobUi<ReportView>): Promise<BenchmarkReport> {
  const { config, output, force, notice, ...settings } = job;
  const database = benchDatabase(config, true);
  try {
    const replicas = settings.replicas ?? (config.config.replicas?.default ?? []).map((r) => parseDatabaseUrl(r));
    checkExtraUrls(database.url, replicas, settings.via);
    const path = reportPath(output, database.url.dialect, force);
    const view = await ui.open(database.url.dialect);
    const interrupted = `Interrupted: the benchmark tables were ${job.keep ? 'kept' : 'dropped'} and no report was written`;
    const report = await stoppable(view, ui, interrupted, (signal) =>
      runPerformance({
        ...settings,
        replicas,
        url: database.url,
        engine: { ...job.engine, signal },
        onEvent: (e) => view.onEvent(e),
        onStatus: (m) => view.status(m),
      }),
    );
    writeReport(path, report, force);
    await view.finish(report, path);
    if (database.temp && job.keep) notice(`Kept the benchmark database ${database.temp.path}`);
    const failure = failuresError(reportFailures(report), path);
    if (failure) throw failure;
    return report;
  } finally {
    if (database.temp && !job.keep) database.temp.remove();
  }
}

function peerTables(models: BenchModels): PeerTables {
  return { users: models.User.meta.tableName, posts: models.Post.meta.tableName, items: models.Item.meta.tableName };
}

/**
 * Samples the replicas until each has replayed everything it received, three samples in a row, so the
 * `+replicas` variants read the dataset just seeded; one that is down or stays behind is a warning
 * (its reads go to the primary, which the report then says).
 */
async function replicasCaughtUp(databases: readonly Database[]): Promise<string[]> {
  const deadline = performance.now() + 60_000;
  let streak = 0;
  while (performance.now() < deadline) {
    await Promise.all(databases.map((db) => db.router!.sample()));
    const current = databases.every((db) => db.router!.status().replicas.every((r) => r.state === 'not-a-replica' || (r.state === 'healthy' && r.lagMs === 0)));
    streak = current ? streak + 1 : 0;
    if (streak >= 3) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const behind = databases[0]!.router!.status().replicas.filter((r) => r.state !== 'healthy' && r.state !== 'not-a-replica');
  return behind.map((r) => `replica ${r.url} is ${r.state}${r.reason ? ` (${r.reason})` : ''}: the +replicas variants read from the primary while it is`);
}
