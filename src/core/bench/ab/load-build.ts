/**
 * Finds a build of Oxen in a directory (a checkout with its dependencies installed and built) and
 * loads its bench target module. Every way a directory can be unusable is one line saying what to do.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../../ground/errors.js';
import { PACKAGE_ROOT } from '../environment.js';
import type { BenchTarget, BenchTargetOptions } from './bench-target.js';

export const TARGET_MODULE = 'dist/core/bench/ab/bench-target.js';

export interface TargetModule {
  readonly BENCH_TARGET_PROTOCOL: number;
  openBenchTarget(options: BenchTargetOptions): Promise<BenchTarget>;
}

/**
 * A build under test: a checkout of Oxen itself, or of a project that uses it (Oxen then comes from
 * its node_modules). `project` is where relative bench-file paths point; `oxen` is the Oxen loaded.
 */
export interface BuildDirs {
  readonly project: string;
  readonly oxen: string;
}

export function resolveBuild(dir: string, flag: string): BuildDirs {
  const project = resolve(dir);
  if (!existsSync(project) || !statSync(project).isDirectory()) {
    throw new UsageError('USAGE', `--${flag} ${dir} is not a directory: give a checkout with its dependencies installed (npm ci)`);
  }
  const name = packageName(project);
  if (name === undefined) throw new UsageError('USAGE', `--${flag} ${dir} has no readable package.json: give the root of a checkout`);
  const oxen = name === 'oxen-orm' ? project : join(project, 'node_modules', 'oxen-orm');
  if (name !== 'oxen-orm' && !existsSync(join(oxen, 'package.json'))) {
    throw new UsageError('USAGE', `--${flag} ${dir} has no node_modules/oxen-orm: run \`npm ci\` there first`);
  }
  if (!existsSync(join(oxen, TARGET_MODULE))) {
    throw new UsageError(
      'USAGE',
      `--${flag} ${dir}: ${join(oxen, TARGET_MODULE)} is missing: run \`npm ci\` there (it builds dist/); an Oxen older than \`oxen benchmark ab\` cannot be measured by it`,
    );
  }
  return { project: realpathSync(project), oxen: realpathSync(oxen) };
}

function packageName(dir: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : '';
  } catch {
    return undefined;
  }
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
