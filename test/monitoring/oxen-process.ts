/** The built `oxen` binary as a long-running child (a monitor), with its output collected as it comes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { bin } from '../cli/run-oxen.js';

export interface RunningOxen {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching, or rejects after `timeoutMs` with what was printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code. */
  exited(): Promise<number | null>;
  stop(): Promise<number | null>;
}

export function startOxen(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): RunningOxen {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('OXEN_') && k !== 'NO_COLOR' && k !== 'FORCE_COLOR' && k !== 'DEBUG') env[k] = v;
  }
  const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...env, CI: 'true', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = (): void => {
          const line = out.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) return resolve(line);
          if (child.exitCode !== null || Date.now() - started > timeoutMs) {
            return reject(new Error(`no line matching ${pattern} (exit ${child.exitCode}); stdout:\n${out}\nstderr:\n${err}`));
          }
          setTimeout(poll, 50);
        };
        poll();
      });
    },
    exited: () => exit,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
