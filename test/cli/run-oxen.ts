/** Runs the built `oxen` binary the way a user would, in a directory of the test's choosing. */
import { spawn, spawnSync } from 'node:child_process';
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
function cleanEnv(extra?: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('OXEN_') && k !== 'NO_COLOR' && k !== 'FORCE_COLOR' && k !== 'DEBUG') env[k] = v;
  }
  return { ...env, CI: 'true', ...extra };
}

export function runOxen(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): OxenRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `runOxen` without blocking this process, for tests that serve something the command talks to. */
export function runOxenAsync(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<OxenRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: cleanEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
