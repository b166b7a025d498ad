import { Flags } from '@oclif/core';
import { parseConcurrency, parseExecutors, parsePositive, parseWorkloads } from '../../core/bench/performance-options.js';
import { assertReportWritable, defaultReportPath, writeReport } from '../../core/bench/report-file.js';
import { reportFailures } from '../../core/bench/report-failures.js';
import { runPerformance } from '../../core/bench/run-performance.js';
import { createTempSqlite, type TempSqlite } from '../../core/bench/temp-sqlite.js';
import { parseDatabaseUrl } from '../../core/ground/parse-url.js';
import { DEFAULT_TABLE_PREFIX } from '../../core/bench/dataset/bench-models.js';
import { OxenError, UsageError } from '../../core/ground/errors.js';
import { loadNative } from '../../core/executor/create-executor.js';
import type { ExecutorKind } from '../../core/ground/values.js';
import { createBenchmarkView } from '../../ui/bench/benchmark-view.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { runInterruptibly } from '../shared/interruptible.js';

export default class BenchmarkPerformance extends OxenCommand {
  static override summary = 'Benchmark the ORM against the bare database driver and write a JSON report.';
  static override description =
    'Creates its own oxen_bench_* tables, seeds them deterministically, and runs each workload through the ORM and ' +
    'through the bare driver (raw) on the same SQL, interleaved in one process, at each concurrency. Without --url it ' +
    'uses a temporary SQLite file. The report goes to --output or bench-results/<date>-<dialect>.json.';
  static override examples = [
    '<%= config.bin %> benchmark performance',
    '<%= config.bin %> benchmark performance --url postgres://postgres@127.0.0.1:5432/test --duration 2',
    '<%= config.bin %> benchmark performance --workloads simple_select,filter_limit --concurrency 1,16 --executor js,native',
  ];
  static override flags = {
    url: connectionFlags.url,
    config: connectionFlags.config,
    iterations: Flags.integer({ description: 'Measured operations per workload, concurrency and variant.', min: 1, exclusive: ['duration'] }),
    duration: Flags.string({ description: 'Measured seconds per workload, concurrency and variant (default 0.5).', helpValue: '<seconds>' }),
    warmup: Flags.integer({ description: 'Warm-up operations per variant (default: a fifth of the measured time).', min: 0 }),
    concurrency: Flags.string({ description: 'Operations in flight, as a list.', default: '1,16', helpValue: '<n,n>' }),
    workloads: Flags.string({ description: 'Workloads to run (default: all).', helpValue: '<a,b>' }),
    executor: Flags.string({ description: 'ORM executors to measure, e.g. js,native (default: js, plus native where built).', helpValue: '<js,native>' }),
    scale: Flags.string({ description: 'Dataset size: 10,000 × scale users, twice as many posts.', default: '1' }),
    rounds: Flags.integer({ description: 'Rounds the measured phase is split into, variants taking turns.', min: 1, max: 1000, default: 10 }),
    timeout: Flags.string({ description: 'Seconds after which an operation counts as timed out.', default: '30', helpValue: '<seconds>' }),
    output: Flags.string({ description: 'Report file (default bench-results/<date>-<dialect>.json).', helpValue: '<file>' }),
    force: Flags.boolean({ description: 'Overwrite --output if it exists.', default: false }),
    keep: Flags.boolean({ description: 'Keep the benchmark tables (and the temporary SQLite file) afterwards.', default: false }),
    // Lets test suites that share a server run side by side; always within the oxen_bench_ namespace.
    'table-prefix': Flags.string({ hidden: true, default: DEFAULT_TABLE_PREFIX }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkPerformance);
    const concurrency = parseConcurrency(flags.concurrency);
    const workloads = parseWorkloads(flags.workloads);
    const scale = parsePositive('scale', flags.scale, 100);
    const timeoutMs = parsePositive('timeout', flags.timeout, 3600) * 1000;
    const durationSeconds = flags.iterations === undefined ? parsePositive('duration', flags.duration ?? '0.5', 3600) : undefined;
    if (!/^oxen_bench_[a-z0-9_]*$/.test(flags['table-prefix'])) throw new UsageError('USAGE', '--table-prefix must start with oxen_bench_ and use only a-z, 0-9 and _');
    const executors = flags.executor === undefined ? await defaultExecutors() : parseExecutors(flags.executor);
    const resolved = await this.loadConfig({ url: flags.url, config: flags.config });
    const temp: TempSqlite | undefined = resolved.sources.databases.default === 'default' ? createTempSqlite() : undefined;
    try {
      const url = temp?.url ?? resolved.config.databases.default!;
      const dialect = parseDatabaseUrl(url).dialect;
      const output = flags.output ?? defaultReportPath('bench-results', dialect);
      assertReportWritable(output, flags.force);

      const view = await createBenchmarkView(this.renderMode(), { title: `oxen benchmark performance · ${dialect}`, color: this.renderMode() === 'ink' && this.colorEnabled });
      // Ctrl+C stops at the next chunk, so the tables are still dropped and no partial report is written.
      const report = await runInterruptibly(view, `Interrupted: the benchmark tables were ${flags.keep ? 'kept' : 'dropped'} and no report was written`, (code) => this.exit(code), (signal) =>
        runPerformance({
          url,
          executors,
          workloads,
          concurrency,
          scale,
          keep: flags.keep,
          tablePrefix: flags['table-prefix'],
          engine: { iterations: flags.iterations, durationSeconds, warmup: flags.warmup, rounds: flags.rounds, timeoutMs, signal },
          onEvent: (e) => view.onEvent(e),
          onStatus: (m) => view.status(m),
        }),
      );
      writeReport(output, report, flags.force);
      await view.finish(report, output);
      if (temp && flags.keep) process.stderr.write(`Kept the benchmark database ${temp.path}\n`);
      const failures = reportFailures(report);
      if (failures.length > 0) throw new OxenError('QUERY_FAILED', `the benchmark had failures (${failures.join('; ')}); see ${output}`);
    } finally {
      if (temp && !flags.keep) temp.remove();
    }
  }
}

async function defaultExecutors(): Promise<ExecutorKind[]> {
  const native = await loadNative();
  return native?.isNativeAvailable() === true ? ['js', 'native'] : ['js'];
}
