/** Runs the built `oxen` binary the way a user would, in a directory of the test's choosing. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = `${root}bin/oxen.js`;

export interface OxenRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(`${root}dist/commands/doctor.js`)) {
    throw new Error('dist/ is missing: run `npm run build` before the command tests');
  }
}

/** A clean environment: none of the caller's OXEN_* settings leak into the run. */
export function runOxen(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): OxenRun {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('OXEN_') && k !== 'NO_COLOR' && k !== 'FORCE_COLOR' && k !== 'DEBUG') env[k] = v;
  }
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { ...env, CI: 'true', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
