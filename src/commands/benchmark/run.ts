import { Args, Flags } from '@oclif/core';
import { executorsOption, parseConcurrency, parsePositive } from '../../core/bench/performance-options.js';
import { benchmarkBenchFiles } from '../../core/bench/user-bench/run-bench-files.js';
import { DEFAULT_DURATION_SECONDS } from '../../core/bench/user-bench/suite-settings.js';
import { UsageError } from '../../core/ground/errors.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { benchmarkUi, exitIfInterrupted } from '../shared/interruptible.js';

export default class BenchmarkRun extends OxenCommand {
  static override summary = 'Run your own benchmark files (BenchmarkSuite) on each executor and write a JSON report.';
  static override description =
    'Each file (*.bench.ts, .mts, .js or .mjs; TypeScript is compiled at run time) default-exports a BenchmarkSuite from ' +
    "'oxen-orm' with your models and queries. Every suite's setup runs once, then each benchmark on each executor, " +
    'interleaved round by round, then its teardown. Without files, every *.bench.* file under the working directory runs ' +
    '(node_modules, dist and .git skipped). The database is --url, OXEN_DATABASE_URL or the config file, else ./oxen.sqlite. ' +
    'Flags override the suite options. The report goes to --output or bench-results/<date>-<dialect>-run.json; ' +
    'any failed operation or wrong result exits 1.';
  static override examples = [
    '<%= config.bin %> benchmark run',
    '<%= config.bin %> benchmark run bench/users.bench.ts --url postgres://postgres@127.0.0.1:5432/app --duration 2',
    '<%= config.bin %> benchmark run bench/*.bench.ts --executor js,native --output report.json',
  ];
  static override strict = false;
  static override args = {
    files: Args.string({ description: 'Benchmark files (default: every *.bench.{ts,js,mts,mjs} under the working directory).' }),
  };
  static override flags = {
    url: connectionFlags.url,
    config: connectionFlags.config,
    executor: Flags.string({ description: 'ORM executors to measure, e.g. js,native (default: js, plus native where built).', helpValue: '<js,native>' }),
    iterations: Flags.integer({ description: 'Measured operations per benchmark, concurrency and executor.', min: 1, exclusive: ['duration'] }),
    duration: Flags.string({ description: `Measured seconds per benchmark, concurrency and executor (default: the suite's, else ${DEFAULT_DURATION_SECONDS}).`, helpValue: '<seconds>' }),
    warmup: Flags.integer({ description: "Warm-up operations per executor (default: the suite's, else a fraction of the measured phase).", min: 0 }),
    rounds: Flags.integer({ description: "Rounds the measured phase is split into, executors taking turns (default: the suite's, else 10).", min: 1, max: 1000 }),
    concurrency: Flags.string({ description: "Operations in flight, as a list (default: the suite's, else 1).", helpValue: '<n,n>' }),
    timeout: Flags.string({ description: "Seconds after which an operation counts as timed out (default: the suite's, else 30).", helpValue: '<seconds>' }),
    output: Flags.string({ description: 'Report file (default bench-results/<date>-<dialect>-run.json).', helpValue: '<file>' }),
    force: Flags.boolean({ description: 'Overwrite --output if it exists.', default: false }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(BenchmarkRun);
    const given = argv as string[];
    const unknown = given.find((a) => a.startsWith('-'));
    if (unknown !== undefined) throw new UsageError('USAGE', `unknown flag ${unknown}: see oxen benchmark run --help`);
    const concurrency = flags.concurrency === undefined ? undefined : parseConcurrency(flags.concurrency);
    const durationSeconds = flags.duration === undefined ? undefined : parsePositive('duration', flags.duration, 3600);
    const timeoutMs = flags.timeout === undefined ? undefined : parsePositive('timeout', flags.timeout, 3600) * 1000;
    const executors = await executorsOption(flags.executor);
    const config = await this.loadConfig({ url: flags.url, config: flags.config });

    // Ctrl+C stops at the next chunk, so the teardowns still run and no partial report is written.
    await exitIfInterrupted(
      (code) => this.exit(code),
      () =>
        benchmarkBenchFiles(
          {
            config,
            files: given,
            executors,
            overrides: { iterations: flags.iterations, durationSeconds, warmup: flags.warmup, rounds: flags.rounds, timeoutMs, concurrency },
            output: flags.output,
            force: flags.force,
          },
          benchmarkUi(this.renderMode(), this.colorEnabled, 'oxen benchmark run'),
        ),
    );
  }
}
