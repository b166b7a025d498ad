/**
 * `oxen benchmark ab --http`: two builds' benchmark servers (`benchmark http`'s), loaded endpoint by
 * endpoint with each server variant's base and head adjacent in every round, and judged like `ab` on
 * the paired per-round ratios. The bare driver's endpoints (`raw`) are judged too: their code is the
 * same in both builds only when the server around them is, so a change there shows a change of the
 * server, not of the ORM.
 *
 * Each build serves each variant from a process of its own, on its own copy of the dataset. With one
 * server per build, a head whose ORM endpoints cost twice the CPU made its `raw` endpoint read 3–24%
 * slower too, idle time between chunks or not, and the bare driver was convicted with the ORM (on
 * SQLite, 2026-12-02). `ab`'s database workers, one per build, showed no such spill: native read
 * −6% to +8% beside a js twice as slow.
 *
 * With `processes` (`--processes N`), each cell's rounds are split among N pairs of server sets, one
 * after the other, and judged on the pairs' means, as `ab --processes` does with its workers: a server
 * process can run 15–20% fast or slow for its whole life (A/A runs of identical code on SQLite,
 * 2026-12-02), which rounds served by that one process cannot average out. Every pair is fresh
 * processes serving the tables the first servers seeded; those stay idle meanwhile (holding a
 * connection or two each, not a busy pool's), and drop the tables at the end.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { OxenError, UsageError } from '../../ground/errors.js';
import type { ExecutorKind } from '../../ground/values.js';
import { datasetFacts, datasetSize } from '../dataset/dataset.js';
import { runCell, type EngineListener, type EngineSettings, type VariantSpec } from '../engine.js';
import { collectEnvironment, gitState, PACKAGE_ROOT } from '../environment.js';
import { abGate, abVariantName } from '../gate/ab-gate.js';
import type { GateMetric, GateResult } from '../gate/gate-result.js';
import { autocannonVersion, type HttpLoad } from '../http/autocannon-chunk.js';
import { endpointCheck } from '../http/endpoint-checks.js';
import type { Endpoint } from '../http/endpoints.js';
import { endpointVariant, endpointWorkload } from '../http/http-endpoints.js';
import { SERVER_MODULE, startBenchServer, type BenchServer } from '../http/server-process.js';
import { makeReport } from '../make-report.js';
import { RAW_PACKAGES } from '../raw/open-raw-driver.js';
import type { BenchmarkReport, BuildSummary, CellResult } from '../report.js';
import { resolveBuild } from './load-build.js';
import { pairOrder } from './pair-order.js';

/**
 * Each server's pools (raw and its executor's) stay this small: its idle pool holds a connection or
 * two, its busy one up to this, and all the servers (two per variant) share PostgreSQL's 100.
 */
const MAX_POOL = 8;

export interface AbHttpRun {
  readonly baseDir: string;
  /** Default: the build this code belongs to. */
  readonly headDir?: string;
  /** May carry a password: only its redacted form goes anywhere. */
  readonly url: DatabaseUrl;
  /** The same URL as given: what each server process is handed, over IPC. */
  readonly urlText: string;
  readonly executors: readonly ExecutorKind[];
  readonly endpoints: readonly Endpoint[];
  readonly queries: number;
  readonly connections: readonly number[];
  readonly pipelining: number;
  readonly engine: EngineSettings;
  readonly scale: number;
  readonly tablePrefix: string;
  readonly threshold: number;
  readonly metric: Exclude<GateMetric, 'share'>;
  /** Pairs of server sets each cell's rounds are split among (default 1: the first servers serve them all). */
  readonly processes?: number;
  readonly onEvent?: EngineListener;
  readonly onStatus?: (message: string) => void;
}

/** What `ab --http` adds to an `ab` job: the endpoints and how they are loaded. */
export interface AbHttpSettings {
  readonly endpoints: readonly Endpoint[];
  readonly queries: number;
  readonly pipelining: number;
}

type Side = 'base' | 'head';

