/**
 * `oxen benchmark ab` as a service: two builds of Oxen measured side by side in one run, on one
 * database and one dataset, their variants interleaved round by round (each executor's base and
 * head adjacent, which goes first alternating), and judged on paired per-round ratios. With
 * `--processes N` each cell's rounds are split among N pairs of fresh worker processes in turn.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../../config/resolve-config.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { OxenError, UsageError } from '../../ground/errors.js';
import { redactSecrets } from '../../ground/redact.js';
import type { DialectName, ExecutorKind } from '../../ground/values.js';
import { runCell, type EngineListener, type EngineSettings, type VariantSpec } from '../engine.js';
import { collectEnvironment, PACKAGE_ROOT } from '../environment.js';
import { abGate, abVariantName } from '../gate/ab-gate.js';
import type { GateMetric, GateResult } from '../gate/gate-result.js';
import { makeReport } from '../make-report.js';
import { datasetSize } from '../dataset/dataset.js';
import type { BenchmarkReport, BuildSummary, CellResult } from '../report.js';
import { BENCH_TARGET_PROTOCOL, type BenchTargetOptions, type BuildInfo } from './bench-target.js';
import { openInProcess, type BuildHandle, type HandleCell } from './build-handle.js';
import { importTarget, isThisBuild, resolveBuild } from './load-build.js';
import { openInWorker } from './process-handle.js';
import { alternatingOrder, pairOrder } from './pair-order.js';
import { runAbHttp, type AbHttpSettings } from './run-ab-http.js';
import { earlierRunNote, undecidedCells, type EarlierRun, type PlannedCell } from './undecided-cells.js';
import { benchDatabase, reportPath, stoppable, type JobUi, type JobView } from '../bench-job.js';
import { assertReportWritable, readReport, writeReport } from '../report-file.js';

export type Isolation = 'process' | 'in-process';

/** Warm-up seconds per cell and variant when not given: one process per build warms up across the cells it runs. */
export const WARMUP_SECONDS = 0.5;
/**
 * …and with --processes, for every fresh pair: V8 compiles the ORM's hot functions over its first few
 * thousand operations, at 2–3 times the CPU per operation of later, so a pair measured after 0.5 s at
 * c=1 measures the compiler, and a build with more code to compile reads slower than it runs
 * (bench-results/relayering/README.md, "The last two cells").
 */
export const PAIR_WARMUP_SECONDS = 3;

export interface AbRun {
  readonly baseDir: string;
  /** Default: the build this code belongs to. */
  readonly headDir?: string;
  /** May carry a password: only its redacted form goes anywhere. */
  readonly url: DatabaseUrl;
  /** The same URL as given: what each build (loaded here or in a worker process) is handed, as text. */
  readonly urlText: string;
  readonly executors: readonly ExecutorKind[];
  /** Built-in workloads to run; ignored when bench files are given. */
  readonly workloads: readonly string[];
  /**
   * `--undecided`: exactly these cells, each with its own executors, instead of every workload (or
   * bench file's benchmark) at every concurrency with every executor.
   */
  readonly cells?: readonly PlannedCell[];
  /** `--undecided`: the report the cells come from, named in the notes with whether its builds were these. */
  readonly earlier?: EarlierRun;
  /** Relative paths point into each build's checkout (base's copy of the file for base). */
  readonly benchFiles?: readonly string[];
  readonly concurrency: readonly number[];
  readonly engine: EngineSettings;
  readonly scale: number;
  readonly tablePrefix: string;
  readonly isolation: Isolation;
  /**
   * With process isolation: the pairs of fresh worker processes (one per build) each cell's rounds are
   * split among, one after the other; each pair is one sample of the gate. Default 1: one process per
   * build for the whole run, and the gate's samples are its rounds.
   */
  readonly processes?: number;
  readonly threshold: number;
  readonly metric: Exclude<GateMetric, 'share'>;
  readonly onEvent?: EngineListener;
  readonly onStatus?: (message: string) => void;
}

export interface AbOutcome {
  readonly report: BenchmarkReport;
  readonly gate: GateResult;
}

// Disjoint ranges for the values each build writes, so neither rewrites a row with the value it has.
const COUNTER_START = { base: 200_000_000, head: 100_000_000 } as const;
/** `--processes`: the values each fresh worker writes lie in a block of their own, past both ranges above. */
const SPAWN_COUNTER_START = 300_000_000;
const SPAWN_COUNTER_BLOCK = 1_000_000;
/** The written values are ages: a 32-bit INTEGER column. */
const COUNTER_CEILING = 2_147_483_647;

