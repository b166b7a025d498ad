/**
 * The command's handle on its server process (server/bench-server-main.ts): forks it, hands it the
 * database over IPC, waits until it serves, asks it for its CPU time, stops it, and knows when it died.
 * The process's stderr is kept (its last lines) for the message a crash ends the run with.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OxenError } from '../../ground/errors.js';
import { redactSecrets } from '../../ground/redact.js';
import type { ParentMessage, ServerMessage, ServerStart } from './server/server-protocol.js';

const MAIN = fileURLToPath(new URL('./server/bench-server-main.js', import.meta.url));
/** Where a build's server entry lies under its package root (`benchmark ab --http` starts base's and head's). */
export const SERVER_MODULE = 'dist/core/bench/http/server/bench-server-main.js';
/** Seeding 10,000 × scale users takes seconds; a start slower than this is stuck. */
const START_TIMEOUT_MS = 10 * 60_000;
const STOP_TIMEOUT_MS = 60_000;

export interface BenchServer {
  readonly port: number;
  readonly pid: number;
  readonly serverVersion: string;
  readonly settings: Record<string, string>;
  /** The process's CPU time so far, in microseconds. */
  cpuUs(): Promise<number>;
  /** Why the process is gone ("exited with code 1", "killed by SIGKILL") and its last stderr line, or undefined while it runs. */
  death(): string | undefined;
  /** Asks it to drop its tables (unless kept) and exit; kills it if it does not within a minute. */
  stop(): Promise<void>;
}

/** Starts this build's server, or the one at `main` (another build's SERVER_MODULE). */
export async function startBenchServer(start: Omit<ServerStart, 'type'>, main: string = MAIN): Promise<BenchServer> {
  const child = fork(main, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const lastLines: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    lastLines.push(...text.split('\n').filter((l) => l.trim() !== ''));
    lastLines.splice(0, Math.max(0, lastLines.length - 5));
  });
  let death: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      const last = lastLines.at(-1);
      death = `${signal ? `killed by ${signal}` : `exited with code ${code}`}${last ? `; its last words: ${redactSecrets(last)}` : ''}`;
      resolve();
    }),
  );
  const replies = new Map<number, (us: number) => void>();
  let nextId = 0;
  const ready = new Promise<Extract<ServerMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new OxenError('QUERY_FAILED', `the benchmark server did not start within ${START_TIMEOUT_MS / 60_000} minutes`)), START_TIMEOUT_MS);
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new OxenError('QUERY_FAILED', `the benchmark server failed: ${message.message}`));
      } else if (message.type === 'cpu') {
        replies.get(message.id)?.(message.us);
        replies.delete(message.id);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new OxenError('QUERY_FAILED', `the benchmark server ${death} before it served`));
    });
  });
  // A killed process can look connected for a moment: a send then fails with EPIPE, and without a
  // callback Node raises that as the child's 'error' event, which nothing would catch. The exit
  // handler reports the death; the failed send itself says nothing more.
  const post = (message: ParentMessage): void => {
    if (child.connected) child.send(message, () => undefined);
  };
  post({ type: 'start', ...start });
  let info: Extract<ServerMessage, { type: 'ready' }>;
  try {
    info = await ready;
  } catch (error) {
    await kill(child, exited);
    throw error;
  }
  return {
    port: info.port,
    pid: child.pid!,
    serverVersion: info.serverVersion,
    settings: info.settings,
    death: () => death,
    cpuUs: () =>
      new Promise((resolve, reject) => {
        if (death !== undefined) return reject(new OxenError('QUERY_FAILED', `the benchmark server ${death}`));
        const id = nextId++;
        replies.set(id, resolve);
        void exited.then(() => reject(new OxenError('QUERY_FAILED', `the benchmark server ${death}`)));
        post({ type: 'cpu', id });
      }),
    async stop() {
      if (death !== undefined) return;
      post({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}
