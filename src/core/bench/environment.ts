/**
 * The report's environment block (DESIGN.md §4): enough to tell whether two reports can be
 * compared. Nothing here may carry a credential: the database URL arrives already redacted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, arch, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DatabaseInfo, Environment } from './report.js';

/** The root of the Oxen package this module belongs to (`ab` loads two of them in one process). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

export interface EnvironmentInput {
  readonly database: DatabaseInfo | null;
  readonly executors: readonly string[];
  readonly poolSize: number | null;
  readonly dataset: Readonly<Record<string, number>>;
  /** npm package names of the drivers in play. */
  readonly drivers: readonly string[];
}

export function collectEnvironment(input: EnvironmentInput): Environment {
  const cpuList = cpus();
  const drivers: Record<string, string> = {};
  for (const name of input.drivers) drivers[name] = packageVersion(name);
  return {
    cpu: { model: cpuList[0]?.model.trim() ?? 'unknown', cores: Math.max(1, cpuList.length) },
    os: { platform: platform(), release: release(), arch: arch() },
    node: process.version,
    oxenVersion: oxenVersion(),
    drivers,
    database: input.database,
    executors: [...input.executors],
    poolSize: input.poolSize,
    dataset: { ...input.dataset },
    git: gitState(),
  };
}

export function oxenVersion(): string {
  try {
    return (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The commit of a checkout of Oxen (this one by default); null when Oxen is installed from a registry
 * (no repository of its own).
 */
export function gitState(root: string = PACKAGE_ROOT): { commit: string | null; dirty: boolean | null } {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  try {
    const top = git('rev-parse', '--show-toplevel');
    if (fileURLToPath(new URL(`file://${top}/`)) !== (root.endsWith('/') ? root : `${root}/`)) return { commit: null, dirty: null };
    // Reports written into bench-results/ (this run's siblings) change no code that was measured.
    const changed = git('status', '--porcelain', '--', '.', ':(exclude)bench-results');
    return { commit: git('rev-parse', 'HEAD'), dirty: changed.length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}