export async function runAb(run: AbRun): Promise<AbOutcome> {
  const status = run.onStatus ?? (() => {});
  const url = run.url;
  const baseDirs = resolveBuild(run.baseDir, 'base');
  const headDirs = run.headDir !== undefined ? resolveBuild(run.headDir, 'head') : { project: process.cwd(), oxen: PACKAGE_ROOT };
  const baseRoot = baseDirs.oxen;
  const headRoot = run.headDir !== undefined ? headDirs.oxen : undefined;
  const poolSize = Math.max(...run.concurrency);
  const common = { url: run.urlText, executors: run.executors, poolSize, scale: run.scale, tablePrefix: run.tablePrefix };
  // A bench file new in head has no counterpart in base: its benchmarks are reported as new, not compared.
  const filesOf = (label: 'base' | 'head'): { benchFiles?: readonly string[] } => {
    if (!run.benchFiles) return {};
    const files = run.benchFiles.map((f) => resolve(label === 'base' ? baseDirs.project : headDirs.project, f));
    return { benchFiles: label === 'base' ? files.filter((f) => existsSync(f)) : files };
  };

  status(`Loading base (${baseRoot}) and head (${headRoot ?? 'this build'}), ${run.isolation === 'process' ? 'each in a worker process' : 'both in this process'}`);
  const cellCount = run.cells?.length ?? run.workloads.length * run.concurrency.length;
  const spawnsPerBuild = cellCount * (run.processes ?? 1);
  if (run.processes !== undefined && run.processes > 1 && SPAWN_COUNTER_START + 2 * spawnsPerBuild * SPAWN_COUNTER_BLOCK > COUNTER_CEILING) {
    throw new UsageError('USAGE', `--processes ${run.processes} over ${cellCount} cells starts more worker processes than the benchmark's written values can keep apart: give fewer`);
  }
  /** `spawn`: the fresh worker's number under --processes, which picks its block of written values. */
  const open = (label: 'base' | 'head', spawn?: number): Promise<BuildHandle> => {
    const counterStart = spawn === undefined ? COUNTER_START[label] : SPAWN_COUNTER_START + (2 * spawn + (label === 'base' ? 1 : 0)) * SPAWN_COUNTER_BLOCK;
    return openBuild(label === 'head' ? headRoot : baseRoot, label, { ...common, ...filesOf(label), counterStart }, run.isolation);
  };
  const writerRoot = headRoot ?? PACKAGE_ROOT;
  const writerOptions: BenchTargetOptions = { ...common, executors: ['js'], counterStart: COUNTER_START.head };
  let seeded = false;
  if (!run.benchFiles) {
    // The dataset is written by a process of its own. Written by one of the builds in this process,
    // that build measured 4–11% slower on SQLite's bulk_insert at concurrency 16 in A/A runs, fresh
    // connections or not: its bulkCreate had also seen the users' and posts' shapes while seeding,
    // which the other build's had not (V8's type feedback is per build loaded).
    status(`Connecting to ${url.redacted} and setting up the dataset`);
    seeded = true;
    await withWorker(writerRoot, writerOptions, (writer) => writer.setup()).catch(async (error: unknown) => {
      await withWorker(writerRoot, writerOptions, (writer) => writer.teardown()).catch(() => {});
      throw error;
    });
  }
  let head: BuildHandle | undefined;
  let base: BuildHandle | undefined;
  try {
    head = await open('head');
    base = await open('base');
    const failures: string[] = [];
    const notes: string[] = [];
    if (base.info.root === head.info.root) notes.push('base and head are the same build: this is an A/A run');
    if (run.earlier) notes.push(earlierRunNote(run.earlier, { base: summary(base.info), head: summary(head.info) }));
    compareExecutors(run.executors, base.info, head.info, failures, notes);
    if (run.benchFiles) {
      // Each build runs the suite's setup, so state the benchmarks capture in it exists in both; head first.
      seeded = true;
      await head.setup();
      await base.setup();
    }
    const results: CellResult[] = [];
    const processes = run.processes ?? 1;
    if (processes > 1 && processes % 2 === 1) notes.push(`--processes ${processes} is odd: base's worker leads in one pair more than head's (an even number balances them)`);
    let spawns = 0;
    const done = new Set<string>();
    for (const { workload, concurrency: requested, executors } of cellPlan(run, workloadsOf(run, base, head, failures, notes))) {
      if (processes > 1) {
        // Built-in workloads only (bench files are refused with --processes): the concurrency is the one asked for.
        if (done.has(`${workload} ${requested}`)) continue;
        done.add(`${workload} ${requested}`);
        run.engine.signal?.throwIfAborted();
        const fresh = (): Promise<ProcessPair | undefined> => openProcessPair(open, spawns++, executors, workload, requested, failures);
        const cell = await runInProcessPairs(fresh, processes, workload, requested, run, failures);
        if (cell) results.push(cell);
        continue;
      }
      const cells = await prepareBoth(base, head, workload, requested, failures);
      if (!cells) continue;
      // A bench file may fix its own concurrency: run it once, whatever was asked.
      const concurrency = cells.head.concurrency ?? requested;
      if (done.has(`${workload} ${concurrency}`)) continue;
      done.add(`${workload} ${concurrency}`);
      const variants = pairedVariants(executors, cells.base, cells.head);
      if (variants.length === 0) continue;
      run.engine.signal?.throwIfAborted();
      const rowsPerOp = cells.head.rowsPerOp ?? undefined;
      results.push(await runCell({ workload, concurrency, ...(rowsPerOp !== undefined ? { rowsPerOp } : {}), variants, baseline: 'none', order: pairOrder(variants.length / 2) }, run.engine, run.onEvent));
    }

    const environment = collectEnvironment({
      database: { dialect: url.dialect, url: url.redacted, serverVersion: await head.serverVersion(), settings: {} },
      executors: run.executors,
      poolSize,
      dataset: run.benchFiles ? {} : datasetSize(run.scale),
      drivers: [],
    });
    const report: BenchmarkReport = {
      ...makeReport({
        tool: 'oxen benchmark ab',
        settings: run.engine,
        concurrency: run.concurrency,
        workloads: [...new Set(results.map((c) => c.workload))],
        variants: [...new Set(results.flatMap((c) => c.variants.map((v) => v.variant)))],
        environment,
        results,
        warnings: [...failures, ...notes],
      }),
      builds: { base: summary(base.info), head: summary(head.info) },
    };
    const gate = abGate(results, {
      metric: run.metric,
      threshold: run.threshold,
      base: side('base', base.info),
      head: side('head', head.info),
      failures,
      notes,
    });
    return { report, gate };
  } finally {
    try {
      if (run.benchFiles && seeded && head) {
        status('Running the bench files\' teardown');
        await head.teardown();
      }
    } finally {
      await Promise.allSettled([head?.close(), base?.close()]);
      if (!run.benchFiles && seeded) {
        status('Dropping the benchmark tables');
        await withWorker(writerRoot, writerOptions, (writer) => writer.teardown());
      }
    }
  }
}

