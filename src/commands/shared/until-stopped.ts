/**
 * How a long-running command (the monitor) stops: Ctrl+C or SIGTERM, `q` in the dashboard, or its
 * reader going away (stdout piped into `head`, which closes the pipe). Each ends the run cleanly —
 * the loop returns, the view restores the terminal, connections close — and the exit code is 0.
 */
export interface Stopper {
  readonly signal: AbortSignal;
  quit(): void;
}

export async function untilStopped<T>(run: (stop: Stopper) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const quit = (): void => controller.abort();
  const onPipeError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') quit();
  };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  process.stdout.on('error', onPipeError);
  try {
    return await run({ signal: controller.signal, quit });
  } finally {
    process.off('SIGINT', quit);
    process.off('SIGTERM', quit);
    process.stdout.off('error', onPipeError);
  }
}
