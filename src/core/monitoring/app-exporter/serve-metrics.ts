/**
 * `serveMetrics()`: the app exporter on a port of its own, in one call. It serves `/metrics`
 * (Prometheus text) and `/metrics.json` (what `oxen monitor --app` reads), 404 for anything else.
 */
import { createServer, type Server } from 'node:http';
import { UsageError } from '../../ground/errors.js';
import { appCollector } from './app-collector.js';
import { DEFAULT_METRICS_PATH, answer } from './metrics-handler.js';

export interface ServeMetricsOptions {
  /** Default 9464 (the port OpenTelemetry's Prometheus exporter uses); 0 picks a free one. */
  readonly port?: number;
  /** Default 127.0.0.1: the metrics name the app's statements, so reaching them from elsewhere is opt-in. */
  readonly host?: string;
}

export interface MetricsServer {
  /** The base URL, e.g. `http://127.0.0.1:9464`: what `oxen monitor start --app` takes. */
  readonly url: string;
  /** Stops serving and frees the port; the last exporter closed stops the collector listening. */
  close(): Promise<void>;
}

export const DEFAULT_METRICS_PORT = 9464;

export async function serveMetrics(options: ServeMetricsOptions = {}): Promise<MetricsServer> {
  const port = options.port ?? DEFAULT_METRICS_PORT;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('USAGE', `serveMetrics: port ${port} is not a TCP port (0-65535)`);
  const collector = appCollector();
  const server = createServer((req, res) => {
    if (!answer(collector, DEFAULT_METRICS_PATH, req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: Oxen serves /metrics and /metrics.json\n');
    }
  });
  await listen(server, host, port);
  // An exporter is never the reason an app stays up: a batch job ends when its work does.
  server.unref();
  const release = collector.hold();
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        release();
        server.close(() => resolve());
        // A scraper's keep-alive connection would otherwise hold the port until it idles out.
        server.closeAllConnections();
      })),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use; pass another { port }`
          : error.code === 'EACCES'
            ? `no permission to listen on port ${port}; pass a port above 1023`
            : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
              ? `cannot listen on ${host}: not an address of this machine`
              : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(new UsageError('USAGE', `serveMetrics: ${why}`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
}
