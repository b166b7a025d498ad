/**
 * The monitor's side of the app exporter: one reading of `/metrics.json`, checked, or one error line
 * saying whether the app is down, slow, or not an Oxen exporter at all.
 */
import { ConnectionError, UsageError } from '../../ground/errors.js';
import { redactSecrets, redactUrl } from '../../ground/redact.js';
import { checkSnapshot, type AppSnapshot } from './app-snapshot.js';

export interface ReadAppMetricsOptions {
  /** Default 3000. */
  readonly timeoutMs?: number;
  /** Aborting it rejects with its reason, so a stopping monitor is not mistaken for a down app. */
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 3_000;

export async function readAppMetrics(baseUrl: string, options: ReadAppMetricsOptions = {}): Promise<AppSnapshot> {
  const { url, authorization } = snapshotUrl(baseUrl);
  const shown = redactUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  let body: unknown;
  try {
    const response = await fetch(url, { signal: AbortSignal.any(signals), headers: { accept: 'application/json', ...authorization } });
    if (response.status === 404) {
      await response.body?.cancel();
      throw new UsageError('USAGE', `app exporter: ${shown} answered 404: not an Oxen app exporter (start one in the app with serveMetrics())`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ConnectionError('CONNECTION_FAILED', `app exporter: ${shown} answered HTTP ${response.status}`);
    }
    const text = await response.text();
    try {
      body = JSON.parse(text);
    } catch {
      throw new UsageError('USAGE', `app exporter: ${shown} is not an Oxen app exporter (its answer is not JSON)`);
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof UsageError || error instanceof ConnectionError) throw error;
    throw new ConnectionError('CONNECTION_FAILED', `app exporter: ${shown} ${failure(error, timeoutMs)}`, { cause: error });
  }
  const checked = checkSnapshot(body);
  if (!checked.ok) throw new UsageError('USAGE', `app exporter: ${shown} is ${checked.reason}`);
  return checked.snapshot;
}

/**
 * `http://app:9464`, `…/` and `…/metrics` all mean the exporter there. Credentials in the URL go
 * in a Basic authorization header, since fetch refuses URLs that carry them.
 */
function snapshotUrl(baseUrl: string): { url: string; authorization: { authorization?: string } } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError('URL_INVALID', `app exporter: ${JSON.stringify(redactUrl(baseUrl))} is not a URL (expected e.g. http://127.0.0.1:9464)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('URL_INVALID', `app exporter: ${redactUrl(baseUrl)} is not an http(s) URL (expected e.g. http://127.0.0.1:9464)`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/metrics.json') ? path : path.endsWith('/metrics') ? `${path}.json` : `${path}/metrics.json`;
  const authorization: { authorization?: string } = {};
  if (url.username || url.password) {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    authorization.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { url: url.toString(), authorization };
}

/** Why fetch failed, in words: `is down (ECONNREFUSED)`, `did not answer within 3000 ms`. */
function failure(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `did not answer within ${timeoutMs} ms`;
  const code = e?.cause?.code;
  if (code) return `is down (${code})`;
  return `could not be read: ${redactSecrets(e?.cause?.message ?? e?.message ?? String(error))}`;
}
