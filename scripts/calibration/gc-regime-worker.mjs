/**
 * One process of gc-regime.mjs: one build's bench target (as an `ab --isolation process` worker
 * loads it), one workload measured in chunks by this checkout's chunk runner, and the garbage
 * collector's work counted while it runs. Prints one JSON line.
 *
 *   node gc-regime-worker.mjs <build dir> <options JSON> setup|teardown|<workload> [concurrency] [seconds] [executor]
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [build, optionsJson, what, concurrencyArg = '16', secondsArg = '4', executor = 'native'] = process.argv.slice(2);
const here = new URL('../../dist/', import.meta.url);
const { runChunk } = await import(new URL('core/bench/run-chunk.js', here).href);
const { openBenchTarget } = await import(pathToFileURL(join(build, 'dist/core/bench/ab/bench-target.js')).href);

const options = JSON.parse(optionsJson);
const target = await openBenchTarget({ ...options, executors: what === 'setup' || what === 'teardown' ? ['js'] : [executor] });
try {
  if (what === 'setup') await target.setup();
  else if (what === 'teardown') await target.teardown();
  else {
    const concurrency = Number(concurrencyArg);
    const cell = await target.prepare(what, concurrency);
    const op = cell.operations[executor];
    if (!op) throw new Error(`${build}: no ${executor} operation for ${what}`);
    let seq = 0;
    const chunk = async (durationMs) => {
      op.before();
      const out = await runChunk(op, { concurrency, durationMs, seqStart: seq, timeoutMs: 30_000 });
      seq = out.nextSeq;
      if (out.errors > 0) throw new Error(`${build}: ${out.firstError}`);
      return out;
    };
    // The warm-up of an `ab` cell: a few short chunks.
    for (let i = 0; i < 3; i++) await chunk(100);
    const gc = { scavenges: 0, markCompacts: 0, pauseMs: 0 };
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.scavenges++;
        else if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR || e.detail?.kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gc.markCompacts++;
        gc.pauseMs += e.duration;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    let ops = 0;
    let cpuUs = 0;
    let wallMs = 0;
    const end = performance.now() + Number(secondsArg) * 1000;
    // Chunks of an `ab` round's length with a pause between them, as the worker's turns come.
    while (performance.now() < end) {
      const out = await chunk(120);
      ops += out.ops;
      cpuUs += out.cpuUs;
      wallMs += out.wallMs;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    observer.disconnect();
    console.log(JSON.stringify({ opsPerSec: Math.round((ops * 1000) / wallMs), cpuUsPerOp: +(cpuUs / ops).toFixed(1), ...gc, gcPauseUsPerOp: +((gc.pauseMs * 1000) / ops).toFixed(1) }));
  }
} finally {
  await target.close();
}
