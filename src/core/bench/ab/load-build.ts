/**
 * Finds a build of Oxen in a directory (a checkout with its dependencies installed and built) and
 * loads its bench target module. Every way a directory can be unusable is one line saying what to do.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../../errors.js';
import { PACKAGE_ROOT } from '../environment.js';
import type { BenchTarget, BenchTargetOptions } from './bench-target.js';

export const TARGET_MODULE = 'dist/core/bench/ab/bench-target.js';

export interface TargetModule {
  readonly BENCH_TARGET_PROTOCOL: number;
  openBenchTarget(options: BenchTargetOptions): Promise<BenchTarget>;
}

/** The build's root, resolved and checked; `flag` names the option in messages. */
export function buildRoot(dir: string, flag: string): string {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError('USAGE', `--${flag} ${dir} is not a directory: give a checkout of Oxen with its dependencies installed`);
  const pkgFile = join(root, 'package.json');
  let name: unknown;
  try {
    name = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: unknown }).name;
  } catch {
    throw new UsageError('USAGE', `--${flag} ${dir} has no readable package.json: give the root of an Oxen checkout`);
  }
  if (name !== 'oxen-orm') throw new UsageError('USAGE', `--${flag} ${dir} is the package "${String(name)}", not oxen-orm: give the root of an Oxen checkout`);
  if (!existsSync(join(root, TARGET_MODULE))) {
    throw new UsageError(
      'USAGE',
      `--${flag} ${dir} has no ${TARGET_MODULE}: run \`npm ci\` there (it builds dist/); a build older than \`oxen benchmark ab\` cannot be measured by it`,
    );
  }
  return realpathSync(root);
}

export function isThisBuild(root: string): boolean {
  return realpathSync(root) === realpathSync(PACKAGE_ROOT);
}

export async function importTarget(root: string, flag: string, expectedProtocol: number): Promise<TargetModule> {
  const mod = (await import(pathToFileURL(join(root, TARGET_MODULE)).href)) as Partial<TargetModule>;
  if (typeof mod.openBenchTarget !== 'function' || mod.BENCH_TARGET_PROTOCOL !== expectedProtocol) {
    throw new UsageError(
      'USAGE',
      `--${flag} ${root} speaks bench-target protocol ${String(mod.BENCH_TARGET_PROTOCOL)}, this oxen speaks ${expectedProtocol}: build both from versions with the same protocol`,
    );
  }
  return mod as TargetModule;
}
