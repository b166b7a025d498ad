/**
 * `oxen benchmark run` as a service. `runBenchFiles`: connect once per executor, then for each loaded
 * file run its suite's setup, each benchmark as a cell whose variants are the executors (interleaved
 * round by round, each the `default` database in its turn, so the user's code runs unchanged: see
 * user-default.ts), and its teardown, even after a failure. A failed setup skips the file with a
 * warning; the report says so. `benchmarkBenchFiles`: the whole command around it.
 */
import { basename } from 'node:path';
import type { ResolvedConfig } from '../../config/resolve-config.js';
import { UsageError } from '../../ground/errors.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { redactSecrets } from '../../ground/redact.js';
import type { ExecutorKind } from '../../ground/values.js';
import { benchmarkOperation } from '../benchmark-suite.js';
import { runCell, type EngineListener, type VariantSpec } from '../engine.js';
import { collectEnvironment } from '../environment.js';
import { makeReport } from '../make-report.js';
import { openOrmSession } from '../orm-session.js';
import { openRawDriver, RAW_PACKAGES } from '../raw/open-raw-driver.js';
import type { BenchmarkReport, CellResult } from '../report.js';
import { benchDatabase, failuresError, reportPath, stoppable, type JobUi, type ReportView } from '../bench-job.js';
import { reportFailures } from '../report-failures.js';
import { writeReport } from '../report-file.js';
import { benchWorkloadName, benchWorkloadNames } from './bench-workload-name.js';
import { findBenchFiles } from './find-bench-files.js';
import { loadBenchFiles, type LoadedBenchFile } from './load-bench-files.js';
import { suiteSettings, type BenchOverrides } from './suite-settings.js';
import { userDefault } from './user-default.js';

export interface BenchFilesRun {
  /** May carry a password: only its redacted form goes anywhere. */
  readonly url: DatabaseUrl;
  readonly files: readonly LoadedBenchFile[];
  readonly executors: readonly ExecutorKind[];
  /** The flags given; what is absent comes from each suite's options. */
  readonly overrides: BenchOverrides;
  readonly onEvent?: EngineListener;
  readonly onStatus?: (message: string) => void;
}

export async function runBenchFiles(run: BenchFilesRun): Promise<BenchmarkReport> {
  const status = run.onStatus ?? (() => {});
  const url = run.url;
  const workloads = benchWorkloadNames(run.files);
  const plans = run.files.map((f) => ({ ...f, name: basename(f.file), settings: suiteSettings(f.suite.options ?? {}, run.overrides) }));
  const concurrency = [...new Set(plans.flatMap((p) => p.settings.concurrency))].sort((a, b) => a - b);
  const poolSize = Math.max(...concurrency);
  const first = run.executors[0]!;
  const warnings: string[] = [];
  const results: CellResult[] = [];
  const failure = (error: unknown): string => redactSecrets(error instanceof Error ? error.message : String(error));

  status(`Connecting to ${url.redacted}`);
  const orm = await openOrmSession(url, run.executors, poolSize);
  const defaults = userDefault(orm, run.executors);
  try {
    for (const plan of plans) {
      defaults.use(first);
      status(`${plan.name}: setup`);
      try {
        await plan.suite.runSetup();
      } catch (error) {
        warnings.push(`${plan.name} skipped: setup failed: ${failure(error)}`);
        await teardown(plan.name, plan.suite, warnings);
        continue;
      }
      try {
        for (const entry of plan.suite.list()) {
          const operation = benchmarkOperation(entry);
          for (const c of plan.settings.concurrency) {
            const variants: VariantSpec[] = run.executors.map((kind) => ({ name: kind, ...operation, before: defaults.beforeVariant(kind) }));
            results.push(await runCell({ workload: benchWorkloadName(plan.file, entry.name), concurrency: c, variants }, plan.settings.engine, run.onEvent));
          }
        }
      } finally {
        defaults.use(first);
        status(`${plan.name}: teardown`);
        await teardown(plan.name, plan.suite, warnings);
      }
    }
    const differing = new Set(plans.map((p) => JSON.stringify({ ...p.settings.engine, signal: undefined })));
    if (differing.size > 1) warnings.push('the files ran with different settings (their own BenchmarkSuite options); settings shows the first file’s');
    const raw = await openRawDriver(url, 1);
    let settings: Record<string, string>;
    try {
      settings = await raw.settings();
    } finally {
      await raw.close();
    }
    const environment = collectEnvironment({
      database: { dialect: url.dialect, url: url.redacted, serverVersion: await orm.primary.executor.serverVersion(), settings },
      executors: run.executors,
      poolSize,
      dataset: {},
      drivers: [RAW_PACKAGES[url.dialect]],
    });
    return makeReport({
      tool: 'BenchmarkSuite',
      settings: plans[0]!.settings.engine,
      concurrency,
      workloads,
      variants: run.executors,
      environment,
      results,
      warnings,
    });
  } finally {
    try {
      await orm.close();
    } finally {
      await defaults.release();
    }
  }
}

async function teardown(name: string, suite: LoadedBenchFile['suite'], warnings: string[]): Promise<void> {
  try {
    await suite.runTeardown();
  } catch (error) {
    warnings.push(`${name} teardown failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
  }
}

/** What went wrong beyond failed operations and skipped files: teardowns that failed. */
export function teardownFailures(report: BenchmarkReport): string[] {
  return report.warnings.filter((w) => w.includes(' teardown failed: '));
}

/** The command's run: its flags, and what the command alone decides (the files, the report file). */
export interface BenchFilesJob extends Omit<BenchFilesRun, 'url' | 'files' | 'overrides' | 'onEvent' | 'onStatus'> {
  /** The configuration: its `default` database (./oxen.sqlite when none is configured). */
  readonly config: ResolvedConfig;
  /** The files named; none: every *.bench.* file under the working directory. */
  readonly files: readonly string[];
  readonly overrides: Omit<BenchOverrides, 'signal'>;
  /** Default: bench-results/<date>-<dialect>-run.json. */
  readonly output: string | undefined;
  readonly force: boolean;
}

/**
 * `oxen benchmark run`: checks the report file and loads the bench files before anything runs, runs
 * them, writes the report, shows it, and throws QUERY_FAILED on failed operations, skipped files or
 * failed teardowns. Interrupted (`ui.interruptible`), it rejects with RunInterrupted once the teardowns ran.
 */
export async function benchmarkBenchFiles(job: BenchFilesJob, ui: JobUi<ReportView>): Promise<BenchmarkReport> {
  const database = benchDatabase(job.config, false);
  const dialect = database.url.dialect;
  const path = reportPath(job.output, `${dialect}-run`, job.force);

  const paths = job.files.length > 0 ? job.files : findBenchFiles(process.cwd());
  if (paths.length === 0) throw new UsageError('USAGE', 'no benchmark files: name them (oxen benchmark run bench/users.bench.ts) or add *.bench.ts files under this directory');
  const files = await loadBenchFiles(paths);

  const view = await ui.open(dialect);
  const report = await stoppable(view, ui, 'Interrupted: the teardowns ran and no report was written', (signal) =>
    runBenchFiles({
      url: database.url,
      files,
      executors: job.executors,
      overrides: { ...job.overrides, signal },
      onEvent: (e) => view.onEvent(e),
      onStatus: (m) => view.status(m),
    }),
  );
  writeReport(path, report, job.force);
  await view.finish(report, path);
  const failure = failuresError([...reportFailures(report), ...teardownFailures(report)], path);
  if (failure) throw failure;
  return report;
}
