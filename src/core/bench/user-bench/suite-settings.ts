/**
 * The engine settings for one user suite: each command-line flag given wins, then the suite's own
 * option, then the command's default (half a second per benchmark, executor and concurrency).
 */
import type { EngineSettings } from '../engine.js';
import type { SuiteOptions } from '../benchmark-suite.js';

export interface BenchOverrides {
  readonly iterations?: number;
  readonly durationSeconds?: number;
  readonly warmup?: number;
  readonly rounds?: number;
  readonly timeoutMs?: number;
  readonly concurrency?: readonly number[];
  readonly signal?: AbortSignal;
}

export const DEFAULT_DURATION_SECONDS = 0.5;

export interface SuiteSettings {
  readonly engine: EngineSettings;
  readonly concurrency: readonly number[];
}

export function suiteSettings(options: SuiteOptions, overrides: BenchOverrides): SuiteSettings {
  const measured =
    overrides.iterations !== undefined
      ? { iterations: overrides.iterations }
      : overrides.durationSeconds !== undefined
        ? { durationSeconds: overrides.durationSeconds }
        : options.iterations !== undefined
          ? { iterations: options.iterations }
          : { durationSeconds: options.durationSeconds ?? DEFAULT_DURATION_SECONDS };
  const warmup = overrides.warmup ?? options.warmup;
  return {
    engine: {
      ...measured,
      ...(warmup !== undefined ? { warmup } : {}),
      rounds: overrides.rounds ?? options.rounds ?? 10,
      timeoutMs: overrides.timeoutMs ?? options.timeoutMs ?? 30_000,
      ...(overrides.signal ? { signal: overrides.signal } : {}),
    },
    concurrency: overrides.concurrency ?? [options.concurrency ?? 1],
  };
}
