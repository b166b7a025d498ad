/**
 * How `oxen monitor start` shows its samples, per render mode. The command hands each sample to a
 * MonitorView and never touches Ink: the dashboard on a terminal, one plain line per sample for logs
 * and pipes, one JSON object per sample (NDJSON) with `--json`. Outside the dashboard, status messages
 * go to stderr so stdout carries only the samples.
 */
import type { RenderMode } from '../render-mode.js';
import { painter } from '../shared/paint.js';
import { plainHeading, plainMonitorLine } from './plain-line.js';
import type { InkMonitorOptions, MonitorControls, MonitorView } from './view-contract.js';

export type { InkMonitorOptions, MonitorControls, MonitorView };

/** Writes text as given (lines carry their own newline), like `stream.write`. */
export type Write = (text: string) => void;

export interface LineViewOptions {
  /** Where status messages and notes go; stderr unless given. */
  readonly writeStatus?: Write;
  /** Colour firing alerts red (plain only); the caller decides from the renderer, --no-color and NO_COLOR. */
  readonly color?: boolean;
}

const toStderr: Write = (text) => void process.stderr.write(text);

/**
 * One line per sample. What would repeat on every line and is only worth reading once (which
 * server, the sources' notes) goes to the status stream the first time it is seen.
 */
export function plainMonitorView(write: Write, options: LineViewOptions = {}): MonitorView {
  const writeStatus = options.writeStatus ?? toStderr;
  const paint = painter(options.color === true);
  const told = new Set<string>();
  const tellOnce = (text: string | undefined): void => {
    if (text === undefined || told.has(text)) return;
    told.add(text);
    writeStatus(`${text}\n`);
  };
  return {
    sample: (s) => {
      tellOnce(plainHeading(s));
      if (s.server?.status.state === 'up') for (const note of s.server.status.notes) tellOnce(`note: ${note}`);
      const line = plainMonitorLine(s);
      write(`${s.alerts.some((a) => a.firing) ? highlightFiring(line, paint) : line}\n`);
    },
    status: (message) => writeStatus(`${message}\n`),
    close: () => {},
  };
}

function highlightFiring(line: string, paint: ReturnType<typeof painter>): string {
  const at = line.lastIndexOf(' | firing: ');
  return at === -1 ? line : `${line.slice(0, at + 3)}${paint('red', line.slice(at + 3))}`;
}

/** One JSON document per sample and line: the sample itself, nothing added, nothing dropped. */
export function ndjsonMonitorView(write: Write, options: Pick<LineViewOptions, 'writeStatus'> = {}): MonitorView {
  const writeStatus = options.writeStatus ?? toStderr;
  return {
    sample: (s) => write(`${JSON.stringify(s)}\n`),
    status: (message) => writeStatus(`${message}\n`),
    close: () => {},
  };
}

/** Ink (and React) load only here: pipes, CI and --json start faster without them. */
export async function inkMonitorView(options: InkMonitorOptions): Promise<MonitorView> {
  const { InkMonitorView } = await import('./ink-monitor-view.js');
  return new InkMonitorView(options);
}

export interface MonitorViewOptions extends InkMonitorOptions {
  readonly stderr?: NodeJS.WriteStream;
  readonly color?: boolean;
}

/** The view for a render mode, writing samples to stdout and status to stderr. */
export async function createMonitorView(mode: RenderMode, options: MonitorViewOptions): Promise<MonitorView> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const writeStatus: Write = (text) => void stderr.write(text);
  if (mode === 'json') return ndjsonMonitorView((text) => void stdout.write(text), { writeStatus });
  if (mode === 'plain') return plainMonitorView((text) => void stdout.write(text), { writeStatus, color: options.color });
  return inkMonitorView({ ...options, stdout });
}
