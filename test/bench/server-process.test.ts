/**
 * The command's handle on its benchmark server process, with a process that speaks the protocol but
 * has no database: a server killed while the command asks it for its CPU time ends in a rejection
 * naming the death, never in an uncaught EPIPE from the IPC channel (which once crashed the CLI).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startBenchServer } from '../../src/core/bench/http/server-process.js';

const PEER = fileURLToPath(new URL('./processes/answers-then-idles.mjs', import.meta.url));
const START = { url: 'sqlite://unused', executors: [], tablePrefix: 'unused_', scale: 0.1, poolSize: 1, keep: false } as const;

describe('benchmark server process handle', () => {
  it('answers CPU time while the process lives, and rejects with how it died once killed, however often it is asked meanwhile', async () => {
    for (let round = 0; round < 20; round++) {
      const server = await startBenchServer(START, PEER);
      expect(await server.cpuUs()).toBe(1);
      process.kill(server.pid, 'SIGKILL');
      // Ask on every turn of the loop, as a running cell would: some asks fall in the moment when the
      // channel still looks connected but the process is gone.
      const asks: Promise<unknown>[] = [];
      while (server.death() === undefined) {
        asks.push(server.cpuUs().catch((error: Error) => error.message));
        await new Promise((resolve) => setImmediate(resolve));
      }
      asks.push(server.cpuUs().catch((error: Error) => error.message));
      const answers = await Promise.all(asks);
      expect(answers.at(-1)).toBe('the benchmark server killed by SIGKILL');
      for (const answer of answers) expect([1, 'the benchmark server killed by SIGKILL']).toContain(answer);
      await server.stop();
    }
  });

  it('says how a process that cannot start died', async () => {
    await expect(startBenchServer(START, fileURLToPath(new URL('./processes/no-such-file.mjs', import.meta.url)))).rejects.toThrow(/^the benchmark server exited with code 1; its last words: .*before it served$/);
  });
});
