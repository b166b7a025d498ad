/**
 * What `oxen benchmark performance`, `run` and `ab` share around a run: the database (the configured
 * one, or a temporary SQLite file that lives as long as the run), the report file (checked before
 * the run, written after, never replacing a file without `force`), stopping on an abort signal
 * (Ctrl+C: the run cleans up, no report is written), and the error a run with failures leaves with.
 * The commands keep only what belongs to the terminal: the renderer, the SIGINT listener, the exit code.
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import { OxenError } from '../ground/errors.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../ground/parse-url.js';
import type { DialectName } from '../ground/values.js';
import type { EngineListener } from './engine.js';
import type { BenchmarkReport } from './report.js';
import { assertReportWritable, defaultReportPath } from './report-file.js';
import { createTempSqlite, type TempSqlite } from './temp-sqlite.js';

/** How a command shows a run: made once the dialect is known (a BenchmarkView fits). */
export interface JobView {
  status(message: string): void;
  onEvent: EngineListener;
  /** The run failed or was stopped: leave the terminal clean before anything else is written. */
  abort(): void;
}

/** A view that shows the finished report (performance, run). */
export interface ReportView extends JobView {
  finish(report: BenchmarkReport, path: string | undefined): Promise<void>;
}

export interface JobUi<V extends JobView> {
  /** Makes the view, once the database is known and the report file checked. */
  open(dialect: DialectName): Promise<V>;
  /**
   * Runs the run itself (not the checks before it, nor the report after it) with a signal the user
   * can abort (the CLI: Ctrl+C, listened for only meanwhile). Aborted, the run stops at its next
   * chunk, cleans up, and the job rejects with RunInterrupted. Absent: the run cannot be stopped.
   */
  interruptible?<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** A run its signal stopped: it cleaned up after itself and wrote no report; `message` says so. */
export class RunInterrupted extends Error {
  override readonly name = 'RunInterrupted';
}

/** The database a run uses, parsed once; `text` is the URL as given, for what must be handed a string (another build, a worker process). */
export interface BenchDatabase {
  readonly url: DatabaseUrl;
  readonly text: string;
  /** The temporary SQLite file in use, when nothing was configured. */
  readonly temp: TempSqlite | undefined;
}

/**
 * The configuration's `default` database; or, with `temporary` and nothing configured, a fresh
 * temporary SQLite file, which the caller removes (`temp.remove()`) when the run is over.
 */
export function benchDatabase(resolved: ResolvedConfig, temporary: boolean): BenchDatabase {
  if (!temporary || resolved.sources.databases.default !== 'default') {
    return { url: resolved.urls.default!, text: resolved.config.databases.default!, temp: undefined };
  }
  const temp = createTempSqlite();
  try {
    return { url: parseDatabaseUrl(temp.url), text: temp.url, temp };
  } catch (error) {
    temp.remove();
    throw error;
  }
}

/** The report file: `output`, or bench-results/<date>-<name>.json; fails now if it could not be written later. */
export function reportPath(output: string | undefined, name: string, force: boolean): string {
  const path = output ?? defaultReportPath('bench-results', name);
  assertReportWritable(path, force);
  return path;
}

/**
 * Runs `work` through `ui.interruptible`. When it fails the view is aborted first; a failure after
 * the signal was aborted (the engine stopped at a chunk, the run cleaned up) becomes RunInterrupted(message).
 */
export async function stoppable<T>(view: JobView, ui: JobUi<JobView>, message: string, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  let signal: AbortSignal | undefined;
  try {
    if (!ui.interruptible) return await work(undefined);
    return await ui.interruptible((given) => {
      signal = given;
      return work(given);
    });
  } catch (error) {
    view.abort();
    if (signal?.aborted !== true) throw error;
    throw new RunInterrupted(message, { cause: error });
  }
}

/** The error a finished run leaves with when it had failures (its report is written, at `path`). */
export function failuresError(failures: readonly string[], path: string): OxenError | undefined {
  if (failures.length === 0) return undefined;
  return new OxenError('QUERY_FAILED', `the benchmark had failures (${failures.join('; ')}); see ${path}`);
}
