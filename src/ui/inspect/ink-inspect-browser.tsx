/**
 * Runs the browser until `q`, Ctrl-C or the command's stop signal, then puts the terminal back: Ink
 * unmounted, raw mode off, the cursor shown, and the screen as it was before (the browser draws on the
 * terminal's alternate screen, as `less` and `top` do, so quitting leaves the shell's scrollback intact).
 */
import { render } from 'ink';
import type { Inspection } from '../../core/dialect/introspector.js';
import { InspectBrowser } from './inspect-browser.js';

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
/** A stream that no longer drains must not hold up the command's exit. */
const EXIT_WAIT_MS = 1000;

export interface BrowseOptions {
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** Aborted by the command on SIGINT / SIGTERM. */
  readonly signal?: AbortSignal;
}

export async function browseInspection(inspection: Inspection, options: BrowseOptions = {}): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  if (options.signal?.aborted) return;
  const alternate = stdout.isTTY === true;
  if (alternate) stdout.write(ENTER_ALTERNATE_SCREEN);
  let quit = (): void => {};
  const quitted = new Promise<void>((resolve) => (quit = resolve));
  options.signal?.addEventListener('abort', quit, { once: true });
  // exitOnCtrlC is off so Ctrl-C reaches the browser, which quits through the same path as `q`.
  const instance = render(<InspectBrowser inspection={inspection} onQuit={quit} />, {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: stdout === process.stdout,
  });
  try {
    await quitted;
  } finally {
    options.signal?.removeEventListener('abort', quit);
    const exited = instance.waitUntilExit().catch(() => undefined);
    try {
      instance.unmount();
    } finally {
      restoreTerminal(stdout, stdin, alternate);
    }
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, EXIT_WAIT_MS).unref())]);
  }
}

/** What Ink's unmount already does, again, for the exits where Ink's own cleanup did not run; then the screen from before. */
function restoreTerminal(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream, alternate: boolean): void {
  if (stdin.isTTY && stdin.isRaw && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
  if (stdout.isTTY && !stdout.destroyed && stdout.writable) stdout.write(`${SHOW_CURSOR}${alternate ? LEAVE_ALTERNATE_SCREEN : ''}`);
}
