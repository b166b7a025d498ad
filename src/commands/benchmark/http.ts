import { Flags } from '@oclif/core';
import { DEFAULT_TABLE_PREFIX } from '../../core/bench/dataset/bench-models.js';
import { ENDPOINTS, MAX_QUERIES, parseEndpoints } from '../../core/bench/http/endpoints.js';
import { benchmarkHttpEndpoints } from '../../core/bench/http/http-endpoints.js';
import { benchmarkHttpTarget } from '../../core/bench/http/http-target.js';
import { executorsOption, parseConcurrency, parsePositive, parseTablePrefix } from '../../core/bench/performance-options.js';
import { UsageError } from '../../core/ground/errors.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { benchmarkUi, exitIfInterrupted } from '../shared/interruptible.js';

export default class BenchmarkHttp extends OxenCommand {
  static override summary = 'Benchmark the ORM behind an HTTP server (or your own running service) with autocannon and write a JSON report.';
  static override description =
    'Without --target: starts a server process on the benchmark dataset with TechEmpower\'s endpoints (json, db, queries, ' +
    'updates, fortunes) for the bare driver (raw) and each executor, and loads them with autocannon from this process, the ' +
    'variants taking turns round by round, every answer checked against the dataset. With --target URL --requests FILE: ' +
    'loads your running service from a JSON array of { "name", "method", "path", "headers", "body", "status" }, every ' +
    'answer\'s status checked. Either way the report has the format of `benchmark performance`, so `benchmark compare` gates ' +
    'on it; the load generator\'s CPU per request is recorded (and, without --target, the server\'s), because on a small ' +
    'machine the two compete for it.';
  static override examples = [
    '<%= config.bin %> benchmark http',
    '<%= config.bin %> benchmark http --url postgres://postgres@127.0.0.1:5432/test --connections 1,16 --duration 3',
    '<%= config.bin %> benchmark http --target http://127.0.0.1:3000 --requests requests.json',
    '<%= config.bin %> benchmark http --target http://127.0.0.1:3000 --requests requests.json --connections 1,50 --duration 10 --output bench-results/api.json',
  ];
  static override flags = {
    url: connectionFlags.url,
    config: connectionFlags.config,
    executor: Flags.string({ description: 'Executors to serve, e.g. js,native (default: js, plus native where built).', helpValue: '<js,native>' }),
    endpoints: Flags.string({ description: `Endpoints to load (default: all: ${ENDPOINTS.join(',')}).`, helpValue: '<a,b>' }),
    queries: Flags.integer({ description: 'n of /queries and /updates.', min: 1, max: MAX_QUERIES, default: 20 }),
    scale: Flags.string({ description: 'Dataset size: 10,000 × scale users, twice as many posts.', default: '1' }),
    keep: Flags.boolean({ description: 'Keep the benchmark tables (and the temporary SQLite file) afterwards.', default: false }),
    target: Flags.string({ description: "Your running service's base URL, loaded instead of Oxen's server (a path in it prefixes every request's).", helpValue: '<url>' }),
    requests: Flags.string({ description: 'With --target: JSON file of the requests to load the service with.', helpValue: '<file>' }),
    connections: Flags.string({ description: 'Connections kept open, as a list: each is a cell of the report.', default: '1,16', helpValue: '<n,n>' }),
    pipelining: Flags.integer({ description: 'Requests each connection keeps in flight.', min: 1, max: 100, default: 1 }),
    duration: Flags.string({ description: 'Measured seconds per request and number of connections.', default: '5', helpValue: '<seconds>' }),
    warmup: Flags.string({ description: 'Warm-up seconds per request and number of connections (default: a fifth of --duration).', helpValue: '<seconds>' }),
    rounds: Flags.integer({ description: 'Rounds the measured time is split into.', min: 1, max: 1000, default: 10 }),
    timeout: Flags.string({ description: 'Seconds after which a request counts as timed out.', default: '10', helpValue: '<seconds>' }),
    output: Flags.string({ description: 'Report file (default bench-results/<date>-http-<dialect>.json, or <date>-http.json with --target).', helpValue: '<file>' }),
    force: Flags.boolean({ description: 'Overwrite --output if it exists.', default: false }),
    // Lets test suites that share a server run side by side; always within the oxen_bench_ namespace.
    'table-prefix': Flags.string({ hidden: true, default: DEFAULT_TABLE_PREFIX }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkHttp);
    const connections = parseConcurrency(flags.connections, 'connections');
    const durationSeconds = parsePositive('duration', flags.duration, 3600);
    const warmupSeconds = flags.warmup === undefined ? undefined : parseWarmup(flags.warmup);
    const timeoutMs = parsePositive('timeout', flags.timeout, 3600) * 1000;
    const engine = { durationSeconds, ...(warmupSeconds !== undefined ? { warmupSeconds } : {}), rounds: flags.rounds, timeoutMs };
    const ui = benchmarkUi(this.renderMode(), this.colorEnabled, 'oxen benchmark http');

    if (flags.target === undefined) {
      if (flags.requests !== undefined) throw new UsageError('USAGE', '--requests goes with --target (your running service); without --target Oxen serves its own endpoints');
      const endpoints = parseEndpoints(flags.endpoints);
      const scale = parsePositive('scale', flags.scale, 100);
      const tablePrefix = parseTablePrefix(flags['table-prefix']);
      const executors = await executorsOption(flags.executor);
      const config = await this.loadConfig({ url: flags.url, config: flags.config });
      await exitIfInterrupted(
        (code) => this.exit(code),
        () =>
          benchmarkHttpEndpoints(
            {
              config,
              executors,
              endpoints,
              queries: flags.queries,
              connections,
              pipelining: flags.pipelining,
              engine,
              scale,
              keep: flags.keep,
              tablePrefix,
              output: flags.output,
              force: flags.force,
              notice: (message) => void process.stderr.write(`${message}\n`),
            },
            ui,
          ),
      );
      return;
    }
    const serverOnly = (['url', 'config', 'executor', 'endpoints', 'keep'] as const).find((f) => this.argv.some((a) => a === `--${f}` || a.startsWith(`--${f}=`)));
    if (serverOnly) throw new UsageError('USAGE', `--${serverOnly} applies to Oxen's own server, not to --target (your running service)`);
    if (flags.requests === undefined) throw new UsageError('USAGE', '--requests FILE is required with --target: a JSON array of { "method", "path", "status" }');

    await exitIfInterrupted(
      (code) => this.exit(code),
      () =>
        benchmarkHttpTarget(
          {
            target: flags.target!,
            requestsFile: flags.requests!,
            connections,
            pipelining: flags.pipelining,
            engine,
            output: flags.output,
            force: flags.force,
          },
          ui,
        ),
    );
  }
}

function parseWarmup(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 3600) throw new UsageError('USAGE', `--warmup must be a number of seconds from 0 to 3600, got "${text}"`);
  return n;
}
