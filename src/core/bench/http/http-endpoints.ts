/**
 * `oxen benchmark http` on Oxen's own server: a server process (server/bench-server-main.ts) serves
 * TechEmpower's endpoints on the benchmark dataset for the bare driver (`raw`) and each executor;
 * this process loads them with autocannon, the variants of each endpoint taking turns round by round
 * as in `benchmark performance`, every answer checked against the dataset's generator. The report
 * has both processes' CPU per request. A server that dies ends the run with one line.
 */
import type { ResolvedConfig } from '../../config/resolve-config.js';
import { OxenError } from '../../ground/errors.js';
import type { ExecutorKind } from '../../ground/values.js';
import { benchDatabase, failuresError, reportPath, stoppable } from '../bench-job.js';
import { DEFAULT_TABLE_PREFIX } from '../dataset/bench-models.js';
import { datasetFacts, datasetSize } from '../dataset/dataset.js';
import { runCell, type EngineSettings, type VariantSpec } from '../engine.js';
import { collectEnvironment } from '../environment.js';
import { makeReport } from '../make-report.js';
import { RAW_PACKAGES } from '../raw/open-raw-driver.js';
import type { BenchmarkReport, CellResult } from '../report.js';
import { reportFailures } from '../report-failures.js';
import { writeReport } from '../report-file.js';
import type { ChunkOptions, ChunkOutcome } from '../run-chunk.js';
import { autocannonVersion, runHttpChunk, type HttpLoad } from './autocannon-chunk.js';
import { endpointCheck } from './endpoint-checks.js';
import type { Endpoint } from './endpoints.js';
import type { HttpJobUi } from './http-target.js';
import type { HttpRequestSpec } from './request-list.js';
import { startBenchServer, type BenchServer } from './server-process.js';

/** Each variant's pool, and the bare driver's: three pools on one server must stay under PostgreSQL's 100 connections. */
const MAX_POOL = 16;

export interface HttpEndpointsJob {
  /** The configuration's `default` database, else a temporary SQLite file. */
  readonly config: ResolvedConfig;
  readonly executors: readonly ExecutorKind[];
  readonly endpoints: readonly Endpoint[];
  /** `n` of `/queries` and `/updates`. */
  readonly queries: number;
  readonly connections: readonly number[];
  readonly pipelining: number;
  readonly engine: Omit<EngineSettings, 'signal'>;
  readonly scale: number;
  readonly keep: boolean;
  readonly tablePrefix?: string;
  /** Default: bench-results/<date>-http-<dialect>.json. */
  readonly output: string | undefined;
  readonly force: boolean;
  readonly notice: (message: string) => void;
}

/** The workload name of an endpoint in the report; `n` is part of it, so reports with another `n` do not compare. */
export function endpointWorkload(endpoint: Endpoint, n: number): string {
  return endpoint === 'queries' || endpoint === 'updates' ? `${endpoint}?n=${n}` : endpoint;
}

