/**
 * The ink-mode MonitorView: keeps the recent samples, re-renders the dashboard on each one, and on
 * close puts the terminal back (Ink unmounted, cursor shown, raw mode off) however the run ended.
 */
import { render, type Instance } from 'ink';
import type { MonitorSample } from '../../core/monitoring/monitor/monitor-sample.js';
import { MonitorDashboard } from './monitor-dashboard.js';
import type { InkMonitorOptions, MonitorView } from './view-contract.js';

/** More than the widest terminal's sparkline can show; older samples are of no use to the screen. */
const HISTORY = 512;
/** A stream that no longer drains must not hold up the command's exit. */
const EXIT_WAIT_MS = 1000;
const SHOW_CURSOR = '\u001B[?25h';

export class InkMonitorView implements MonitorView {
  private samples: readonly MonitorSample[] = [];
  private statusLine = '';
  private instance: Instance | undefined;
  private closing: Promise<void> | undefined;
  private readonly stdout: NodeJS.WriteStream;
  private readonly stdin: NodeJS.ReadStream;

  constructor(private readonly options: InkMonitorOptions) {
    this.stdout = options.stdout ?? process.stdout;
    this.stdin = options.stdin ?? process.stdin;
    // exitOnCtrlC is off so Ctrl-C reaches the dashboard, which asks the command to quit and lets it
    // stop its loop and close its connections. On the process's own stdout, a stray console.log (a
    // driver warning) would tear through the redraw, so Ink prints it above the dashboard instead.
    const patchConsole = this.stdout === process.stdout;
    this.instance = render(this.tree(), { stdout: this.stdout, stdin: this.stdin, exitOnCtrlC: false, patchConsole });
  }

  sample(s: MonitorSample): void {
    this.samples = this.samples.length >= HISTORY ? [...this.samples.slice(1 - HISTORY), s] : [...this.samples, s];
    this.instance?.rerender(this.tree());
  }

  status(message: string): void {
    this.statusLine = message;
    this.instance?.rerender(this.tree());
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private tree() {
    return <MonitorDashboard samples={this.samples} status={this.statusLine} controls={this.options.controls} now={this.options.now} />;
  }

  private async shutdown(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (!instance) return;
    // Asked for before unmounting: asked for after, the promise would wait for an exit already past.
    const exited = instance.waitUntilExit().catch(() => undefined);
    try {
      instance.unmount();
    } finally {
      restoreTerminal(this.stdout, this.stdin);
    }
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, EXIT_WAIT_MS).unref())]);
  }
}

/** What Ink's unmount already does, again, for the exits where Ink's own cleanup did not run. */
function restoreTerminal(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): void {
  if (stdin.isTTY && stdin.isRaw && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
  if (stdout.isTTY && !stdout.destroyed && stdout.writable) stdout.write(SHOW_CURSOR);
}