export async function runAbHttp(run: AbHttpRun): Promise<{ readonly report: BenchmarkReport; readonly gate: GateResult }> {
  const status = run.onStatus ?? (() => {});
  const roots: Record<Side, string> = {
    base: serverRoot(resolveBuild(run.baseDir, 'base').oxen, 'base'),
    head: run.headDir !== undefined ? serverRoot(resolveBuild(run.headDir, 'head').oxen, 'head') : realpathSync(PACKAGE_ROOT),
  };
  const poolSize = Math.min(MAX_POOL, Math.max(...run.connections) * run.pipelining);
  const kinds = ['raw', ...run.executors] as const;
  const servers = new Map<string, BenchServer>();
  const serverOf = (side: Side, kind: string): BenchServer => servers.get(`${side}:${kind}`)!;
  /** One server per build and variant; with `pair`, fresh processes serving the tables the first ones seeded. */
  const startServers = async (into: Map<string, BenchServer>, pair?: number): Promise<void> => {
    const attach = pair !== undefined;
    for (const kind of kinds) {
      for (const side of ['head', 'base'] as const) {
        status(`Starting ${side}'s benchmark server for ${kind}${attach ? ` (pair ${pair + 1})` : ''} (${roots[side]}) on ${run.url.redacted}`);
        const server = await startBenchServer(
          // Each variant's servers have a copy of the dataset of their own, so /updates of one never touches another's rows.
          // The raw variant's server still opens the ORM (a build's server always does) to seed with it.
          {
            url: run.urlText,
            executors: kind === 'raw' ? [run.executors[0]!] : [kind],
            tablePrefix: `${run.tablePrefix}${side}_${kind}_`,
            scale: run.scale,
            poolSize,
            // A build older than `attach` seeds the tables again instead: `keep` stops it dropping them.
            keep: attach,
            ...(attach ? { attach } : {}),
          },
          join(roots[side], SERVER_MODULE),
        ).catch((error: unknown) => {
          throw error instanceof OxenError ? new OxenError(error.code, `${side} (${roots[side]}): ${error.message}`) : error;
        });
        into.set(`${side}:${kind}`, server);
      }
    }
  };
  const processes = run.processes ?? 1;
  try {
    await startServers(servers);
    const head = serverOf('head', 'raw');
    const notes = roots.base === roots.head ? ['base and head are the same build: this is an A/A run'] : [];
    const facts = datasetFacts(run.scale);
    const results: CellResult[] = [];
    for (const endpoint of run.endpoints) {
      const workload = endpointWorkload(endpoint, run.queries);
      const verify = endpointCheck(endpoint, run.queries, facts);
      for (const connections of run.connections) {
        const variantsOf = (of: (side: Side, kind: string) => BenchServer): VariantSpec<never>[] =>
          kinds.flatMap((kind) =>
            (['base', 'head'] as const).map((side) => {
              const server = of(side, kind);
              const load: HttpLoad = { target: new URL(`http://127.0.0.1:${server.port}`), pipelining: run.pipelining };
              const name = abVariantName(side, kind);
              return endpointVariant(name, { server, load, endpoint, variant: kind, queries: run.queries, verify, cell: `${workload} c=${connections} ${name}` });
            }),
          );
        const variants = variantsOf(serverOf);
        const generations = {
          count: processes,
          async open(pair: number) {
            const fresh = new Map<string, BenchServer>();
            const close = async (): Promise<void> => void (await Promise.allSettled([...fresh.values()].map((server) => server.stop())));
            try {
              await startServers(fresh, pair);
            } catch (error) {
              await close();
              throw error;
            }
            return { variants: variantsOf((side, kind) => fresh.get(`${side}:${kind}`)!), close };
          },
        };
        run.engine.signal?.throwIfAborted();
        const spec = { workload, concurrency: connections, variants, baseline: 'none', order: pairOrder(kinds.length), ...(processes > 1 ? { generations } : {}) };
        results.push(await runCell(spec, run.engine, run.onEvent));
      }
    }
    const builds = { base: buildSummary(roots.base, run.executors), head: buildSummary(roots.head, run.executors) };
    const environment = collectEnvironment({
      database: { dialect: run.url.dialect, url: run.url.redacted, serverVersion: head.serverVersion, settings: head.settings },
      executors: run.executors,
      poolSize,
      dataset: datasetSize(run.scale),
      drivers: [RAW_PACKAGES[run.url.dialect], 'autocannon'],
    });
    const report: BenchmarkReport = {
      ...makeReport({
        tool: 'oxen benchmark ab',
        settings: run.engine,
        concurrency: run.connections,
        workloads: run.endpoints.map((e) => endpointWorkload(e, run.queries)),
        variants: kinds.flatMap((k) => [abVariantName('base', k), abVariantName('head', k)]),
        environment,
        results,
        warnings: notes,
      }),
      builds,
      http: { target: 'http://127.0.0.1:<port of the server of each build and variant>/<variant>/<endpoint>', pipelining: run.pipelining, loadGenerator: autocannonVersion() },
    };
    const gate = abGate(results, {
      metric: run.metric,
      threshold: run.threshold,
      base: { label: 'base', commit: builds.base.commit, dirty: builds.base.dirty },
      head: { label: 'head', commit: builds.head.commit, dirty: builds.head.dirty },
      failures: [],
      notes,
    });
    return { report, gate };
  } finally {
    status('Stopping the benchmark servers and dropping their tables');
    await Promise.allSettled([...servers.values()].map((server) => server.stop()));
  }
}

/** A build's package root, once it is known to hold `benchmark http`'s server. */
function serverRoot(root: string, side: Side): string {
  if (!existsSync(join(root, SERVER_MODULE))) {
    throw new UsageError('USAGE', `--${side} ${root} has no benchmark http server (${SERVER_MODULE}): an Oxen older than \`oxen benchmark http\` cannot be measured with --http`);
  }
  return root;
}

function buildSummary(root: string, executors: readonly ExecutorKind[]): BuildSummary {
  const { commit, dirty } = gitState(root);
  return { root, oxenVersion: packageVersionAt(root), commit, dirty, executors: [...executors] };
}

function packageVersionAt(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