export async function benchmarkHttpEndpoints(job: HttpEndpointsJob, ui: HttpJobUi): Promise<BenchmarkReport> {
  const database = benchDatabase(job.config, true);
  try {
    const dialect = database.url.dialect;
    const path = reportPath(job.output, `http-${dialect}`, job.force);
    const view = await ui.open(dialect);
    const variants = ['raw', ...job.executors];
    const poolSize = Math.min(MAX_POOL, Math.max(...job.connections) * job.pipelining);
    const report = await stoppable(view, ui, `Interrupted: the benchmark tables were ${job.keep ? 'kept' : 'dropped'} and no report was written`, async (signal) => {
      const engine: EngineSettings = { ...job.engine, signal };
      const size = datasetSize(job.scale);
      view.status(`Starting the benchmark server on ${database.url.redacted} (seeding ${size.users.toLocaleString('en-US')} users)`);
      const server = await startBenchServer({
        url: database.text,
        executors: job.executors,
        tablePrefix: job.tablePrefix ?? DEFAULT_TABLE_PREFIX,
        scale: job.scale,
        poolSize,
        keep: job.keep,
      });
      try {
        view.status(`Benchmark server ${server.pid} serving on 127.0.0.1:${server.port}`);
        const load: HttpLoad = { target: new URL(`http://127.0.0.1:${server.port}`), pipelining: job.pipelining };
        const facts = datasetFacts(job.scale);
        const results: CellResult[] = [];
        for (const endpoint of job.endpoints) {
          const workload = endpointWorkload(endpoint, job.queries);
          const verify = endpointCheck(endpoint, job.queries, facts);
          for (const connections of job.connections) {
            const specs = variants.map((variant) => endpointVariant(variant, { server, load, endpoint, variant, queries: job.queries, verify, cell: `${workload} c=${connections} ${variant}` }));
            results.push(await runCell({ workload, concurrency: connections, variants: specs }, engine, (e) => view.onEvent(e)));
          }
        }
        const environment = collectEnvironment({
          database: { dialect, url: database.url.redacted, serverVersion: server.serverVersion, settings: server.settings },
          executors: job.executors,
          poolSize,
          dataset: size,
          drivers: [RAW_PACKAGES[dialect], 'autocannon'],
        });
        return {
          ...makeReport({
            tool: 'oxen benchmark http',
            settings: engine,
            concurrency: job.connections,
            workloads: job.endpoints.map((e) => endpointWorkload(e, job.queries)),
            variants,
            environment,
            results,
          }),
          http: { target: `http://127.0.0.1:${server.port}/<variant>/<endpoint>`, pipelining: job.pipelining, loadGenerator: autocannonVersion() },
        } satisfies BenchmarkReport;
      } finally {
        view.status(job.keep ? 'Stopping the benchmark server' : 'Stopping the benchmark server and dropping its tables');
        await server.stop();
      }
    });
    writeReport(path, report, job.force);
    await view.finish(report, path);
    if (database.temp && job.keep) job.notice(`Kept the benchmark database ${database.temp.path}`);
    const failure = failuresError(reportFailures(report), path);
    if (failure) throw failure;
    return report;
  } finally {
    if (database.temp && !job.keep) database.temp.remove();
  }
}

export interface EndpointLoad {
  readonly server: BenchServer;
  readonly load: HttpLoad;
  readonly endpoint: Endpoint;
  /** The server's variant whose endpoint is loaded: `raw` or an executor. */
  readonly variant: string;
  readonly queries: number;
  readonly verify: HttpRequestSpec['verify'];
  /** Where a dead server is reported: `<workload> c=<n> <variant>`. */
  readonly cell: string;
}

/** The engine's variant `name` for one endpoint of one server variant: whole autocannon chunks, every answer checked. */
export function endpointVariant(name: string, e: EndpointLoad): VariantSpec<never> {
  const request: HttpRequestSpec = {
    name: endpointWorkload(e.endpoint, e.queries),
    method: 'GET',
    path: `/${e.variant}/${e.endpoint}${e.endpoint === 'queries' || e.endpoint === 'updates' ? `?n=${e.queries}` : ''}`,
    headers: {},
    body: undefined,
    status: 200,
    verify: e.verify,
  };
  return {
    name,
    runChunk: (options) => serverChunk(e.server, e.load, request, options, e.cell),
    run: () => Promise.reject(new Error('HTTP variants run whole chunks')),
    verify: () => undefined,
  };
}

/** One chunk against the server, with the server's CPU time in it; a server that died fails the run. */
async function serverChunk(server: BenchServer, load: HttpLoad, request: HttpRequestSpec, options: ChunkOptions, cell: string): Promise<ChunkOutcome> {
  const before = await server.cpuUs();
  const outcome = await runHttpChunk(load, request, options);
  const death = server.death();
  if (death !== undefined) throw new OxenError('QUERY_FAILED', `the benchmark server ${death}, during ${cell}; no report was written`);
  return { ...outcome, serverCpuUs: (await server.cpuUs()) - before };
}
