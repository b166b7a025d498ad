/** Assembles the report every entry point writes (the command, BenchmarkSuite, LoadTest). */
import type { EngineSettings } from './engine.js';
import { REPORT_SCHEMA_VERSION, type BenchmarkReport, type CellResult, type Environment } from './report.js';

export interface ReportParts {
  readonly tool: BenchmarkReport['tool'];
  readonly settings: EngineSettings;
  readonly concurrency: readonly number[];
  readonly workloads: readonly string[];
  readonly variants: readonly string[];
  readonly environment: Environment;
  readonly results: readonly CellResult[];
  readonly warnings?: readonly string[];
  readonly peers?: BenchmarkReport['peers'];
}

export function makeReport(parts: ReportParts): BenchmarkReport {
  const s = parts.settings;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: parts.tool,
    createdAt: new Date().toISOString(),
    settings: {
      mode: s.iterations !== undefined ? 'iterations' : 'duration',
      iterations: s.iterations ?? null,
      durationSeconds: s.iterations !== undefined ? null : (s.durationSeconds ?? null),
      warmup: s.warmup ?? null,
      ...(s.warmupSeconds !== undefined ? { warmupSeconds: s.warmupSeconds } : {}),
      rounds: s.rounds,
      timeoutMs: s.timeoutMs,
      concurrency: [...parts.concurrency],
      workloads: [...parts.workloads],
      variants: [...parts.variants],
    },
    environment: parts.environment,
    results: [...parts.results],
    warnings: [...(parts.warnings ?? [])],
    ...(parts.peers ? { peers: [...parts.peers] } : {}),
  };
}
