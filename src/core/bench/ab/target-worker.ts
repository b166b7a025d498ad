/**
 * The worker process of `ab --isolation process`: loads one build's bench target and runs the
 * chunks the parent asks for with this (the head's) chunk runner, so both builds are measured by
 * the same harness. It only answers messages; the parent decides everything.
 */
import { LatencyHistogram } from '../../monitoring/latency-histogram.js';
import { runChunk } from '../run-chunk.js';
import type { ExecutorKind } from '../../ground/values.js';
import type { BenchTarget, PreparedCell } from './bench-target.js';
import { importTarget } from './load-build.js';
import type { Envelope, WorkerReply, WorkerRequest } from './worker-protocol.js';

let target: BenchTarget | undefined;
let cell: PreparedCell | undefined;
const recorder = LatencyHistogram.forOperations();

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.type) {
    case 'open': {
      const mod = await importTarget(request.root, 'base', request.protocol);
      target = await mod.openBenchTarget(request.options);
      return { type: 'opened', info: target.info, workloads: target.workloads };
    }
    case 'prepare':
      cell = await opened().prepare(request.workload, request.concurrency);
      return {
        type: 'prepared',
        rowsPerOp: cell.rowsPerOp,
        ...(cell.concurrency !== undefined ? { concurrency: cell.concurrency } : {}),
        kinds: Object.keys(cell.operations) as ExecutorKind[],
      };
    case 'chunk': {
      const op = cell?.operations[request.kind];
      if (!op) throw new Error(`no prepared operation for ${request.kind}`);
      op.before();
      const { record, ...limits } = request.options;
      if (record) recorder.reset();
      const outcome = await runChunk(op, { ...limits, ...(record ? { recorder } : {}) });
      return { type: 'chunk', outcome, histogram: record ? recorder.encode() : null };
    }
    case 'serverVersion':
      return { type: 'value', value: await opened().serverVersion() };
    case 'setup':
      await opened().setup();
      return { type: 'done' };
    case 'teardown':
      await opened().teardown();
      return { type: 'done' };
    case 'close':
      await target?.close();
      target = undefined;
      return { type: 'done' };
  }
}

function opened(): BenchTarget {
  if (!target) throw new Error('the worker has no build open');
  return target;
}

process.on('message', (message: Envelope<WorkerRequest>) => {
  handle(message.body!).then(
    (body) => process.send!({ id: message.id, body } satisfies Envelope<WorkerReply>),
    (error: unknown) => {
      // The build's own error classes are not this module's: recognise a usage error by name.
      const e = error as { message?: string; code?: string };
      process.send!({ id: message.id, error: { message: String(e?.message ?? error), code: e?.code, usage: (error as Error)?.name === 'UsageError' } } satisfies Envelope<WorkerReply>);
    },
  );
});
// The parent going away (killed, crashed) must not leave this process holding database connections.
process.on('disconnect', () => process.exit(0));
