import { Flags } from '@oclif/core';
import { executorsOption, parseConcurrency, parsePositive, parseTablePrefix, parseWorkloads, parseViaUrl } from '../../core/bench/performance-options.js';
import { benchmarkPerformance } from '../../core/bench/run-performance.js';
import { DEFAULT_TABLE_PREFIX } from '../../core/bench/dataset/bench-models.js';
import { parsePeers, PEER_NAMES } from '../../core/bench/peers/peer-list.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { benchmarkUi, exitIfInterrupted } from '../shared/interruptible.js';

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
    '<%= config.bin %> benchmark performance --peers drizzle,kysely,knex',
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
    exporter: Flags.boolean({ description: 'Also measure each executor with the app metrics exporter listening (variants js+exporter, native+exporter).', default: false }),
    peers: Flags.string({
      description: `Also measure these ORMs, loaded from this project's node_modules, on the same tables and workloads (${PEER_NAMES.join(', ')}, or all).`,
      helpValue: '<a,b>',
    }),
    replica: Flags.string({
      description: 'A read replica of --url (repeatable): each executor is also measured with its reads routed to the replicas (variants js+replicas, native+replicas).',
      helpValue: '<url>',
      multiple: true,
    }),
    via: Flags.string({
      description: 'Another URL to the same database, e.g. PgBouncer: each executor is also measured through it (variants js+via, native+via).',
      helpValue: '<url>',
    }),
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
    const tablePrefix = parseTablePrefix(flags['table-prefix']);
    const executors = await executorsOption(flags.executor);
    const peers = parsePeers(flags.peers);
    const config = await this.loadConfig({ url: flags.url, config: flags.config, replica: flags.replica });
    const via = flags.via === undefined ? undefined : parseViaUrl(flags.via);

    // Ctrl+C stops at the next chunk, so the tables are still dropped and no partial report is written.
    await exitIfInterrupted(
      (code) => this.exit(code),
      () =>
        benchmarkPerformance(
          {
            config,
            executors,
            workloads,
            concurrency,
            scale,
            keep: flags.keep,
            exporter: flags.exporter,
            peers,
            via,
            tablePrefix,
            engine: { iterations: flags.iterations, durationSeconds, warmup: flags.warmup, rounds: flags.rounds, timeoutMs },
            output: flags.output,
            force: flags.force,
            notice: (message) => void process.stderr.write(`${message}\n`),
          },
          benchmarkUi(this.renderMode(), this.colorEnabled, 'oxen benchmark performance'),
        ),
    );
  }
}