interface ProcessPair {
  readonly rowsPerOp: number | null;
  readonly variants: readonly VariantSpec<unknown>[];
  close(): Promise<void>;
}

/**
 * One cell on `processes` fresh pairs of worker processes, one pair after the other; undefined (and a
 * failure) when the first pair could not prepare it.
 */
async function runInProcessPairs(
  fresh: () => Promise<ProcessPair | undefined>,
  processes: number,
  workload: string,
  concurrency: number,
  run: AbRun,
  failures: string[],
): Promise<CellResult | undefined> {
  const first = await fresh();
  if (!first) return undefined;
  if (first.variants.length === 0) {
    await first.close();
    return undefined;
  }
  const names = first.variants.map((v) => v.name).join();
  const generations = {
    count: processes,
    async open(g: number): Promise<ProcessPair> {
      if (g === 0) return first;
      const pair = await fresh();
      if (!pair) throw new OxenError('QUERY_FAILED', failures.at(-1)!);
      if (pair.variants.map((v) => v.name).join() !== names) {
        await pair.close();
        throw new OxenError('INTERNAL', `${workload} c=${concurrency}: worker pair ${g + 1} opened other executors than the first`);
      }
      return pair;
    },
  };
  const rowsPerOp = first.rowsPerOp ?? undefined;
  const spec = { workload, concurrency, ...(rowsPerOp !== undefined ? { rowsPerOp } : {}), variants: first.variants, baseline: 'none', order: alternatingOrder(first.variants.length / 2), generations };
  return runCell(spec, run.engine, run.onEvent);
}

