/**
 * `oxen monitor`'s clock: reads both sources every interval (at a fixed rate, not interval + time
 * spent reading), flattens the metrics, evaluates the alerts, and hands each sample on. The first
 * reading has no interval behind it: `emitBaseline` decides whether it is shown (the dashboard) or
 * only diffed against (`--once`, `check`).
 */
import type { AlertEvaluator } from './alert-rules.js';
import type { AppSource } from './app-source.js';
import { flattenMetrics } from './metrics.js';
import type { MonitorSample } from './monitor-sample.js';
import type { ServerSource } from './server-source.js';

export const INTERVAL_LIMITS_S = { min: 0.2, max: 3600 } as const;

export interface MonitorLoopOptions {
  readonly server?: ServerSource;
  readonly app?: AppSource;
  readonly intervalS: number;
  readonly alerts: AlertEvaluator;
  /** Stop after this many samples with an interval behind them. */
  readonly samples?: number;
  /** Stop once this many seconds have been sampled. */
  readonly durationS?: number;
  readonly emitBaseline: boolean;
  readonly signal?: AbortSignal;
  readonly onSample: (sample: MonitorSample) => void;
}

export class MonitorLoop {
  private intervalMs: number;
  private wake: (() => void) | undefined;
  private seq = 0;
  private lastAt = 0;

  constructor(private readonly options: MonitorLoopOptions) {
    this.intervalMs = options.intervalS * 1000;
  }

  get intervalS(): number {
    return this.intervalMs / 1000;
  }

  /** Takes effect at once: the wait in progress is re-timed from the last sample. */
  setIntervalS(seconds: number): void {
    this.intervalMs = Math.min(INTERVAL_LIMITS_S.max, Math.max(INTERVAL_LIMITS_S.min, seconds)) * 1000;
    this.wake?.();
  }

  /** Resolves when the sample count or duration is reached, or the signal aborts. */
  async run(): Promise<void> {
    const { signal, samples, durationS } = this.options;
    const deadline = durationS !== undefined ? Date.now() + durationS * 1000 : Infinity;
    let measured = 0;
    let readingAt = Date.now();
    const baseline = await this.read();
    if (this.options.emitBaseline) this.options.onSample(baseline);
    while (!signal?.aborted && Date.now() < deadline) {
      if (samples !== undefined && measured >= samples) return;
      await this.waitUntil(() => Math.min(readingAt + this.intervalMs, deadline));
      if (signal?.aborted) return;
      readingAt = Date.now();
      this.options.onSample(await this.read());
      measured++;
    }
  }

  /** Sleeps until `due()`, asked again whenever the interval changes. */
  private async waitUntil(due: () => number): Promise<void> {
    const { signal } = this.options;
    for (;;) {
      const left = due() - Date.now();
      if (left <= 0 || signal?.aborted) return;
      const changed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => done(false), left);
        const onAbort = (): void => done(false);
        const done = (interrupted: boolean): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.wake = undefined;
          resolve(interrupted);
        };
        this.wake = () => done(true);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      if (!changed) return;
    }
  }

  private async read(): Promise<MonitorSample> {
    const { server, app, alerts, signal } = this.options;
    const now = Date.now();
    const [serverView, appView] = await Promise.all([server?.sample() ?? null, app?.sample(signal) ?? null]);
    const at = new Date(now).toISOString();
    const elapsedS = this.lastAt === 0 ? 0 : Math.round(now - this.lastAt) / 1000;
    this.lastAt = now;
    const metrics = flattenMetrics(serverView, appView);
    return { seq: ++this.seq, at, elapsedS, server: serverView, app: appView, metrics, alerts: alerts.evaluate(metrics, at) };
  }
}
