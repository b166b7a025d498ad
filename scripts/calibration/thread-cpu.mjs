/**
 * CPU per operation on each thread, for the calibration scripts that split a statement's cost by
 * thread (native/thread-cost.mjs, orm-thread-cost.mjs, main-thread-floor.mjs). Linux only: the
 * figures come from /proc/self/task, in ticks of 10 ms, so a measurement needs a second or more.
 */
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU ticks used so far by Node's main thread, by the addon's runtime thread (`oxen-native`), and by
 * all other threads (V8's GC and compiler helpers, libuv's pool), which inherit the process name.
 */
export function threadTicks() {
  const ticks = { main: 0, runtime: 0, other: 0 };
  for (const task of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const kind = Number(task) === process.pid ? 'main' : name === 'oxen-native' ? 'runtime' : 'other';
    ticks[kind] += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

/**
 * Runs `op(worker, seq)` from `concurrency` loops for `seconds`: operations per second, wall
 * microseconds per operation, and CPU microseconds per operation on each kind of thread.
 */
export async function measureThreads(op, concurrency, seconds) {
  const before = threadTicks();
  const start = performance.now();
  let ops = 0;
  const loop = async (worker) => {
    while (performance.now() - start < seconds * 1000) {
      await op(worker, ops);
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, worker) => loop(worker)));
  const wallUs = (performance.now() - start) * 1000;
  const after = threadTicks();
  const cpu = (kind) => ((after[kind] - before[kind]) * 10_000) / ops;
  return { opsPerSec: ops / (wallUs / 1e6), wallUsPerOp: wallUs / ops, mainCpuUsPerOp: cpu('main'), runtimeCpuUsPerOp: cpu('runtime'), otherCpuUsPerOp: cpu('other') };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The clients (`{ name: op }`) take turns at each concurrency: one unmeasured turn each, then
 * `rounds` measured ones. Returns, and prints, one row per client and concurrency with the median of
 * its rounds; `label` names the row's client in the returned objects (`executor`, `client`).
 */
export async function takeTurns(clients, { concurrencies, rounds, seconds, label = 'client', prefix = '' }) {
  const results = [];
  for (const concurrency of concurrencies) {
    const samples = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
    for (const op of Object.values(clients)) await measureThreads(op, concurrency, seconds); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const [name, op] of Object.entries(clients)) samples[name].push(await measureThreads(op, concurrency, seconds));
    }
    for (const name of Object.keys(clients)) {
      const pick = (key) => Number(median(samples[name].map((r) => r[key])).toFixed(1));
      const row = { concurrency, [label]: name, opsPerSec: pick('opsPerSec'), wallUsPerOp: pick('wallUsPerOp'), mainCpuUsPerOp: pick('mainCpuUsPerOp'), runtimeCpuUsPerOp: pick('runtimeCpuUsPerOp'), otherCpuUsPerOp: pick('otherCpuUsPerOp') };
      results.push(row);
      console.log(`${prefix}c=${concurrency} ${name.padEnd(6)} ${String(row.opsPerSec).padStart(8)} ops/s  ${String(row.wallUsPerOp).padStart(6)} µs/op  CPU µs/op: main ${row.mainCpuUsPerOp}, runtime thread ${row.runtimeCpuUsPerOp}, other threads ${row.otherCpuUsPerOp}`);
    }
  }
  return results;
}
