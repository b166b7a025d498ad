/** A user benchmark's name in reports: `<file name>:<benchmark name>`, e.g. `users.bench.ts:active_page`. */
import { basename } from 'node:path';
import { UsageError } from '../../ground/errors.js';
import type { LoadedBenchFile } from './load-bench-files.js';

export function benchWorkloadName(file: string, benchmark: string): string {
  return `${basename(file)}:${benchmark}`;
}

/** Every workload name of the files, in order; two benchmarks that would share a name are a usage error. */
export function benchWorkloadNames(files: readonly LoadedBenchFile[]): string[] {
  const names: string[] = [];
  for (const { file, suite } of files) {
    for (const entry of suite.list()) {
      const name = benchWorkloadName(file, entry.name);
      if (names.includes(name)) throw new UsageError('USAGE', `two benchmarks are named ${name}: pass each file once, and give files in different folders different names`);
      names.push(name);
    }
  }
  return names;
}
