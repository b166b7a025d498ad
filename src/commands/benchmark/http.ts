import { Flags } from '@oclif/core';
import { benchmarkHttpTarget } from '../../core/bench/http/http-target.js';
import { parseConcurrency, parsePositive } from '../../core/bench/performance-options.js';
import { UsageError } from '../../core/ground/errors.js';
import { OxenCommand } from '../base-command.js';
import { benchmarkUi, exitIfInterrupted } from '../shared/interruptible.js';

export default class BenchmarkHttp extends OxenCommand {
  static override summary = 'Load-test a running HTTP service from a request list with autocannon and write a JSON report.';
  static override description =
    'Each request of --requests (a JSON array of { "name", "method", "path", "headers", "body", "status" }) is measured at each ' +
    'number of connections, in rounds, every answer checked against its expected status: another status is an error, not a ' +
    'request per second. The report has the format of `benchmark performance` (workload = request, variant = target), so ' +
    '`benchmark compare` gates on it. The load generator runs in this process; on a small machine it competes with the ' +
    'service for CPU (the report records its CPU per request). Oxen\'s own endpoints (a server backed by each executor) are ' +
    'not built yet: --target is required.';
  static override examples = [
    '<%= config.bin %> benchmark http --target http://127.0.0.1:3000 --requests requests.json',
    '<%= config.bin %> benchmark http --target http://127.0.0.1:3000 --requests requests.json --connections 1,50 --duration 10 --output bench-results/api.json',
  ];
  static override flags = {
    target: Flags.string({ description: "The service's base URL (a path in it prefixes every request's).", helpValue: '<url>' }),
    requests: Flags.string({ description: 'JSON file: the requests to load the service with.', helpValue: '<file>' }),
    connections: Flags.string({ description: 'Connections kept open, as a list: each is a cell of the report.', default: '10', helpValue: '<n,n>' }),
    pipelining: Flags.integer({ description: 'Requests each connection keeps in flight.', min: 1, max: 100, default: 1 }),
    duration: Flags.string({ description: 'Measured seconds per request and number of connections.', default: '5', helpValue: '<seconds>' }),
    warmup: Flags.string({ description: 'Warm-up seconds per request and number of connections (default: a fifth of --duration).', helpValue: '<seconds>' }),
    rounds: Flags.integer({ description: 'Rounds the measured time is split into.', min: 1, max: 1000, default: 10 }),
    timeout: Flags.string({ description: 'Seconds after which a request counts as timed out.', default: '10', helpValue: '<seconds>' }),
    output: Flags.string({ description: 'Report file (default bench-results/<date>-http.json).', helpValue: '<file>' }),
    force: Flags.boolean({ description: 'Overwrite --output if it exists.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkHttp);
    if (flags.target === undefined) {
      throw new UsageError(
        'USAGE',
        "oxen benchmark http needs --target URL and --requests FILE (your running service); Oxen's own endpoints, served by each executor, are not built yet",
      );
    }
    if (flags.requests === undefined) throw new UsageError('USAGE', '--requests FILE is required with --target: a JSON array of { "method", "path", "status" }');
    const connections = parseConcurrency(flags.connections, 'connections');
    const durationSeconds = parsePositive('duration', flags.duration, 3600);
    const warmupSeconds = flags.warmup === undefined ? undefined : parseWarmup(flags.warmup);
    const timeoutMs = parsePositive('timeout', flags.timeout, 3600) * 1000;

    await exitIfInterrupted(
      (code) => this.exit(code),
      () =>
        benchmarkHttpTarget(
          {
            target: flags.target!,
            requestsFile: flags.requests!,
            connections,
            pipelining: flags.pipelining,
            engine: { durationSeconds, ...(warmupSeconds !== undefined ? { warmupSeconds } : {}), rounds: flags.rounds, timeoutMs },
            output: flags.output,
            force: flags.force,
          },
          benchmarkUi(this.renderMode(), this.colorEnabled, 'oxen benchmark http'),
        ),
    );
  }
}

function parseWarmup(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 3600) throw new UsageError('USAGE', `--warmup must be a number of seconds from 0 to 3600, got "${text}"`);
  return n;
}
