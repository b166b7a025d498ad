/**
 * `oxen benchmark run` as a service: connect once per executor, then for each loaded file run its
 * suite's setup, each benchmark as a cell whose variants are the executors (interleaved round by
 * round, each made the `default` database before its turn, so the user's code runs unchanged), and
 * its teardown, even after a failure. A failed setup skips the file with a warning; the report says so.
 */
import { basename } from 'node:path';
import { parseDatabaseUrl } from '../../ground/parse-url.js';
import { redactSecrets } from '../../ground/redact.js';
import type { ExecutorKind } from '../../ground/values.js';
import { benchmarkOperation } from '../benchmark-suite.js';
import { runCell, type EngineListener, type VariantSpec } from '../engine.js';
import { collectEnvironment } from '../environment.js';
import { makeReport } from '../make-report.js';
import { openOrmSession } from '../orm-session.js';
import { openRawDriver, RAW_PACKAGES } from '../raw/open-raw-driver.js';
import type { BenchmarkReport, CellResult } from '../report.js';
import { benchWorkloadName, benchWorkloadNames } from './bench-workload-name.js';
import type { LoadedBenchFile } from './load-bench-files.js';
import { suiteSettings, type BenchOverrides } from './suite-settings.js';

export interface BenchFilesRun {
  /** May carry a password: it is parsed here and only its redacted form goes anywhere. */
  readonly url: string;
  readonly files: readonly LoadedBenchFile[];
  readonly executors: readonly ExecutorKind[];
  /** The flags given; what is absent comes from each suite's options. */
  readonly overrides: BenchOverrides;
  readonly onEvent?: EngineListener;
  readonly onStatus?: (message: string) => void;
}

export async function runBenchFiles(run: BenchFilesRun): Promise<BenchmarkReport> {
  const status = run.onStatus ?? (() => {});
  const url = parseDatabaseUrl(run.url);
  const workloads = benchWorkloadNames(run.files);
  const plans = run.files.map((f) => ({ ...f, name: basename(f.file), settings: suiteSettings(f.suite.options ?? {}, run.overrides) }));
  const concurrency = [...new Set(plans.flatMap((p) => p.settings.concurrency))].sort((a, b) => a - b);
  const poolSize = Math.max(...concurrency);
  const first = run.executors[0]!;
  const warnings: string[] = [];
  const results: CellResult[] = [];
  const failure = (error: unknown): string => redactSecrets(error instanceof Error ? error.message : String(error));

  status(`Connecting to ${url.redacted}`);
  const orm = await openOrmSession(run.url, run.executors, poolSize);
  try {
    for (const plan of plans) {
      orm.activate(first);
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
            const variants: VariantSpec[] = run.executors.map((kind) => ({ name: kind, ...operation, before: () => orm.activate(kind) }));
            results.push(await runCell({ workload: benchWorkloadName(plan.file, entry.name), concurrency: c, variants }, plan.settings.engine, run.onEvent));
          }
        }
      } finally {
        orm.activate(first);
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
    await orm.close();
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
