/**
 * The calibration hook of a deliberately slowed build (copied over dist/core/bench/ab/calibration-hook.js
 * in a copy of a build; see make-build-copy.mjs). Every ORM operation is made longer by busy-waiting,
 * after it completes, for SLOWDOWN × the operation's own recent cost: the time between completions
 * of this operation with the waits themselves taken out, smoothed. At concurrency 1 that is the
 * operation's latency; at higher concurrency it is its share of the client's time, so the wait adds
 * SLOWDOWN to the client CPU each operation costs, as a slower ORM would. The first completion's own
 * latency seeds the cost, not the gap after it, which can span a pause before the load begins (a
 * benchmark server's first call is its start-up check).
 */
import { performance } from 'node:perf_hooks';

const SLOWDOWN = __SLOWDOWN__;
const SMOOTHING = 0.05;

export function calibrationWrap(op) {
  let spun = 0;
  let last = -1;
  let cost = 0;
  return {
    ...op,
    run: async (seq) => {
      const started = performance.now();
      const result = await op.run(seq);
      const now = performance.now() - spun;
      if (last < 0) cost = performance.now() - started;
      else {
        const gap = now - last;
        // A gap far above the running cost is a pause between chunks, not an operation's cost.
        if (gap < cost * 5) cost += SMOOTHING * (gap - cost);
      }
      const wait = cost * SLOWDOWN;
      const end = performance.now() + wait;
      while (performance.now() < end);
      spun += wait;
      last = performance.now() - spun;
      return result;
    },
  };
}
