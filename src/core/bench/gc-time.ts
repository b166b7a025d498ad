/**
 * Main-thread time this process has spent in garbage collection, from Node's `gc` performance
 * entries. A chunk's share is the difference of two readings, so a report can tell an operation that
 * costs more from a process that collects more: a small process can settle into back-to-back
 * incremental marking for its whole life, 25–50% dearer per operation, and of two processes running
 * the same code one may and the other not (bench-results/relayering/README.md, "a GC regime").
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as nextImmediate } from 'node:timers/promises';

let observer: PerformanceObserver | undefined;
let totalMs = 0;

const add = (list: { getEntries(): readonly { duration: number }[] }): void => {
  for (const entry of list.getEntries()) totalMs += entry.duration;
};

/** Starts counting (the first call) and returns the milliseconds counted so far. */
export function gcTimeMs(): number {
  if (!observer) {
    observer = new PerformanceObserver(add);
    observer.observe({ entryTypes: ['gc'] });
  }
  for (const entry of observer.takeRecords()) totalMs += entry.duration;
  return totalMs;
}

/**
 * The reading after work just done: Node creates a collection's entry in an immediate after it ends,
 * so one turn of that phase passes first, or the last collections would count for the next reading.
 */
export async function gcTimeMsSettled(): Promise<number> {
  await nextImmediate();
  return gcTimeMs();
}
