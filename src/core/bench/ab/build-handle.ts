/**
 * A build under test as `ab` drives it: the same operations whether the build is loaded into this
 * process or runs in a worker process of its own (`--isolation process`).
 */
import type { ExecutorKind } from '../../ground/values.js';
import type { VariantSpec } from '../engine.js';
import type { BenchTargetOptions, BuildInfo } from './bench-target.js';
import type { TargetModule } from './load-build.js';

export type HandleVariant = Omit<VariantSpec<unknown>, 'name'>;

export interface HandleCell {
  readonly rowsPerOp: number | null;
  readonly concurrency?: number;
  readonly variants: Readonly<Partial<Record<ExecutorKind, HandleVariant>>>;
}

export interface BuildHandle {
  readonly info: BuildInfo;
  readonly workloads: readonly string[];
  setup(): Promise<void>;
  teardown(): Promise<void>;
  prepare(workload: string, concurrency: number): Promise<HandleCell>;
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

export async function openInProcess(mod: TargetModule, options: BenchTargetOptions): Promise<BuildHandle> {
  const target = await mod.openBenchTarget(options);
  return {
    info: target.info,
    workloads: target.workloads,
    setup: () => target.setup(),
    teardown: () => target.teardown(),
    async prepare(workload, concurrency) {
      const cell = await target.prepare(workload, concurrency);
      return { rowsPerOp: cell.rowsPerOp, ...(cell.concurrency !== undefined ? { concurrency: cell.concurrency } : {}), variants: cell.operations };
    },
    serverVersion: () => target.serverVersion(),
    close: () => target.close(),
  };
}
