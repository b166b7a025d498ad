/**
 * Ctrl+C during a benchmark, the terminal's part. `onCtrlC` is the jobs' `interruptible`: SIGINT
 * aborts the signal the run goes on with, listened for only while the run runs; the run stops at its
 * next chunk, cleans up (tables dropped, teardowns run), no report is written, and the job rejects
 * with RunInterrupted. `exitIfInterrupted` then puts its message on stderr and leaves with 130.
 */
import { RunInterrupted } from '../../core/bench/bench-job.js';
import { createBenchmarkView, type BenchmarkView } from '../../ui/bench/benchmark-view.js';
import type { RenderMode } from '../../ui/render-mode.js';

export const EXIT_INTERRUPTED = 130;

export async function onCtrlC<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    return await run(interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export async function exitIfInterrupted<T>(exit: (code: number) => never, job: () => Promise<T>): Promise<T> {
  try {
    return await job();
  } catch (error) {
    if (!(error instanceof RunInterrupted)) throw error;
    process.stderr.write(`${error.message}\n`);
    return exit(EXIT_INTERRUPTED);
  }
}

/** What a benchmark job gets from its command: the view for `mode`, titled `<command> · <dialect>`, and Ctrl+C. */
export function benchmarkUi(mode: RenderMode, color: boolean, command: string) {
  return {
    open: (dialect: string): Promise<BenchmarkView> => createBenchmarkView(mode, { title: `${command} · ${dialect}`, color: mode === 'ink' && color }),
    interruptible: onCtrlC,
  };
}
