/**
 * `metricsHandler()`: the exporter's two routes, to mount on the app's own node:http server or as
 * Express-style middleware. Routes other than its own are left to the app (`next()` when given).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UsageError } from '../../ground/errors.js';
import { appCollector, type AppCollector } from './app-collector.js';
import { prometheusContentType, prometheusRegistry } from './prometheus-metrics.js';

export interface MetricsHandlerOptions {
  /** Where the Prometheus text is served; the JSON snapshot is at the same path plus `.json`. Default `/metrics`. */
  readonly path?: string;
}

export interface MetricsHandler {
  /** True when it answered the request; false when the request is the app's (after calling `next`, if given). */
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): boolean;
  /** Stops this handler: it answers nothing more, and the last one closed stops the collector listening. */
  close(): void;
}

export const DEFAULT_METRICS_PATH = '/metrics';

export function metricsHandler(options: MetricsHandlerOptions = {}): MetricsHandler {
  const path = metricsPath(options.path);
  const collector = appCollector();
  let release: (() => void) | undefined = collector.hold();
  const handler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): boolean => {
    if (release !== undefined && answer(collector, path, req, res)) return true;
    next?.();
    return false;
  };
  return Object.assign(handler, {
    close(): void {
      release?.();
      release = undefined;
    },
  });
}

function metricsPath(path: string | undefined): string {
  if (path === undefined) return DEFAULT_METRICS_PATH;
  if (!/^\/[^?#\s]*$/.test(path)) throw new UsageError('USAGE', `metricsHandler({ path: ${JSON.stringify(path)} }): the path must start with "/" and hold no query`);
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Answers the two routes; false for any other path. */
export function answer(collector: AppCollector, path: string, req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = (req.url ?? '/').split('?', 1)[0];
  const json = pathname === `${path}.json`;
  if (pathname !== path && !json) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed: use GET\n');
    return true;
  }
  const head = req.method === 'HEAD';
  if (json) {
    const text = JSON.stringify(collector.snapshot());
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(head ? undefined : text);
    return true;
  }
  prometheusRegistry(collector)
    .metrics()
    .then(
      (text) => res.writeHead(200, { 'content-type': prometheusContentType(), 'cache-control': 'no-store' }).end(head ? undefined : text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${(error as Error).message}\n`),
    );
  return true;
}
