/**
 * Serving the app exporter: on its own port or mounted on the app's server, its routes, its
 * lifecycle (port freed on close, collector listening only while something serves), and the
 * reader's one-line errors for an app that is down, slow or not an Oxen exporter.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasQueryListeners } from '../../src/core/ground/events.js';
import { metricsHandler, readAppMetrics, serveMetrics, type AppSnapshot } from '../../src/core/monitoring/app-exporter/index.js';
import { AutoField, ConnectionError, IntField, UsageError, connect, createTables, disconnect, model } from '../../src/index.js';
import { sqliteUrl } from '../support/databases.js';
import { rejection } from '../support/rejection.js';

const Tick = model('AppExporterTick', { id: AutoField(), n: IntField() }, { tableName: 'app_exporter_ticks' });

beforeAll(async () => {
  await connect({ databases: { default: sqliteUrl() } });
  await createTables([Tick]);
});
afterAll(async () => {
  await disconnect();
});

describe('serveMetrics', () => {
  it('listens to query events only while an exporter or handler is open', async () => {
    expect(hasQueryListeners()).toBe(false);
    const server = await serveMetrics({ port: 0 });
    const handler = metricsHandler();
    expect(hasQueryListeners()).toBe(true);
    await server.close();
    expect(hasQueryListeners()).toBe(true);
    handler.close();
    handler.close();
    expect(hasQueryListeners()).toBe(false);

    // Totals are kept while nobody listens, so counters never go backwards for a scraper.
    const again = await serveMetrics({ port: 0 });
    const before = await snapshot(again.url);
    await Tick.all().count();
    const after = await snapshot(again.url);
    expect(after.queries - before.queries).toBe(1);
    expect(after.instance).toBe(before.instance);
    await again.close();
    expect(hasQueryListeners()).toBe(false);
  });

  it('serves on 127.0.0.1 by default, 404 off its routes, 405 for other methods, HEAD without a body', async () => {
    const server = await serveMetrics({ port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/`)).status).toBe(404);
      expect((await fetch(`${server.url}/metricsx`)).status).toBe(404);
      const post = await fetch(`${server.url}/metrics`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      const head = await fetch(`${server.url}/metrics.json`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      expect((await fetch(`${server.url}/metrics?debug=1`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('frees its port on close, even with a scraper keeping its connection alive', async () => {
    const first = await serveMetrics({ port: 0 });
    const port = Number(new URL(first.url).port);
    await fetch(`${first.url}/metrics`, { headers: { connection: 'keep-alive' } }).then((r) => r.text());
    await first.close();
    await first.close();
    const second = await serveMetrics({ port });
    expect(second.url).toBe(first.url);
    expect((await snapshot(second.url)).format).toBe('oxen-app-metrics');
    await second.close();
  });

  it('rejects a port in use with one clear error naming it', async () => {
    const taken = await serveMetrics({ port: 0 });
    const port = Number(new URL(taken.url).port);
    try {
      const error = await rejection(serveMetrics({ port }), UsageError);
      expect(error.message).toBe(`serveMetrics: port ${port} on 127.0.0.1 is already in use; pass another { port }`);
      expect(error.code).toBe('USAGE');
    } finally {
      await taken.close();
    }
    // The failed attempt holds nothing: no listener left behind.
    expect(hasQueryListeners()).toBe(false);
    await expect(serveMetrics({ port: 70_000 })).rejects.toThrow(/port 70000 is not a TCP port/);
  });
});

describe('metricsHandler', () => {
  it("answers its two routes on the app's own server and leaves every other request to the app", async () => {
    const handler = metricsHandler();
    const answered: boolean[] = [];
    const app = await listening(
      createServer((req, res) => {
        const done = handler(req, res);
        answered.push(done);
        if (!done) res.writeHead(200, { 'content-type': 'text/plain' }).end(`app: ${req.url}`);
      }),
    );
    try {
      await Tick.create({ n: 1 });
      const text = await (await fetch(`${app}/metrics`)).text();
      expect(text).toMatch(/^oxen_queries_total\{database="default",dialect="sqlite",executor="(js|native)"\} [1-9]\d*$/m);
      expect((await snapshot(app)).queries).toBeGreaterThanOrEqual(1);
      expect(await (await fetch(`${app}/orders/7`)).text()).toBe('app: /orders/7');
      expect(await (await fetch(`${app}/metrics/extra`)).text()).toBe('app: /metrics/extra');
      expect(answered).toEqual([true, true, false, false]);
      // The reader takes the app's base URL, with or without the route.
      expect((await readAppMetrics(`${app}/metrics`, { timeoutMs: 2000 })).format).toBe('oxen-app-metrics');
    } finally {
      handler.close();
      await close(app);
    }
    expect(hasQueryListeners()).toBe(false);
  });

  it('works as Express-style middleware (req, res, next), and answers nothing once closed', async () => {
    const handler = metricsHandler({ path: '/ops/metrics/' });
    let nextCalls = 0;
    const app = await listening(
      createServer((req, res) => {
        handler(req, res, () => {
          nextCalls++;
          res.writeHead(418).end('next');
        });
      }),
    );
    try {
      expect((await fetch(`${app}/ops/metrics`)).status).toBe(200);
      expect((await snapshot(`${app}/ops`)).format).toBe('oxen-app-metrics');
      expect(nextCalls).toBe(0);
      expect((await fetch(`${app}/metrics`)).status).toBe(418);
      expect(nextCalls).toBe(1);
      handler.close();
      expect((await fetch(`${app}/ops/metrics`)).status).toBe(418);
      expect(nextCalls).toBe(2);
    } finally {
      handler.close();
      await close(app);
    }
    expect(() => metricsHandler({ path: 'metrics' })).toThrow(UsageError);
  });
});

describe('readAppMetrics', () => {
  it('says in one line when the app is down, without its password', async () => {
    const server = await serveMetrics({ port: 0 });
    const port = new URL(server.url).port;
    await server.close();
    const error = await rejection(readAppMetrics(`http://ops:s3cret@127.0.0.1:${port}`, { timeoutMs: 2000 }), ConnectionError);
    expect(error.message).toBe(`app exporter: http://127.0.0.1:${port}/metrics.json is down (ECONNREFUSED)`);
    expect(JSON.stringify(error.cause)).not.toContain('s3cret');
  });

  it('says when the app does not answer in time', async () => {
    const silent = await listening(createServer(() => undefined));
    try {
      const error = await rejection(readAppMetrics(silent, { timeoutMs: 200 }), ConnectionError);
      expect(error.message).toBe(`app exporter: ${silent}/metrics.json did not answer within 200 ms`);
    } finally {
      await close(silent);
    }
  });

  it('says when the URL is not an Oxen exporter, or one of another format version', async () => {
    let body = '';
    let status = 200;
    const other = await listening(createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body)));
    try {
      status = 404;
      expect((await rejection(readAppMetrics(other, { timeoutMs: 2000 }), UsageError)).message).toMatch(/answered 404: not an Oxen app exporter/);
      status = 200;
      body = '<html>';
      expect((await rejection(readAppMetrics(other, { timeoutMs: 2000 }), UsageError)).message).toMatch(/is not an Oxen app exporter \(its answer is not JSON\)$/);
      body = JSON.stringify({ status: 'ok' });
      expect((await rejection(readAppMetrics(other, { timeoutMs: 2000 }), UsageError)).message).toMatch(/is not an Oxen app exporter \(no "format": "oxen-app-metrics"\)$/);
      body = JSON.stringify({ format: 'oxen-app-metrics', version: 2 });
      expect((await rejection(readAppMetrics(other, { timeoutMs: 2000 }), UsageError)).message).toMatch(/format version 2; this oxen reads version 1/);
      body = JSON.stringify({ format: 'oxen-app-metrics', version: 1, instance: 'x' });
      expect((await rejection(readAppMetrics(other, { timeoutMs: 2000 }), UsageError)).message).toMatch(/malformed Oxen app snapshot \(bad or missing: startedAt, takenAt, latency, pid/);
      status = 503;
      expect((await rejection(readAppMetrics(other, { timeoutMs: 2000 }), ConnectionError)).message).toBe(`app exporter: ${other}/metrics.json answered HTTP 503`);
    } finally {
      await close(other);
    }
    await expect(readAppMetrics('127.0.0.1:9464')).rejects.toThrow('app exporter: "127.0.0.1:9464" is not a URL (expected e.g. http://127.0.0.1:9464)');
    await expect(readAppMetrics('ftp://127.0.0.1:9464')).rejects.toThrow(/is not an http\(s\) URL/);
  });

  it("rejects with the caller's abort reason, so a stopping monitor is not taken for a down app", async () => {
    const silent = await listening(createServer(() => undefined));
    try {
      const controller = new AbortController();
      const pending = readAppMetrics(silent, { timeoutMs: 5000, signal: controller.signal });
      controller.abort(new Error('monitor stopping'));
      await expect(pending).rejects.toThrow('monitor stopping');
    } finally {
      await close(silent);
    }
  });
});

async function snapshot(baseUrl: string): Promise<AppSnapshot> {
  const response = await fetch(`${baseUrl}/metrics.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as AppSnapshot;
}

const servers = new Map<string, Server>();

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.set(url, server);
  return url;
}

async function close(url: string): Promise<void> {
  const server = servers.get(url)!;
  servers.delete(url);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
