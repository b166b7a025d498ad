/**
 * The monitor's view of an application's exporter (`serveMetrics()` in the app). Unlike the server,
 * an app that is not up yet is not a mistake — it may be starting, or restarting under a deploy —
 * so it is shown as down and retried from the first sample on.
 */
import { redactUrl } from '../../ground/redact.js';
import { appInterval, readAppMetrics, type AppSnapshot } from '../app-exporter/index.js';
import type { AppView } from './monitor-sample.js';
import { Outage } from './outage.js';

const READ_TIMEOUT_MS = 3_000;

export class AppSource {
  private previous: AppSnapshot | undefined;
  private readonly outage = new Outage();
  readonly url: string;

  constructor(private readonly baseUrl: string) {
    this.url = redactUrl(baseUrl);
  }

  async sample(signal?: AbortSignal): Promise<AppView> {
    if (!this.outage.due(Date.now())) return { url: this.url, status: this.outage.view() };
    try {
      const now = await readAppMetrics(this.baseUrl, { timeoutMs: READ_TIMEOUT_MS, ...(signal ? { signal } : {}) });
      const wasDown = this.outage.down;
      this.outage.recovered();
      const status = appInterval(wasDown ? undefined : this.previous, now);
      this.previous = now;
      return { url: this.url, status };
    } catch (error) {
      this.outage.failed(error instanceof Error ? error.message.split('\n')[0]! : String(error), Date.now());
      return { url: this.url, status: this.outage.view() };
    }
  }
}
