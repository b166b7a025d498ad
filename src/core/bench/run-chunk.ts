/**
 * Runs one operation with N in flight until a number of operations or a deadline is reached: the
 * unit the engine interleaves between variants. Only verified successes enter the latency
 * histogram; errors and timeouts are counted apart.
 */
import { performance } from 'node:perf_hooks';
import type { LatencyHistogram } from '../monitoring/latency-histogram.js';
import { redactSecrets } from '../ground/redact.js';
import { gcTimeMs, gcTimeMsSettled } from './gc-time.js';

export interface Operation<T = unknown> {
  /** `seq` numbers the operation within its variant, so every variant sees the same inputs. */
  run(seq: number): Promise<T>;
  /** What is wrong with the answer, or undefined when it is right. */
  verify(result: T, seq: number): string | undefined;
}

export interface ChunkOptions {
  readonly concurrency: number;
  /** Stop issuing after this many operations... */
  readonly ops?: number;
  /** ...or once this much time has passed. */
  readonly durationMs?: number;
  readonly seqStart: number;
  /** An operation slower than this counts as a timeout, and one still running past it is abandoned. */
  readonly timeoutMs: number;
  /** Absent during warm-up. */
  readonly recorder?: LatencyHistogram;
  /** Start worker i after i × staggerMs (a load test's ramp-up). */
  readonly staggerMs?: number;
  /** Receives the process's heap and RSS while the chunk runs. */
  readonly memory?: MemoryPeak;
}

export interface ChunkOutcome {
  readonly ops: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly wallMs: number;
  readonly cpuUs: number;
  /** Main-thread garbage-collection time in the chunk, where the process that ran it counted it. */
  readonly gcMs?: number;
  readonly firstError: string | undefined;
  readonly nextSeq: number;
  /** HTTP chunks: answers whose status was not 2xx (also counted in `errors` unless expected). */
  readonly non2xx?: number;
  /** HTTP chunks against Oxen's own server: the server process's CPU time in the chunk. */
  readonly serverCpuUs?: number;
}

export interface MemoryPeak {
  rss: number;
  heap: number;
}

export function sampleMemory(peak: MemoryPeak): void {
  const m = process.memoryUsage();
  if (m.rss > peak.rss) peak.rss = m.rss;
  if (m.heapUsed > peak.heap) peak.heap = m.heapUsed;
}

const WATCH_MS = 50;

export async function runChunk<T>(op: Operation<T>, options: ChunkOptions): Promise<ChunkOutcome> {
  const { concurrency, recorder, timeoutMs } = options;
  const limitOps = options.ops ?? Infinity;
  let issued = 0;
  let ops = 0;
  let errors = 0;
  let timeouts = 0;
  let firstError: string | undefined;
  const startedAt = new Array<number>(concurrency).fill(0);
  const release: (() => void)[] = [];
  const abandoned = new Array<boolean>(concurrency).fill(false);

  const gc0 = gcTimeMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : t0 + options.durationMs;

  const fail = (message: string): void => {
    errors++;
    firstError ??= shortened(redactSecrets(message));
  };

  const work = async (w: number): Promise<void> => {
    if (options.staggerMs) await new Promise((r) => setTimeout(r, w * options.staggerMs!));
    while (issued < limitOps && performance.now() < deadline) {
      const seq = options.seqStart + issued++;
      const start = performance.now();
      startedAt[w] = start;
      let result: T;
      try {
        result = await op.run(seq);
      } catch (error) {
        startedAt[w] = 0;
        if (abandoned[w]) return;
        fail(error instanceof Error ? error.message : String(error));
        continue;
      }
      const elapsed = performance.now() - start;
      startedAt[w] = 0;
      if (abandoned[w]) return;
      if (elapsed > timeoutMs) {
        timeouts++;
        continue;
      }
      const problem = op.verify(result, seq);
      if (problem !== undefined) {
        fail(`wrong result: ${problem}`);
        continue;
      }
      recorder?.recordMs(elapsed);
      ops++;
    }
  };

  // One timer per chunk, not per operation: it abandons hung operations and samples memory.
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (let w = 0; w < concurrency; w++) {
      if (!abandoned[w] && startedAt[w]! > 0 && now - startedAt[w]! > timeoutMs) {
        abandoned[w] = true;
        timeouts++;
        release[w]?.();
      }
    }
    if (options.memory) sampleMemory(options.memory);
  }, Math.min(WATCH_MS, timeoutMs));

  const workers: Promise<void>[] = [];
  for (let w = 0; w < concurrency; w++) {
    workers.push(Promise.race([work(w), new Promise<void>((resolve) => (release[w] = resolve))]));
  }
  try {
    await Promise.all(workers);
  } finally {
    clearInterval(watchdog);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (options.memory) sampleMemory(options.memory);
  const gcMs = (await gcTimeMsSettled()) - gc0;
  return { ops, errors, timeouts, wallMs, cpuUs: cpu.user + cpu.system, gcMs, firstError, nextSeq: options.seqStart + issued };
}

/** Some drivers quote a whole multi-row statement in their errors: the report keeps its start. */
const MAX_ERROR_CHARS = 500;

function shortened(message: string): string {
  return message.length <= MAX_ERROR_CHARS ? message : `${message.slice(0, MAX_ERROR_CHARS)}… (${message.length - MAX_ERROR_CHARS} more characters)`;
}
