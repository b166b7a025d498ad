/**
 * The loop BenchmarkSuite and LoadTest share: each named operation measured on its own, one after
 * another, as a cell of one variant (`run`), and the report of such a run (no database, no executor).
 */
import { collectEnvironment } from './environment.js';
import { runCell, type EngineListener, type EngineSettings } from './engine.js';
import { makeReport } from './make-report.js';
import type { BenchmarkReport, CellResult, VariantResult } from './report.js';
import type { Operation } from './run-chunk.js';

export interface NamedOperation {
  readonly name: string;
  readonly operation: Operation<unknown>;
}

/** The variant every cell of a standalone run has. */
export const RUN_VARIANT = 'run';

/**
 * Measures each operation in turn at `concurrency`; `onResult` sees each one's variant as soon as its
 * cell is done. Returns the cells in the order given.
 */
export async function runEach(
  operations: Iterable<NamedOperation>,
  concurrency: number,
  settings: EngineSettings,
  onEvent?: EngineListener,
  onResult?: (name: string, result: VariantResult) => void,
): Promise<CellResult[]> {
  const cells: CellResult[] = [];
  for (const { name, operation } of operations) {
    const cell = await runCell({ workload: name, concurrency, variants: [{ name: RUN_VARIANT, ...operation }] }, settings, onEvent);
    cells.push(cell);
    onResult?.(name, cell.variants[0]!);
  }
  return cells;
}

/** The report of a `runEach` run. */
export function standaloneReport(tool: BenchmarkReport['tool'], settings: EngineSettings, concurrency: number, cells: readonly CellResult[]): BenchmarkReport {
  return makeReport({
    tool,
    settings,
    concurrency: [concurrency],
    workloads: cells.map((c) => c.workload),
    variants: [RUN_VARIANT],
    environment: collectEnvironment({ database: null, executors: [], poolSize: null, dataset: {}, drivers: [] }),
    results: cells,
  });
}
