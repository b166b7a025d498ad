/**
 * Loads user benchmark files: TypeScript or JavaScript modules that default-export a BenchmarkSuite.
 * They are compiled at run time with jiti, and their `'oxen-orm'` imports (theirs and those of every
 * module they import, such as the user's models) are bound to one build of Oxen, loaded natively:
 * by default the build running this code, so the models register with the same connection registry
 * the command connected; with `packageRoot`, another build, so one process can load the same file
 * against two builds (`oxen benchmark ab`). Modules are evaluated afresh on every load.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../../ground/errors.js';
import type { BenchmarkSuite } from '../benchmark-suite.js';

export interface LoadedBenchFile {
  /** Absolute path. */
  readonly file: string;
  readonly suite: BenchmarkSuite;
}

export interface LoadBenchOptions {
  /** The Oxen package (a folder with dist/index.js) that `'oxen-orm'` means in the files; default: this one. */
  readonly packageRoot?: string;
  /** Relative file names are resolved against this (default: the working directory). */
  readonly cwd?: string;
}

const OWN_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs)$/;

export async function loadBenchFiles(files: readonly string[], options: LoadBenchOptions = {}): Promise<LoadedBenchFile[]> {
  const cwd = options.cwd ?? process.cwd();
  const oxen = await importOxen(options.packageRoot ?? OWN_ROOT);
  const { createJiti } = await import('jiti');
  // One instance per load, uncached: a second load (against another build) evaluates the user's modules again.
  // Loaded synchronously so jiti compiles every user module itself, .js and .mjs too, and the virtual
  // module reaches them all (native ESM would resolve 'oxen-orm' on its own); only files with top-level
  // await need the asynchronous import, where native ESM .js files that jiti need not compile load natively.
  const jiti = createJiti(pathToFileURL(join(cwd, 'oxen-bench-loader.js')).href, {
    moduleCache: false,
    interopDefault: false,
    virtualModules: { 'oxen-orm': oxen },
  });
  const loaded: LoadedBenchFile[] = [];
  for (const given of files) {
    const file = resolve(cwd, given);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError('USAGE', `benchmark file ${given} does not exist`);
    if (!EXTENSIONS.test(file)) throw new UsageError('USAGE', `benchmark file ${given}: use a .ts, .mts, .js or .mjs file that default-exports a BenchmarkSuite`);
    let exported: unknown;
    try {
      exported = defaultOf(jiti(file));
    } catch (error) {
      if (!/await is only valid/.test(messageOf(error))) throw loadError(given, error);
      try {
        exported = defaultOf(await jiti.import(file));
      } catch (asyncError) {
        throw loadError(given, asyncError);
      }
    }
    loaded.push({ file, suite: checkSuite(given, exported) });
  }
  return loaded;
}

async function importOxen(root: string): Promise<unknown> {
  const entry = join(resolve(root), 'dist', 'index.js');
  if (!existsSync(entry)) throw new UsageError('USAGE', `${root} has no dist/index.js: give the root of a built Oxen package (npm run build)`);
  return import(pathToFileURL(entry).href);
}

function defaultOf(module: unknown): unknown {
  return (module as { default?: unknown } | null | undefined)?.default;
}

function checkSuite(given: string, exported: unknown): BenchmarkSuite {
  const suite = exported as Partial<BenchmarkSuite> | null | undefined;
  const looksLikeSuite =
    suite !== null && typeof suite === 'object' && typeof suite.list === 'function' && typeof suite.runSetup === 'function' && typeof suite.runTeardown === 'function';
  if (!looksLikeSuite) {
    throw new UsageError('USAGE', `${given} does not default-export a BenchmarkSuite: end it with \`export default suite\` (a \`new BenchmarkSuite()\` from 'oxen-orm')`);
  }
  if (suite.list!().length === 0) throw new UsageError('USAGE', `${given} has no benchmarks: register one with suite.benchmark(name, fn)`);
  return suite as BenchmarkSuite;
}

function loadError(given: string, error: unknown): UsageError {
  const reason = messageOf(error).split(/\nRequire stack:/)[0]!.replace(/\s*\n\s*/g, ' ').trim().slice(0, 300);
  return new UsageError('USAGE', `benchmark file ${given} could not be loaded: ${reason}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
