/**
 * One engine chunk of HTTP load: autocannon keeps `concurrency` connections busy (each with
 * `pipelining` requests in flight) for the chunk's time, and every answer is checked. Only answers
 * with the expected status enter the latency histogram and the count of operations; any other status
 * is an error, a connection error is an error, and a request past the timeout is a timeout. The
 * engine interleaves these chunks into rounds exactly as it does database operations.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { redactSecrets } from '../../ground/redact.js';
import { sampleMemory, type ChunkOptions, type ChunkOutcome } from '../run-chunk.js';
import type { HttpRequestSpec } from './request-list.js';

/** What this module uses of autocannon (its typings on DefinitelyTyped trail its releases). */
interface AutocannonResult {
  readonly errors: number;
  readonly timeouts: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, responseTimeMs: number) => void): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  stop(): void;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

let autocannon: Autocannon | undefined;
/** Loaded on first use: only `oxen benchmark http` needs it. */
function loadAutocannon(): Autocannon {
  autocannon ??= createRequire(import.meta.url)('autocannon') as Autocannon;
  return autocannon;
}

export function autocannonVersion(): string {
  const pkg = createRequire(import.meta.url)('autocannon/package.json') as { version: string };
  return `autocannon ${pkg.version}`;
}

/** The load one chunk applies: where, with how many requests per connection in flight. */
export interface HttpLoad {
  /** The service's base URL; a path in it prefixes the request's path. */
  readonly target: URL;
  readonly pipelining: number;
}

/** How often autocannon checks whether to stop; its default (1 s) would round every chunk up to a whole second. */
const SAMPLE_MS = 25;

export function runHttpChunk(load: HttpLoad, request: HttpRequestSpec, options: ChunkOptions): Promise<ChunkOutcome> {
  // A zero limit (--warmup 0) is no chunk at all; autocannon would read 0 as "no limit".
  if (options.ops === 0 || options.durationMs === 0) {
    return Promise.resolve({ ops: 0, errors: 0, timeouts: 0, wallMs: 0, cpuUs: 0, firstError: undefined, nextSeq: options.seqStart, non2xx: 0 });
  }
  const run = loadAutocannon();
  const base = load.target.pathname.replace(/\/+$/, '');
  const headers = { ...basicAuth(load.target), ...request.headers };
  let ok = 0;
  let wrongAnswers = 0;
  let non2xx = 0;
  let firstError: string | undefined;
  /** The verdict on the body of the answer the next 'response' event reports (autocannon calls onResponse just before it). */
  let verdict: string | undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const instance = run(
      {
        url: load.target.origin,
        connections: options.concurrency,
        pipelining: load.pipelining,
        ...(options.ops !== undefined ? { amount: options.ops } : { duration: (options.durationMs ?? 1000) / 1000 }),
        timeout: options.timeoutMs / 1000,
        sampleInt: SAMPLE_MS,
        requests: [
          {
            method: request.method,
            path: base + request.path,
            headers,
            ...(request.body !== undefined ? { body: request.body } : {}),
            onResponse: (status: number, body: string) => {
              verdict = status !== request.status ? `answered ${status}${body ? `: ${clip(body)}` : ''}` : request.verify?.(body);
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(new Error(redactSecrets(error.message)));
          return;
        }
        const wallMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        if (options.memory) sampleMemory(options.memory);
        const connectionErrors = result.errors - result.timeouts;
        resolve({
          ops: ok,
          errors: wrongAnswers + connectionErrors,
          timeouts: result.timeouts,
          wallMs,
          cpuUs: cpu.user + cpu.system,
          firstError,
          nextSeq: options.seqStart + ok + wrongAnswers + result.errors,
          non2xx,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTimeMs) => {
      if (status < 200 || status > 299) non2xx++;
      const problem = verdict;
      verdict = undefined;
      if (status !== request.status) {
        wrongAnswers++;
        firstError ??= `${request.method} ${request.path} ${problem ?? `answered ${status}`} (expected ${request.status})`;
        return;
      }
      if (problem !== undefined) {
        wrongAnswers++;
        firstError ??= `${request.method} ${request.path}: wrong answer: ${problem}`;
        return;
      }
      ok++;
      options.recorder?.recordMs(responseTimeMs);
    });
    instance.on('reqError', (error) => {
      if (error.message !== 'request timed out') firstError ??= `${request.method} ${request.path}: ${redactSecrets(error.message)}`;
    });
  });
}

/** A user and password in the target URL become a Basic authorization header, as browsers and curl do. */
export function basicAuth(url: URL): Record<string, string> {
  if (url.username === '' && url.password === '') return {};
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** An answer's body as an error message shows it: one line, at most 200 characters. */
function clip(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
