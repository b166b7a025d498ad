/**
 * CPU per operation on each thread, for the calibration scripts that split a statement's cost by
 * thread (native/thread-cost.mjs, orm-thread-cost.mjs, main-thread-floor.mjs), with the CPU of a
 * database server running on the same machine and how idle the machine's cores were. Linux only:
 * the figures come from /proc, in ticks of 10 ms, so a measurement needs a second or more.
 */
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU ticks used so far by Node's main thread, by the addon's runtime thread (`oxen-native`), and by
 * all other threads (V8's GC and compiler helpers, libuv's pool), which inherit the process name.
 */
export function threadTicks() {
  const ticks = { main: 0, runtime: 0, other: 0 };
  for (const task of readdirSync('/proc/self/task')) {
    const { name, ticks: used } = readStat(`/proc/self/task/${task}/stat`);
    const kind = Number(task) === process.pid ? 'main' : name === 'oxen-native' ? 'runtime' : 'other';
    ticks[kind] += used;
  }
  return ticks;
}

/** A process's or thread's name and CPU ticks (user + system) from its `stat` file. */
function readStat(path) {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Database servers whose processes run on this machine, by process name. */
const SERVER_PROCESSES = new Set(['mariadbd', 'mysqld', 'postgres']);

/**
 * CPU ticks used so far by the database server's processes on this machine (all of them: another
 * client's load counts too, so measure on a quiet machine). On a machine with few cores the client
 * and the server share them: a client that saves CPU then buys throughput only with what the server
 * leaves, which bounds the ratio two clients can reach.
 */
export function serverTicks() {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readStat(`/proc/${pid}/stat`);
    } catch {
      continue; // ended between the listing and the read
    }
    if (SERVER_PROCESSES.has(stat.name)) ticks += stat.ticks;
  }
  return ticks;
}

/** Idle ticks of all cores so far (idle and iowait of /proc/stat's `cpu` line), and how many cores it sums. */
export function machineIdle() {
  const lines = readFileSync('/proc/stat', 'utf8').split('\n');
  const fields = lines[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3] + fields[4], cores: lines.filter((line) => /^cpu\d/.test(line)).length };
}

/**
 * Runs `op(worker, seq)` from `concurrency` loops for `seconds`: operations per second, wall
 * microseconds per operation, and CPU microseconds per operation on each kind of thread.
 */
export async function measureThreads(op, concurrency, seconds) {
  const before = threadTicks();
  const serverBefore = serverTicks();
  const idleBefore = machineIdle();
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
  const serverAfter = serverTicks();
  const idleAfter = machineIdle();
  const cpu = (kind) => ((after[kind] - before[kind]) * 10_000) / ops;
  const idlePercent = ((idleAfter.idle - idleBefore.idle) * 10_000 * 100) / (wallUs * idleAfter.cores);
  return {
    opsPerSec: ops / (wallUs / 1e6),
    wallUsPerOp: wallUs / ops,
    mainCpuUsPerOp: cpu('main'),
    runtimeCpuUsPerOp: cpu('runtime'),
    otherCpuUsPerOp: cpu('other'),
    serverCpuUsPerOp: ((serverAfter - serverBefore) * 10_000) / ops,
    machineIdlePercent: idlePercent,
  };
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
      const row = { concurrency, [label]: name };
      for (const key of ['opsPerSec', 'wallUsPerOp', 'mainCpuUsPerOp', 'runtimeCpuUsPerOp', 'otherCpuUsPerOp', 'serverCpuUsPerOp', 'machineIdlePercent']) row[key] = pick(key);
      results.push(row);
      console.log(
        `${prefix}c=${concurrency} ${name.padEnd(6)} ${String(row.opsPerSec).padStart(8)} ops/s  ${String(row.wallUsPerOp).padStart(6)} µs/op  CPU µs/op: main ${row.mainCpuUsPerOp}, runtime thread ${row.runtimeCpuUsPerOp}, other threads ${row.otherCpuUsPerOp}, local server ${row.serverCpuUsPerOp}; machine idle ${row.machineIdlePercent}%`,
      );
    }
  }
  return results;
}
