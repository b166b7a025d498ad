/**
 * A build run in a worker process of its own (`ab --isolation process`): the builds then share no
 * heap, garbage collector or event loop, at the price of one message per chunk. The parent waits
 * while the worker measures, so the two never run at once.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OxenError, UsageError } from '../../ground/errors.js';
import type { ExecutorKind } from '../../ground/values.js';
import type { ChunkOptions, ChunkOutcome } from '../run-chunk.js';
import type { BenchTargetOptions } from './bench-target.js';
import type { BuildHandle, HandleVariant } from './build-handle.js';
import type { Envelope, WorkerReply, WorkerRequest } from './worker-protocol.js';

const WORKER = fileURLToPath(new URL('./target-worker.js', import.meta.url));

export async function openInWorker(root: string, protocol: number, options: BenchTargetOptions, label: string): Promise<BuildHandle> {
  const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const call = caller(child, label);
  const opened = (await call({ type: 'open', root, protocol, options }).catch(async (error: unknown) => {
    child.kill();
    throw error;
  })) as Extract<WorkerReply, { type: 'opened' }>;
  return {
    info: opened.info,
    workloads: opened.workloads,
    setup: async () => void (await call({ type: 'setup' })),
    teardown: async () => void (await call({ type: 'teardown' })),
    serverVersion: async () => ((await call({ type: 'serverVersion' })) as Extract<WorkerReply, { type: 'value' }>).value,
    async prepare(workload, concurrency) {
      const reply = (await call({ type: 'prepare', workload, concurrency })) as Extract<WorkerReply, { type: 'prepared' }>;
      const variants: Partial<Record<ExecutorKind, HandleVariant>> = {};
      for (const kind of reply.kinds) variants[kind] = remoteVariant(call, kind);
      return { rowsPerOp: reply.rowsPerOp, ...(reply.concurrency !== undefined ? { concurrency: reply.concurrency } : {}), variants };
    },
    async close() {
      try {
        await call({ type: 'close' });
      } finally {
        child.disconnect();
      }
    },
  };
}

type Call = (request: WorkerRequest) => Promise<WorkerReply>;

function remoteVariant(call: Call, kind: ExecutorKind): HandleVariant {
  const unused = (): never => {
    throw new OxenError('INTERNAL', 'a worker-process variant runs whole chunks only');
  };
  return {
    run: unused,
    verify: unused,
    async runChunk(options: ChunkOptions): Promise<ChunkOutcome> {
      const { recorder, memory: _memory, ...limits } = options;
      const reply = (await call({ type: 'chunk', kind, options: { ...limits, record: recorder !== undefined } })) as Extract<WorkerReply, { type: 'chunk' }>;
      if (recorder && reply.histogram) recorder.addEncoded(reply.histogram);
      return reply.outcome;
    },
  };
}

function caller(child: ChildProcess, label: string): Call {
  let next = 1;
  const pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  child.on('message', (message: Envelope<WorkerReply>) => {
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    if (message.error) {
      const { message: text, usage } = message.error;
      p.reject(usage ? new UsageError('USAGE', text) : new OxenError('QUERY_FAILED', `${label}: ${text}`));
    } else p.resolve(message.body!);
  });
  child.on('exit', (code, signal) => failAll(new OxenError('INTERNAL', `the ${label} worker process exited (${signal ?? `code ${code}`})`)));
  child.on('error', (error) => failAll(new OxenError('INTERNAL', `the ${label} worker process failed: ${error.message}`)));
  return (request) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      child.send({ id, body: request } satisfies Envelope<WorkerRequest>);
    });
}
