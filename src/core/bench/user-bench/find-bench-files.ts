/** With no files named, `oxen benchmark run` runs every `*.bench.{ts,js,mts,mjs}` under the working directory. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const BENCH_FILE_PATTERN = /\.bench\.(ts|js|mts|mjs)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git']);

/** Paths relative to `cwd`, sorted, so runs and reports list the files in the same order. */
export function findBenchFiles(cwd: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(join(dir, entry.name));
      } else if ((entry.isFile() || entry.isSymbolicLink()) && BENCH_FILE_PATTERN.test(entry.name)) {
        found.push(relative(cwd, join(dir, entry.name)));
      }
    }
  };
  walk(cwd);
  return found.sort();
}
