/**
 * How `oxen benchmark performance` shows a run, per render mode. Commands get a BenchmarkView and
 * never touch Ink: progress goes to stderr (the Ink live view, or plain lines), results to stdout
 * (the final table, or the report as JSON).
 */
import { reportJson } from '../../core/bench/report-file.js';
import type { RenderMode } from '../render-mode.js';
import { plainProgressLine } from './plain-progress.js';
import { renderPlainReport } from './plain-report.js';
import type { BenchmarkView, ViewOptions } from './view-contract.js';

export type { BenchmarkView, ViewOptions };

/** Ink (and React) load only in ink mode: pipes, CI and --json start faster without them. */
export async function createBenchmarkView(mode: RenderMode, options: ViewOptions): Promise<BenchmarkView> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (mode === 'json') {
    return {
      status: () => {},
      onEvent: () => {},
      finish: async (report) => void stdout.write(reportJson(report)),
      abort: () => {},
      close: () => {},
    };
  }
  if (mode === 'plain') {
    return {
      status: (message) => void stderr.write(`${message}\n`),
      onEvent: (event) => {
        const line = plainProgressLine(event);
        if (line) stderr.write(`${line}\n`);
      },
      finish: async (report, path) => {
        stdout.write(renderPlainReport(report, { color: options.color }));
        if (path) stderr.write(`Report written to ${path}\n`);
      },
      abort: () => {},
      close: () => {},
    };
  }
  const { inkBenchmarkView } = await import('./ink-benchmark-view.js');
  return inkBenchmarkView(options, stdout, stderr);
}

