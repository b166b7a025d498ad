/**
 * `oxen monitor --prometheus host:port`: the server's latest sampled statistics as Prometheus text,
 * under the names postgres_exporter and mysqld_exporter use where they overlap, so dashboards built
 * for those exporters read it. A scrape serves the last reading; it never queries the server itself,
 * so scrapes cost the database nothing and cannot pile up on it.
 */
import { createServer, type Server } from 'node:http';
import { Registry } from 'prom-client';
import { UsageError } from '../../ground/errors.js';
import type { ExporterSeries } from '../../dialect/server-stats.js';
import type { ListenAddress } from './listen-address.js';
import type { ServerSource } from './server-source.js';

export interface RunningExporter {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveServerMetrics(source: ServerSource, address: ListenAddress): Promise<RunningExporter> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if ((req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the metrics are at /metrics\n');
      return;
    }
    renderMetrics(source).then(
      (text) => res.writeHead(200, { 'content-type': Registry.PROMETHEUS_CONTENT_TYPE }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`),
    );
  });
  await listen(server, address);
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function renderMetrics(source: ServerSource): Promise<string> {
  const { snapshot, up } = source.latest;
  const stats = source.exporterStats;
  const series: ExporterSeries[] = [{ name: stats.upMetric, help: 'Whether the last reading of the server succeeded.', type: 'gauge', labels: {}, value: up ? 1 : 0 }];
  if (snapshot) series.push(...stats.prometheus(snapshot, source.statsTarget));
  const registry = new Registry();
  for (const [name, group] of groupByName(series)) {
    const first = group[0]!;
    registry.registerMetric({
      name,
      help: first.help,
      type: first.type,
      get: async () => ({ name, help: first.help, type: first.type, values: group.map((s) => ({ labels: s.labels, value: s.value })) }),
    } as unknown as Parameters<Registry['registerMetric']>[0]);
  }
  return registry.metrics();
}

function groupByName(series: readonly ExporterSeries[]): Map<string, ExporterSeries[]> {
  const out = new Map<string, ExporterSeries[]>();
  for (const s of series) {
    const group = out.get(s.name);
    if (group) group.push(s);
    else out.set(s.name, [s]);
  }
  return out;
}

function listen(server: Server, address: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EACCES' ? 'permission denied' : error.message;
      reject(new UsageError('USAGE', `--prometheus ${address.host}:${address.port}: cannot listen (${why}); choose another port`));
    });
    server.listen(address.port, address.host, () => resolve());
  });
}
