/**
 * `oxen benchmark performance` as a service: connect, create and seed the benchmark's tables, run
 * every workload at every concurrency with the raw driver and each executor interleaved, collect the
 * environment, drop the tables, and return the report. The command only parses flags and renders.
 */
import { parseDatabaseUrl } from '../ground/parse-url.js';
import { redactSecrets } from '../ground/redact.js';
import type { ExecutorKind } from '../ground/values.js';
import { benchTables, defineBenchModels, DEFAULT_TABLE_PREFIX } from './dataset/bench-models.js';
import { datasetFacts, datasetSize } from './dataset/dataset.js';
import { dropDataset, seedDataset } from './dataset/seed-dataset.js';
import { runCell, type EngineListener, type EngineSettings, type VariantSpec } from './engine.js';
import { collectEnvironment } from './environment.js';
import { makeReport } from './make-report.js';
import { openOrmSession } from './orm-session.js';
import { openRawDriver, RAW_PACKAGES } from './raw/open-raw-driver.js';
import type { BenchmarkReport, CellResult } from './report.js';
import { WORKLOADS } from './workloads/index.js';
import type { BenchContext } from './workloads/workload.js';

export interface PerformanceRun {
  /** May carry a password: it is parsed here and only its redacted form goes anywhere. */
  readonly url: string;
  readonly executors: readonly ExecutorKind[];
  readonly workloads: readonly string[];
  readonly concurrency: readonly number[];
  readonly engine: EngineSettings;
  readonly scale: number;
  readonly keep: boolean;
  readonly tablePrefix?: string;
  readonly onEvent?: EngineListener;
  readonly onStatus?: (message: string) => void;
}

export async function runPerformance(run: PerformanceRun): Promise<BenchmarkReport> {
  const status = run.onStatus ?? (() => {});
  const url = parseDatabaseUrl(run.url);
  const poolSize = Math.max(...run.concurrency);
  status(`Connecting to ${url.redacted}`);
  const orm = await openOrmSession(run.url, run.executors, poolSize);
  const warnings: string[] = [];
  const results: CellResult[] = [];
  const models = defineBenchModels(run.tablePrefix ?? DEFAULT_TABLE_PREFIX);
  let seeded = false;
  try {
    const raw = await openRawDriver(url, poolSize);
    try {
      const size = datasetSize(run.scale);
      status(`Creating and seeding ${size.users.toLocaleString('en-US')} users and ${size.posts.toLocaleString('en-US')} posts`);
      seeded = true;
      await seedDataset(models, run.scale);
      await raw.analyze(benchTables(models).map((m) => orm.primary.dialect.quoteIdent(m.meta.tableName)));
      const ctx: BenchContext = { models, facts: datasetFacts(run.scale), raw, db: orm.primary, counter: { value: 100_000_000 } };
      for (const workload of WORKLOADS.filter((w) => run.workloads.includes(w.name))) {
        for (const concurrency of run.concurrency) {
          orm.activate(run.executors[0]!);
          let prepared;
          try {
            prepared = await workload.prepare(ctx);
          } catch (error) {
            warnings.push(`${workload.name} c=${concurrency} skipped: ${redactSecrets((error as Error).message)}`);
            continue;
          }
          const variants: VariantSpec<any>[] = [
            { name: 'raw', ...prepared.raw },
            { name: 'raw_array', ...prepared.rawArray },
            ...run.executors.map((kind) => ({ name: kind, ...prepared.orm, before: () => orm.activate(kind) })),
          ];
          results.push(await runCell({ workload: workload.name, concurrency, rowsPerOp: prepared.rowsPerOp ?? undefined, variants }, run.engine, run.onEvent));
        }
      }
      orm.activate(run.executors[0]!);
      const environment = collectEnvironment({
        database: { dialect: url.dialect, url: url.redacted, serverVersion: await orm.primary.executor.serverVersion(), settings: await raw.settings() },
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
        variants: ['raw', 'raw_array', ...run.executors],
        environment,
        results,
        warnings,
      });
    } finally {
      await raw.close();
    }
  } finally {
    try {
      if (seeded && !run.keep) {
        status('Dropping the benchmark tables');
        await dropDataset(models);
      }
    } finally {
      await orm.close();
    }
  }
}
