import { it } from 'vitest';
import { runPerformance } from '../../src/core/bench/run-performance.js';
import { WORKLOAD_NAMES } from '../../src/core/bench/workloads/index.js';
import { renderPlainReport } from '../../src/ui/bench/plain-report.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';

it('scratch', async () => {
  const t0 = Date.now();
  const report = await runPerformance({
    url: process.env.U ?? `sqlite:///tmp/scratch-bench-${Date.now()}.sqlite`,
    executors: ['js'], workloads: WORKLOAD_NAMES, concurrency: [1, 16],
    engine: { durationSeconds: Number(process.env.D ?? 0.5), rounds: 10, timeoutMs: 30000 },
    scale: Number(process.env.S ?? 1), keep: false, onStatus: (m) => console.log(m),
  });
  console.log(renderPlainReport(report));
  console.log('schema', reportSchemaError(report), 'secs', (Date.now() - t0) / 1000);
}, 300000);
