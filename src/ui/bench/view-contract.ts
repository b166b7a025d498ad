/** What every benchmark renderer (JSON, plain, Ink) offers the commands. */
import type { EngineEvent } from '../../core/bench/engine.js';
import type { BenchmarkReport } from '../../core/bench/report.js';

export interface BenchmarkView {
  status(message: string): void;
  onEvent(event: EngineEvent): void;
  /** Shows the final results; `path` is where the report was written. */
  finish(report: BenchmarkReport, path: string | undefined): Promise<void>;
  /** Leaves the terminal clean after a failure. */
  abort(): void;
  /** Ends the live view without showing the report, for commands that print their own results. */
  close(): void;
}

export interface ViewOptions {
  readonly title: string;
  readonly color: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
}
