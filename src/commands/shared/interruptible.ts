/**
 * Ctrl+C during a benchmark: the engine stops at its next chunk, the run cleans up after itself
 * (tables dropped, teardowns run), no report is written, and the command leaves with 130.
 */
export async function runInterruptibly<T>(
  view: { abort(): void },
  interruptedMessage: string,
  exit: (code: number) => never,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    return await work(interrupt.signal);
  } catch (error) {
    view.abort();
    if (!interrupt.signal.aborted) throw error;
    process.stderr.write(`${interruptedMessage}\n`);
    return exit(130);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
