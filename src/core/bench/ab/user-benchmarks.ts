/**
 * A build's view of the user's bench files for `ab`: loaded against this build (their 'oxen-orm'
 * is this build), their benchmarks named `file:benchmark` like `oxen benchmark run` names them.
 */
import { OxenError } from '../../ground/errors.js';
import { benchmarkOperation } from '../benchmark-suite.js';
import type { Operation } from '../run-chunk.js';
import { benchWorkloadName, benchWorkloadNames } from '../user-bench/bench-workload-name.js';
import { loadBenchFiles } from '../user-bench/load-bench-files.js';

export interface UserBenchmarkEntry {
  readonly operation: Operation<unknown>;
  /** The suite's own concurrency, where it sets one. */
  readonly concurrency?: number;
}

export interface UserBenchmarks {
  readonly names: readonly string[];
  setup(): Promise<void>;
  teardown(): Promise<void>;
  entry(name: string): UserBenchmarkEntry;
}

export async function openUserBenchmarks(files: readonly string[]): Promise<UserBenchmarks> {
  const loaded = await loadBenchFiles(files);
  const names = benchWorkloadNames(loaded);
  const entries = new Map<string, UserBenchmarkEntry>();
  for (const { file, suite } of loaded) {
    const concurrency = suite.options.concurrency;
    for (const b of suite.list()) {
      entries.set(benchWorkloadName(file, b.name), {
        operation: benchmarkOperation(b),
        ...(concurrency !== undefined ? { concurrency } : {}),
      });
    }
  }
  return {
    names,
    async setup() {
      for (const { suite } of loaded) await suite.runSetup();
    },
    async teardown() {
      for (const { suite } of [...loaded].reverse()) await suite.runTeardown();
    },
    entry(name) {
      const found = entries.get(name);
      if (!found) throw new OxenError('USAGE', `this build's bench files have no benchmark "${name}"`);
      return found;
    },
  };
}