/** A fresh worker process for each build with the cell prepared in both; undefined (and a failure) when either could not prepare it. */
async function openProcessPair(
  open: (label: 'base' | 'head', spawn: number) => Promise<BuildHandle>,
  spawn: number,
  executors: readonly ExecutorKind[],
  workload: string,
  concurrency: number,
  failures: string[],
): Promise<ProcessPair | undefined> {
  const handles: BuildHandle[] = [];
  const close = async (): Promise<void> => void (await Promise.allSettled(handles.map((h) => h.close())));
  try {
    // Which build is opened and prepared first alternates from pair to pair (counterbalanced), so
    // whatever starting first gains or loses (the server's caches, where the kernel puts a process)
    // falls on both builds alike.
    const order = spawn % 2 === 0 ? (['head', 'base'] as const) : (['base', 'head'] as const);
    const opened: Partial<Record<'base' | 'head', BuildHandle>> = {};
    for (const label of order) {
      const handle = await open(label, spawn);
      handles.push(handle);
      opened[label] = handle;
    }
    const cells = await prepareBoth(opened.base!, opened.head!, workload, concurrency, failures, order);
    if (!cells) {
      await close();
      return undefined;
    }
    return { rowsPerOp: cells.head.rowsPerOp, variants: pairedVariants(executors, cells.base, cells.head), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function withWorker(root: string, options: BenchTargetOptions, fn: (build: BuildHandle) => Promise<void>): Promise<void> {
  const build = await openInWorker(root, BENCH_TARGET_PROTOCOL, options, 'dataset');
  try {
    await fn(build);
  } finally {
    await build.close();
  }
}

async function openBuild(root: string | undefined, label: 'base' | 'head', options: BenchTargetOptions, isolation: Isolation): Promise<BuildHandle> {
  if (isolation === 'process') {
    return openInWorker(root ?? PACKAGE_ROOT, BENCH_TARGET_PROTOCOL, options, label);
  }
  const mod = root === undefined || isThisBuild(root) ? await import('./bench-target.js') : await importTarget(root, label, BENCH_TARGET_PROTOCOL);
  return openInProcess(mod, options);
}

function compareExecutors(asked: readonly ExecutorKind[], base: BuildInfo, head: BuildInfo, failures: string[], notes: string[]): void {
  for (const kind of asked) {
    const inBase = base.executors.includes(kind);
    const inHead = head.executors.includes(kind);
    if (inBase && !inHead) failures.push(`executor ${kind} loaded in base but not in head: ${head.unavailable[kind] ?? 'unknown reason'}`);
    else if (!inBase && inHead) notes.push(`executor ${kind} is not available in base (${base.unavailable[kind] ?? 'unknown reason'}): not compared`);
    else if (!inBase && !inHead) failures.push(`executor ${kind} is available in neither build: ${head.unavailable[kind] ?? 'unknown reason'}`);
  }
}

/** The cells to run in order: `run.cells` where both builds have the workload, else every workload at every concurrency. */
function cellPlan(run: AbRun, workloads: readonly string[]): PlannedCell[] {
  if (run.cells) return run.cells.filter((c) => workloads.includes(c.workload));
  return workloads.flatMap((workload) => run.concurrency.map((concurrency) => ({ workload, concurrency, executors: run.executors })));
}

function workloadsOf(run: AbRun, base: BuildHandle, head: BuildHandle, failures: string[], notes: string[]): string[] {
  const wanted = run.benchFiles ? [...new Set([...base.workloads, ...head.workloads])] : run.workloads;
  return wanted.filter((w) => {
    const inBase = base.workloads.includes(w);
    const inHead = head.workloads.includes(w);
    if (inBase && !inHead) failures.push(`workload ${w}: in base, missing in head`);
    if (!inBase && inHead) notes.push(`workload ${w} is new in head: not compared`);
    return inBase && inHead;
  });
}

async function prepareBoth(
  base: BuildHandle,
  head: BuildHandle,
  workload: string,
  concurrency: number,
  failures: string[],
  order: readonly ('base' | 'head')[] = ['head', 'base'],
): Promise<{ base: HandleCell; head: HandleCell } | undefined> {
  const prepared: Partial<Record<'base' | 'head', HandleCell>> = {};
  const builds = { base, head };
  for (const label of order) {
    try {
      prepared[label] = await builds[label].prepare(workload, concurrency);
    } catch (error) {
      failures.push(`${workload} c=${concurrency}: ${label} could not prepare it: ${redactSecrets((error as Error).message)}`);
      return undefined;
    }
  }
  return { base: prepared.base!, head: prepared.head! };
}

function pairedVariants(executors: readonly ExecutorKind[], base: HandleCell, head: HandleCell): VariantSpec<unknown>[] {
  return executors.flatMap((kind) => {
    const b = base.variants[kind];
    const h = head.variants[kind];
    if (!b || !h) return [];
    return [
      { ...b, name: abVariantName('base', kind) },
      { ...h, name: abVariantName('head', kind) },
    ];
  });
}

function summary(info: BuildInfo): BuildSummary {
  return { root: info.root, oxenVersion: info.oxenVersion, commit: info.commit, dirty: info.dirty, executors: [...info.executors] };
}

function side(label: 'base' | 'head', info: BuildInfo): { label: string; commit: string | null; dirty: boolean | null } {
  return { label, commit: info.commit, dirty: info.dirty };
}

/** The command's run: its flags, and what the command alone decides (the report files). */
export interface AbJob extends Omit<AbRun, 'url' | 'urlText' | 'engine' | 'onEvent' | 'onStatus'> {
  /** The configuration: its `default` database, else (without bench files) a temporary SQLite file. */
  readonly config: ResolvedConfig;
  readonly engine: Omit<EngineSettings, 'signal'>;
  /** Default: bench-results/<date>-<dialect>-ab.json. */
  readonly output: string | undefined;
  readonly force: boolean;
  /** Another file the command writes afterwards (--markdown), checked before the run too. */
  readonly alsoWrites?: string;
  /** `--http`: the builds' benchmark servers' endpoints instead of the workloads (`concurrency` is then connections). */
  readonly http?: AbHttpSettings;
  /** `--undecided`: an earlier ab report whose inconclusive cells are the only ones run (its executors, workloads and concurrencies). */
  readonly undecidedFrom?: string;
}

/** `--undecided`: the earlier report's inconclusive cells, and the executors, workloads and concurrencies they span. */
function planFrom(path: string, asked: Pick<AbJob, 'metric' | 'threshold' | 'benchFiles'>, dialect: DialectName): Pick<AbRun, 'cells' | 'earlier' | 'executors' | 'workloads' | 'concurrency'> {
  const { cells, earlier } = undecidedCells(path, readReport(path), { metric: asked.metric, threshold: asked.threshold }, dialect, asked.benchFiles !== undefined);
  return {
    cells,
    earlier,
    executors: [...new Set(cells.flatMap((c) => c.executors))],
    workloads: [...new Set(cells.map((c) => c.workload))],
    concurrency: [...new Set(cells.map((c) => c.concurrency))].sort((a, b) => a - b),
  };
}

/** A view `ab` closes after the run: the command prints the verdict itself. */
export interface AbView extends JobView {
  close(): void;
}

/**
 * `oxen benchmark ab`: checks the report files before anything runs, runs, closes the view and
 * writes the report; the command shows the verdict. Interrupted (`ui.interruptible`), it rejects with
 * RunInterrupted once the tables are dropped, with no report written.
 */
export async function benchmarkAb(job: AbJob, ui: JobUi<AbView>): Promise<AbOutcome & { readonly path: string }> {
  const { config, output, force, alsoWrites, http, undecidedFrom, ...asked } = job;
  const database = benchDatabase(config, !job.benchFiles);
  try {
    const settings = undecidedFrom === undefined ? asked : { ...asked, ...planFrom(undecidedFrom, asked, database.url.dialect) };
    const path = reportPath(output, `${database.url.dialect}-ab`, force);
    if (alsoWrites !== undefined) assertReportWritable(alsoWrites, true);
    const view = await ui.open(database.url.dialect);
    const outcome = await stoppable(view, ui, 'Interrupted: the benchmark tables were dropped and no report was written', (signal) => {
      const common = {
        url: database.url,
        urlText: database.text,
        engine: { ...job.engine, signal },
        onEvent: (e: Parameters<EngineListener>[0]) => view.onEvent(e),
        onStatus: (m: string) => view.status(m),
      };
      if (!http) return runAb({ ...settings, ...common });
      const { baseDir, headDir, executors, concurrency, scale, tablePrefix, threshold, metric, processes } = settings;
      return runAbHttp({
        baseDir,
        ...(headDir !== undefined ? { headDir } : {}),
        ...(processes !== undefined ? { processes } : {}),
        executors,
        connections: concurrency,
        scale,
        tablePrefix,
        threshold,
        metric,
        ...http,
        ...common,
      });
    });
    view.close();
    writeReport(path, outcome.report, force);
    return { ...outcome, path };
  } finally {
    database.temp?.remove();
  }
}
