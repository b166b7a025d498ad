import { Args, Flags } from '@oclif/core';
import { benchmarkAb, PAIR_WARMUP_SECONDS, WARMUP_SECONDS, type Isolation } from '../../core/bench/ab/run-ab.js';
import type { AbHttpSettings } from '../../core/bench/ab/run-ab-http.js';
import { ENDPOINTS, MAX_QUERIES, parseEndpoints } from '../../core/bench/http/endpoints.js';
import { DEFAULT_TABLE_PREFIX } from '../../core/bench/dataset/bench-models.js';
import type { GateResult } from '../../core/bench/gate/gate-result.js';
import { parseThreshold } from '../../core/bench/parse-threshold.js';
import { executorsOption, parseConcurrency, parsePositive, parseTablePrefix, parseWorkloads } from '../../core/bench/performance-options.js';
import { UsageError } from '../../core/ground/errors.js';
import { renderGateTable } from '../../ui/bench/gate-table.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { exitFor, writeMarkdown } from '../shared/gate-output.js';
import { benchmarkUi, exitIfInterrupted } from '../shared/interruptible.js';

export default class BenchmarkAb extends OxenCommand {
  static override summary = 'Gate a change: benchmark two builds side by side in one run and judge head against base.';
  static override description =
    'Loads two builds (two checkouts of Oxen, or of a project using it, with their dependencies installed; head defaults to this one) and runs the same ' +
    'workloads — the nine built-in ones, or your own bench files — on both, on one database and dataset, interleaved round by ' +
    'round so drift of the machine falls on both alike. Each cell is judged on the paired per-round ratios head/base: "no change" ' +
    'only when the whole 95% interval lies within ±threshold, "regression" only when it lies past it after Holm\'s correction for ' +
    'the number of cells, "not slower" when it rules a regression out but reaches past +threshold. A cell missing in head, a failed operation or an executor that no longer loads fails the gate. ' +
    'Exits 0 (no regression), 3 (regression or failure), 4 (inconclusive: rerun with a longer --duration, or rerun only the undecided cells with --undecided), 1 (could not run), 2 (bad usage).';
  static override examples = [
    '<%= config.bin %> benchmark ab --base ../base',
    '<%= config.bin %> benchmark ab --base ../base --url postgres://postgres@127.0.0.1:5432/bench --markdown bench.md',
    '<%= config.bin %> benchmark ab --base ../base bench/users.bench.ts',
    '<%= config.bin %> benchmark ab --base ../base --isolation process --processes 6 --duration 6 --rounds 60',
    '<%= config.bin %> benchmark ab --base ../base --isolation process --processes 6 --duration 6 --rounds 60 --undecided bench-results/2026-12-01-postgres-ab.json',
    '<%= config.bin %> benchmark ab --base ../base --http --endpoints db,queries --concurrency 1,16',
  ];
  static override strict = false;
  static override args = { files: Args.string({ description: 'Bench files (*.bench.ts / .js) to gate instead of the built-in workloads.' }) };
  static override flags = {
    base: Flags.string({ description: 'The build to compare against: a checkout (of Oxen, or of a project using it) with `npm ci` run in it.', required: true, helpValue: '<dir>' }),
    head: Flags.string({ description: 'The build under test (default: the working directory with this Oxen).', helpValue: '<dir>' }),
    url: connectionFlags.url,
    config: connectionFlags.config,
    executor: Flags.string({ description: 'Executors to compare, e.g. js,native (default: js, plus native where head built it).', helpValue: '<js,native>' }),
    workloads: Flags.string({ description: 'Built-in workloads to run (default: all).', helpValue: '<a,b>' }),
    concurrency: Flags.string({ description: 'Operations in flight, as a list.', default: '1,16', helpValue: '<n,n>' }),
    duration: Flags.string({ description: 'Measured seconds per workload, concurrency and variant.', default: '1', helpValue: '<seconds>' }),
    warmup: Flags.string({
      description: `Warm-up seconds per workload, concurrency and variant, interleaved like the rounds; with --processes, for every pair of fresh processes (default ${WARMUP_SECONDS}, or ${PAIR_WARMUP_SECONDS} with --processes).`,
      helpValue: '<seconds>',
    }),
    rounds: Flags.integer({ description: 'Rounds the measured phase is split into; each gives one paired ratio.', min: 5, max: 1000, default: 20 }),
    scale: Flags.string({ description: 'Dataset size: 10,000 × scale users, twice as many posts.', default: '1' }),
    timeout: Flags.string({ description: 'Seconds after which an operation counts as timed out.', default: '30', helpValue: '<seconds>' }),
    threshold: Flags.string({ description: 'Smallest change that counts, in percent.', default: '5%' }),
    metric: Flags.string({ description: 'The metric that gates.', options: ['ops', 'p50', 'p95', 'p99'], default: 'ops' }),
    isolation: Flags.string({ description: 'Load both builds into this process, or run each in a worker process.', options: ['in-process', 'process'], default: 'in-process' }),
    processes: Flags.integer({
      description:
        'With --isolation process (or --http): split each cell\'s rounds among this many pairs of fresh worker processes (with --http, of fresh server processes), one pair after the other, and judge on the pairs\' means, so a process that runs fast or slow for its whole life counts as noise, not as a change (default 1: one process per build for the whole run).',
      min: 1,
      max: 200,
      helpValue: '<n>',
    }),
    output: Flags.string({ description: 'Report file (default bench-results/<date>-<dialect>-ab.json).', helpValue: '<file>' }),
    force: Flags.boolean({ description: 'Overwrite --output if it exists.', default: false }),
    markdown: Flags.string({ description: 'Also write the verdict as Markdown for a PR comment (and append it to $GITHUB_STEP_SUMMARY).', helpValue: '<file>' }),
    http: Flags.boolean({ description: "Gate `benchmark http`'s endpoints instead: each build serves each variant from a server process of its own; --concurrency is then connections.", default: false }),
    endpoints: Flags.string({ description: `With --http: endpoints to load (default: all: ${ENDPOINTS.join(',')}).`, helpValue: '<a,b>' }),
    queries: Flags.integer({ description: 'With --http: n of /queries and /updates (default 20).', min: 1, max: MAX_QUERIES }),
    pipelining: Flags.integer({ description: 'With --http: requests each connection keeps in flight (default 1).', min: 1, max: 100 }),
    undecided: Flags.string({
      description: 'Run only the cells this earlier ab report left inconclusive (judged at this run\'s --threshold and --metric), with this run\'s settings: its executors, workloads and concurrencies, on the same database (and the same bench files, if it gated some). A report that convicted a cell is refused.',
      helpValue: '<report.json>',
    }),
    'table-prefix': Flags.string({ hidden: true, default: DEFAULT_TABLE_PREFIX }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(BenchmarkAb);
    const benchFiles = (argv as string[]).length > 0 ? (argv as string[]) : undefined;
    if (benchFiles && flags.workloads !== undefined) throw new UsageError('USAGE', '--workloads picks built-in workloads: give it or bench files, not both');
    const http = this.httpSettings(flags, benchFiles !== undefined);
    if (flags.undecided !== undefined) this.checkUndecided(http !== undefined);
    const concurrency = parseConcurrency(flags.concurrency);
    const workloads = parseWorkloads(flags.workloads);
    const scale = parsePositive('scale', flags.scale, 100);
    const timeoutMs = parsePositive('timeout', flags.timeout, 3600) * 1000;
    const durationSeconds = parsePositive('duration', flags.duration, 3600);
    const threshold = parseThreshold(flags.threshold);
    const tablePrefix = parseTablePrefix(flags['table-prefix']);
    const processes = this.processesOption(flags, benchFiles !== undefined, http !== undefined);
    const warmupSeconds = flags.warmup !== undefined ? parsePositive('warmup', flags.warmup, 3600) : processes > 1 ? PAIR_WARMUP_SECONDS : WARMUP_SECONDS;
    const executors = await executorsOption(flags.executor);
    const config = await this.loadConfig({ url: flags.url, config: flags.config });
    const mode = this.renderMode();

    const outcome = await exitIfInterrupted(
      (code) => this.exit(code),
      () =>
        benchmarkAb(
          {
            config,
            baseDir: flags.base,
            ...(flags.head !== undefined ? { headDir: flags.head } : {}),
            executors,
            workloads,
            ...(benchFiles ? { benchFiles } : {}),
            concurrency,
            scale,
            tablePrefix,
            isolation: flags.isolation as Isolation,
            ...(processes > 1 ? { processes } : {}),
            threshold,
            metric: flags.metric as 'ops' | 'p50' | 'p95' | 'p99',
            engine: { durationSeconds, warmupSeconds, rounds: flags.rounds, timeoutMs },
            output: flags.output,
            force: flags.force,
            ...(flags.markdown !== undefined ? { alsoWrites: flags.markdown } : {}),
            ...(http ? { http } : {}),
            ...(flags.undecided !== undefined ? { undecidedFrom: flags.undecided } : {}),
          },
          benchmarkUi(mode, this.colorEnabled, 'oxen benchmark ab'),
        ),
    );
    this.show(outcome.gate, mode);
    process.stderr.write(`Report written to ${outcome.path}\n`);
    if (flags.markdown !== undefined) writeMarkdown(flags.markdown, outcome.gate);
    exitFor(outcome.gate, mode === 'json', (code) => this.exit(code));
  }

  /** `--http`'s settings, or undefined without it; the flags of one mode given in the other are refused. */
  private httpSettings(flags: { http: boolean; endpoints?: string; queries?: number; pipelining?: number; workloads?: string; isolation: string }, benchFiles: boolean): AbHttpSettings | undefined {
    if (!flags.http) {
      const httpOnly = (['endpoints', 'queries', 'pipelining'] as const).find((f) => flags[f] !== undefined);
      if (httpOnly) throw new UsageError('USAGE', `--${httpOnly} goes with --http (gating the benchmark server's endpoints)`);
      return undefined;
    }
    if (benchFiles) throw new UsageError('USAGE', '--http gates the benchmark server\'s endpoints: give it or bench files, not both');
    if (flags.workloads !== undefined) throw new UsageError('USAGE', '--workloads picks built-in workloads; with --http pick --endpoints');
    if (this.argv.some((a) => a === '--isolation' || a.startsWith('--isolation='))) throw new UsageError('USAGE', '--isolation does not apply to --http: each build always serves from a process of its own');
    return { endpoints: parseEndpoints(flags.endpoints), queries: flags.queries ?? 20, pipelining: flags.pipelining ?? 1 };
  }

  /** `--undecided` takes the cells from the earlier report: the flags that pick cells are refused beside it. */
  private checkUndecided(http: boolean): void {
    if (http) throw new UsageError('USAGE', '--undecided reruns cells of workloads or bench files: give it or --http, not both');
    const picker = ['--workloads', '--executor', '--concurrency'].find((f) => this.argv.some((a) => a === f || a.startsWith(`${f}=`)));
    if (picker) throw new UsageError('USAGE', `--undecided takes the cells from the earlier report: give it or ${picker}, not both`);
  }

  /** `--processes`, checked against the flags it needs: process isolation or --http, the built-in workloads, two rounds per pair. */
  private processesOption(flags: { processes?: number; isolation: string; rounds: number }, benchFiles: boolean, http: boolean): number {
    if (flags.processes === undefined) return 1;
    if (benchFiles) throw new UsageError('USAGE', '--processes applies to the built-in workloads: bench files run their setup once, in one process per build');
    if (!http && flags.isolation !== 'process') throw new UsageError('USAGE', '--processes starts worker processes: give it with --isolation process');
    if (flags.rounds < 2 * flags.processes) throw new UsageError('USAGE', `--processes ${flags.processes} needs --rounds ${2 * flags.processes} or more (two rounds per pair of processes at least)`);
    return flags.processes;
  }

  private show(gate: GateResult, mode: string): void {
    if (mode === 'json') this.printJson(gate);
    else this.print(renderGateTable(gate, { color: mode === 'ink' && this.colorEnabled, verbose: this.verbose }));
  }
}
