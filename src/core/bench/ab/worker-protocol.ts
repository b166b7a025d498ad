/** The messages between `ab` and a build's worker process (`--isolation process`). */
import type { ExecutorKind } from '../../ground/values.js';
import type { ChunkOutcome } from '../run-chunk.js';
import type { BenchTargetOptions, BuildInfo } from './bench-target.js';

export interface RemoteChunkOptions {
  readonly concurrency: number;
  readonly ops?: number;
  readonly durationMs?: number;
  readonly seqStart: number;
  readonly timeoutMs: number;
  readonly staggerMs?: number;
  /** Send the latencies back (measured rounds), or not (warm-up). */
  readonly record: boolean;
}

export type WorkerRequest =
  | { readonly type: 'open'; readonly root: string; readonly protocol: number; readonly options: BenchTargetOptions }
  | { readonly type: 'setup' | 'teardown' | 'serverVersion' | 'close' }
  | { readonly type: 'prepare'; readonly workload: string; readonly concurrency: number }
  | { readonly type: 'chunk'; readonly kind: ExecutorKind; readonly options: RemoteChunkOptions };

export type WorkerReply =
  | { readonly type: 'opened'; readonly info: BuildInfo; readonly workloads: readonly string[] }
  | { readonly type: 'prepared'; readonly rowsPerOp: number | null; readonly concurrency?: number; readonly kinds: readonly ExecutorKind[] }
  | { readonly type: 'chunk'; readonly outcome: ChunkOutcome; readonly histogram: string | null }
  | { readonly type: 'value'; readonly value: string }
  | { readonly type: 'done' };

export interface Envelope<T> {
  readonly id: number;
  readonly body?: T;
  /** A failure, as the one-line message the worker's code raised, and its Oxen code where it has one. */
  readonly error?: { readonly message: string; readonly code?: string; readonly usage: boolean };
}
