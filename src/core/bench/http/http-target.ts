/**
 * `oxen benchmark http --target URL --requests FILE` as a service: the user's own running service
 * loaded with autocannon from a request list, each request a workload measured at each number of
 * connections, in interleaved rounds, every answer's status checked; the same report, view and gate
 * as `benchmark performance`. The load generator runs in this process, the service in its own, so
 * the report's CPU per request is the load generator's.
 */
import { OxenError, UsageError } from '../../ground/errors.js';
import { redactSecrets, redactUrl } from '../../ground/redact.js';
import { failuresError, reportPath, stoppable, type JobUi, type ReportView } from '../bench-job.js';
import { runCell, type EngineSettings, type VariantSpec } from '../engine.js';
import { collectEnvironment } from '../environment.js';
import { makeReport } from '../make-report.js';
import type { BenchmarkReport, CellResult } from '../report.js';
import { reportFailures } from '../report-failures.js';
import { writeReport } from '../report-file.js';
import { autocannonVersion, basicAuth, runHttpChunk, type HttpLoad } from './autocannon-chunk.js';
import { loadRequestList, type HttpRequestSpec } from './request-list.js';

/** The one variant of a target run: the service as it is. */
export const TARGET_VARIANT = 'target';
/** How long the reachability check waits for each request's first answer. */
const PROBE_TIMEOUT_MS = 10_000;

export interface HttpTargetJob {
  /** The service's base URL as given (it may carry credentials: only its redacted form is shown or written). */
  readonly target: string;
  readonly requestsFile: string;
  /** Connections kept open, as a list: each is a cell's concurrency. */
  readonly connections: readonly number[];
  readonly pipelining: number;
  readonly engine: Omit<EngineSettings, 'signal'>;
  /** Default: bench-results/<date>-http.json. */
  readonly output: string | undefined;
  readonly force: boolean;
}

/** A view is opened with its title's subject: the target's host. */
export type HttpJobUi = Omit<JobUi<ReportView>, 'open'> & { open(subject: string): Promise<ReportView> };

export async function benchmarkHttpTarget(job: HttpTargetJob, ui: HttpJobUi): Promise<BenchmarkReport> {
  const target = parseTarget(job.target);
  const requests = loadRequestList(job.requestsFile);
  const path = reportPath(job.output, 'http', job.force);
  const load: HttpLoad = { target, pipelining: job.pipelining };
  await probe(target, requests);

  const view = await ui.open(target.host);
  const report = await stoppable(view, ui, 'Interrupted: no report was written', async (signal) => {
    const engine: EngineSettings = { ...job.engine, signal };
    const results: CellResult[] = [];
    for (const request of requests) {
      for (const connections of job.connections) {
        const variant: VariantSpec<never> = {
          name: TARGET_VARIANT,
          runChunk: (options) => runHttpChunk(load, request, options),
          run: () => Promise.reject(new Error('HTTP variants run whole chunks')),
          verify: () => undefined,
        };
        results.push(await runCell({ workload: request.name, concurrency: connections, variants: [variant] }, engine, (e) => view.onEvent(e)));
      }
    }
    return {
      ...makeReport({
        tool: 'oxen benchmark http',
        settings: engine,
        concurrency: job.connections,
        workloads: requests.map((r) => r.name),
        variants: [TARGET_VARIANT],
        environment: collectEnvironment({ database: null, executors: [], poolSize: null, dataset: {}, drivers: ['autocannon'] }),
        results,
      }),
      http: { target: redactUrl(target.href), pipelining: job.pipelining, loadGenerator: autocannonVersion() },
    } satisfies BenchmarkReport;
  });
  writeReport(path, report, job.force);
  await view.finish(report, path);
  const failure = failuresError(reportFailures(report), path);
  if (failure) throw failure;
  return report;
}

function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError('USAGE', `--target ${redactUrl(text)} is not a URL; give the service's base URL, e.g. http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('USAGE', `--target ${redactUrl(text)}: only http:// and https:// services can be loaded`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError('USAGE', `--target ${redactUrl(text)}: give the base URL only; put query strings in the requests' "path"`);
  }
  return url;
}

/**
 * One request of each kind before any load, so an address nobody answers on fails in a second with one
 * line rather than after a run full of connection errors. A wrong status is not refused here: it is
 * measured, and the run fails with it in the report.
 */
async function probe(target: URL, requests: readonly HttpRequestSpec[]): Promise<void> {
  const base = target.pathname.replace(/\/+$/, '');
  for (const request of requests) {
    const url = new URL(base + request.path, target.origin);
    const headers = { ...basicAuth(target), ...request.headers };
    try {
      const response = await fetch(url, { method: request.method, headers, body: request.body, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await response.arrayBuffer();
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = (error as Error).name === 'TimeoutError' ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new OxenError('CONNECTION_FAILED', `cannot reach ${redactUrl(target.href)} (${request.method} ${request.path}): ${redactSecrets(why)} — is the service running at that address?`);
    }
  }
}
