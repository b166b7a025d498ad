/**
 * What every monitor renderer (Ink, plain, NDJSON) offers the command, and what the dashboard's keys
 * may ask of the command. Apart from the factories so the Ink view can import it without a cycle.
 */
import type { MonitorSample } from '../../core/monitoring/monitor/monitor-sample.js';

export interface MonitorView {
  sample(s: MonitorSample): void;
  /** What the monitor is doing between samples (connecting, reconnecting, …). */
  status(message: string): void;
  /** Leaves the terminal as it was; safe to call more than once. */
  close(): Promise<void> | void;
}

/** What the dashboard's keys do to the command's loop. */
export interface MonitorControls {
  quit(): void;
  setIntervalS(seconds: number): void;
  /** The interval in force when the view starts. */
  readonly intervalS: number;
}

export interface InkMonitorOptions {
  readonly controls: MonitorControls;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** The clock sample ages are measured against; tests pass a fixed one. */
  readonly now?: () => number;
}
