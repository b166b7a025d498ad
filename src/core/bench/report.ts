/**
 * The one plain result structure every renderer and exporter reads (the JSON report, the tables,
 * the Markdown summary, the github-action-benchmark file). schemas/benchmark-report.schema.json
 * describes exactly this; bump REPORT_SCHEMA_VERSION when its meaning changes.
 */
import type { LatencyStats } from '../monitoring/latency-histogram.js';

export const REPORT_SCHEMA_VERSION = 1;

/** Per-round samples of one metric plus their summary: what `compare` tests for significance. */
export interface SampleSeries {
  readonly mean: number;
  readonly stddev: number;
  /** 95% confidence interval of the mean over rounds. */
  readonly ci95: readonly [number, number];
  readonly samples: readonly number[];
}

export interface VariantResult {
  /** 'raw' (the bare driver) or an ORM executor: 'js', 'native'; free names in BenchmarkSuite. */
  readonly variant: string;
  /** Successful, verified operations in the measured phase. */
  readonly ops: number;
  readonly errors: number;
  readonly timeouts: number;
  /** First error message seen (credentials redacted), to say why `errors` is not zero. */
  readonly firstError: string | null;
  /** Wall time of the measured phase, summed over rounds. */
  readonly measuredSeconds: number;
  /** ops / measuredSeconds */
  readonly opsPerSec: number;
  /** Per-round throughput. */
  readonly opsPerSecRounds: SampleSeries | null;
  readonly rowsPerSec: number | null;
  readonly latencyMs: LatencyStats | null;
  /** Per-round latency percentiles, in milliseconds. */
  readonly latencyRoundsMs: { readonly p50: SampleSeries; readonly p95: SampleSeries; readonly p99: SampleSeries } | null;
  /** Client CPU time (user + system) spent per operation in the measured phase, in microseconds. */
  readonly cpuUsPerOp: number | null;
  /**
   * Main-thread garbage-collection time per operation in the process that ran the variant, in
   * microseconds (part of `cpuUsPerOp`; V8's concurrent marking threads are in that figure only).
   */
  readonly gcUsPerOp?: number;
  /** The same for each measured round, paired with `opsPerSecRounds` (`ab --processes`: per process pair via `roundGroups`). */
  readonly gcUsPerOpRounds?: readonly number[];
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly warnings: readonly string[];
  /** `oxen benchmark http`: measured answers whose status was not 2xx (counted in `errors` too, unless the request expects that status). */
  readonly non2xx?: number;
  /** `oxen benchmark http` on Oxen's own server: the server process's CPU time per operation, in microseconds (`cpuUsPerOp` is the load generator's). */
  readonly serverCpuUsPerOp?: number;
}

export interface CellResult {
  readonly workload: string;
  readonly concurrency: number;
  /** Rows each operation reads or writes, where that is a fixed number. */
  readonly rowsPerOp: number | null;
  readonly variants: readonly VariantResult[];
  /** Throughput of each non-raw variant divided by raw's (absent without a raw variant). */
  readonly ratios: Readonly<Record<string, number>>;
  /**
   * 95% interval of each ratio, from the rounds paired in time (a variant's round against raw's
   * round beside it), so the machine's drift cancels out of the pair.
   */
  readonly ratioCi95: Readonly<Record<string, readonly [number, number]>>;
  /**
   * `ab --processes`: for each measured round, the pair of worker processes (0-based) that ran it.
   * Each pair's mean is one sample of the gate, so what differs between processes counts as noise.
   */
  readonly roundGroups?: readonly number[];
}

export interface ReportSettings {
  readonly mode: 'iterations' | 'duration';
  /** Per variant and cell: operations (iterations mode) or seconds (duration mode). */
  readonly iterations: number | null;
  readonly durationSeconds: number | null;
  /** Warm-up operations per variant and cell; null = a fraction of the measured phase. */
  readonly warmup: number | null;
  /** Warm-up seconds per variant and cell, where the warm-up was timed rather than counted. */
  readonly warmupSeconds?: number;
  readonly rounds: number;
  readonly timeoutMs: number;
  readonly concurrency: readonly number[];
  readonly workloads: readonly string[];
  readonly variants: readonly string[];
}

export interface DatabaseInfo {
  readonly dialect: string;
  /** Credentials replaced by `***`. */
  readonly url: string;
  /** Replicas the `<kind>+replicas` variants routed reads to, redacted. */
  readonly replicas?: readonly string[];
  /** The URL the `<kind>+via` variants used (PgBouncer, a proxy), redacted. */
  readonly via?: string;
  readonly serverVersion: string;
  readonly settings: Readonly<Record<string, string>>;
}

export interface Environment {
  readonly cpu: { readonly model: string; readonly cores: number };
  readonly os: { readonly platform: string; readonly release: string; readonly arch: string };
  readonly node: string;
  readonly oxenVersion: string;
  readonly drivers: Readonly<Record<string, string>>;
  readonly database: DatabaseInfo | null;
  readonly executors: readonly string[];
  readonly poolSize: number | null;
  readonly dataset: Readonly<Record<string, number>>;
  readonly git: { readonly commit: string | null; readonly dirty: boolean | null };
}

export interface BenchmarkReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: 'oxen benchmark performance' | 'oxen benchmark ab' | 'oxen benchmark http' | 'BenchmarkSuite' | 'LoadTest';
  readonly createdAt: string;
  readonly settings: ReportSettings;
  readonly environment: Environment;
  readonly results: readonly CellResult[];
  readonly warnings: readonly string[];
  /** `oxen benchmark ab`: the two builds measured, whose variants are named `base:<executor>` and `head:<executor>`. */
  readonly builds?: { readonly base: BuildSummary; readonly head: BuildSummary };
  /** `oxen benchmark http`: what was loaded and how. Each request of the list is a workload, the variant is `target`. */
  readonly http?: HttpRunInfo;
  /** `benchmark performance --peers`: the peer ORMs' variants, with the packages each ran on. */
  readonly peers?: readonly PeerInfo[];
}

export interface PeerInfo {
  /** The variant's name in the cells (`drizzle`, `drizzle_prepared`). */
  readonly variant: string;
  /** The peer as named in `--peers`. */
  readonly peer: string;
  /** npm package → installed version. */
  readonly packages: Readonly<Record<string, string>>;
}

export interface HttpRunInfo {
  /** The service's base URL, credentials replaced by `***`. */
  readonly target: string;
  /** Requests each connection keeps in flight; the cells' concurrency is the number of connections. */
  readonly pipelining: number;
  /** The load generator, which ran in the oxen process (its CPU is the variants' `cpuUsPerOp`). */
  readonly loadGenerator: string;
}

export interface BuildSummary {
  /** The build's directory on the machine that ran it. */
  readonly root: string;
  readonly oxenVersion: string;
  readonly commit: string | null;
  readonly dirty: boolean | null;
  readonly executors: readonly string[];
}
