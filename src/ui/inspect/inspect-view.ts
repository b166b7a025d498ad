/**
 * How `oxen inspect` shows an inspection, per render mode: the browser on a terminal, plain tables for
 * pipes and CI logs, the schema state itself with `--json`. Outside the browser, warnings go to stderr
 * (warning-lines.ts) so stdout carries only the result.
 */
import type { Inspection } from '../../core/dialect/introspector.js';
import type { RenderMode } from '../render-mode.js';
import { renderPlainInspection } from './plain-inspection.js';
import { warningLines } from './warning-lines.js';

export interface ShowOptions {
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  readonly color?: boolean;
  readonly signal?: AbortSignal;
}

export async function showInspection(mode: RenderMode, inspection: Inspection, options: ShowOptions = {}): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (mode === 'ink') {
    // Ink (and React) load only here: pipes, CI and --json start faster without them.
    const { browseInspection } = await import('./ink-inspect-browser.js');
    await browseInspection(inspection, { stdout, ...(options.stdin ? { stdin: options.stdin } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    return;
  }
  stdout.write(mode === 'json' ? `${JSON.stringify(inspection.state, null, 2)}\n` : renderPlainInspection(inspection, { color: options.color === true }));
  stderr.write(warningLines(inspection.warnings));
}

/** After a format was printed or written: the warnings, on stderr. */
export function reportWarnings(inspection: Inspection, stderr: NodeJS.WriteStream = process.stderr): void {
  stderr.write(warningLines(inspection.warnings));
}
