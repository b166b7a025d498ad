#!/usr/bin/env node
/**
 * Client instructions per ORM operation, counted by valgrind (cachegrind, no cache simulation), for
 * one or more builds: the question `oxen benchmark ab` cannot settle on a noisy machine, whether one
 * build's code does more work per operation than another's. Instruction counts do not move with the
 * machine's scheduling, so builds a percent apart are told apart where wall time spreads ±20%.
 *
 * Each build runs the loop twice, with `--ops` low and high, and the difference over the extra
 * operations is the figure: start-up, connecting and most of the JIT's warm-up fall out. Counted are
 * the client process's instructions in all its threads (the native executor's runtime thread too),
 * not the database server's, and not time spent waiting: a build that sleeps and wakes more per
 * statement costs the same here. Needs valgrind (`apt-get install valgrind`), about a minute a build.
 *
 *   node scripts/calibration/instructions-per-op.mjs --url postgres://… --executor native \
 *     --workload prefetch_related [--ops 3000,11000] <build dir> [<build dir> …]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const LOOP = fileURLToPath(new URL('instructions-loop.mjs', import.meta.url));

const { values, positionals: builds } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'sqlite:///tmp/oxen-instructions.db' },
    executor: { type: 'string', default: 'native' },
    workload: { type: 'string', default: 'simple_select' },
    ops: { type: 'string', default: '3000,11000' },
  },
});

class ScriptError extends Error {}
function fail(message) {
  throw new ScriptError(message);
}

function loop(build, what, ops, counted) {
  const args = [LOOP, build, values.url, values.executor, what, String(ops)];
  const run = counted
    ? spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) fail(`${build} ${what}: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ')}`);
  if (!counted) return 0;
  const line = run.stderr.split('\n').find((l) => /I\s+refs:/.test(l));
  if (!line) fail(`${build}: valgrind printed no instruction count`);
  return Number(line.split(':')[1].replace(/[,\s]/g, ''));
}

function main() {
  const [low, high] = values.ops.split(',').map(Number);
  if (!(Number.isInteger(low) && Number.isInteger(high) && high > low && low > 0)) fail('--ops takes two whole numbers, low,high (e.g. 3000,11000)');
  if (builds.length === 0) fail('name at least one build directory (a checkout with dist/ built)');
  if (spawnSync('valgrind', ['--version']).error) fail('valgrind is not installed: apt-get install valgrind');
  loop(builds[0], 'seed', 0, false);
  try {
    console.log(`${values.workload}, ${values.executor} executor: instructions per operation, operations ${low + 1}–${high}`);
    for (const build of builds) {
      const perOp = (loop(build, values.workload, high, true) - loop(build, values.workload, low, true)) / (high - low);
      console.log(`${Math.round(perOp).toLocaleString('en-US').padStart(12)}  ${build}`);
    }
  } finally {
    loop(builds[0], 'drop', 0, false);
  }
}

try {
  main();
} catch (error) {
  if (!(error instanceof ScriptError)) throw error;
  console.error(`instructions-per-op: ${error.message}`);
  process.exitCode = 2;
}
