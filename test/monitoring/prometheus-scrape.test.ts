/**
 * A real Prometheus (Debian's package) scrapes the app exporter and `oxen monitor --prometheus`, and
 * the series are read back from its HTTP API: names, labels and values as a Grafana dashboard sees them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, disconnect, serveMetrics } from '../../src/index.js';
import { assertBuilt } from '../cli/run-oxen.js';
import { optionalServer, requireServers, sqliteUrl } from '../support/databases.js';
import { freePort, startOxen, type RunningOxen } from './oxen-process.js';

const postgres = optionalServer(process.env.OXEN_TEST_POSTGRES_URL, 'PostgreSQL', 'OXEN_TEST_POSTGRES_URL');
const hasPrometheus = spawnSync('prometheus', ['--version']).status === 0;
if (!hasPrometheus) {
  const why = 'the prometheus binary is not installed (apt-get install prometheus)';
  if (requireServers) throw new Error(`OXEN_TEST_REQUIRE_SERVERS=1 but ${why}`);
  process.stderr.write(`\n*** ${why} — SKIPPING the Prometheus scrape test ***\n`);
}

const QUERIES = 37;

describe.skipIf(!hasPrometheus || !postgres)('a real Prometheus scraping both exporters', () => {
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let monitor: RunningOxen | undefined;
  let app: { url: string; close(): Promise<void> } | undefined;
  let api: string;

  beforeAll(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'oxen-prom-'));
    const [appPort, monitorPort, promPort] = [await freePort(), await freePort(), await freePort()];
    // The exporter counts from when it starts, as in an app that calls serveMetrics() at boot.
    app = await serveMetrics({ port: appPort });
    const [db] = await connect({ databases: { default: sqliteUrl() } });
    for (let i = 0; i < QUERIES; i++) await db!.query({ sql: 'SELECT ? AS n', params: [i] });
    monitor = startOxen(['monitor', 'start', '--url', postgres!, '--interval', '1', '--prometheus', `127.0.0.1:${monitorPort}`], { cwd: dir });
    await monitor.waitFor(/\S/);
    writeFileSync(join(dir, 'prometheus.yml'), [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: app',
      `    static_configs: [{ targets: ['127.0.0.1:${appPort}'] }]`,
      '  - job_name: server',
      `    static_configs: [{ targets: ['127.0.0.1:${monitorPort}'] }]`,
      '',
    ].join('\n'));
    api = `http://127.0.0.1:${promPort}/api/v1`;
    prometheus = spawn('prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ], { stdio: 'ignore' });
  }, 60_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await monitor?.stop();
    await app?.close();
    await disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const res = await fetch(`${api}/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    expect(body.status).toBe('success');
    return body.data.result;
  }

  /** Prometheus needs a scrape or two after it starts: ask until the series is there. */
  async function eventually(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const deadline = Date.now() + 40_000;
    for (;;) {
      const result = await query(promql).catch(() => []);
      if (result.length > 0 || Date.now() > deadline) return result;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('reads the app\'s query counter and latency histogram as the app counted them', async () => {
    const total = await eventually('sum(oxen_queries_total{job="app",dialect="sqlite"})');
    expect(Number(total[0]?.value[1])).toBe(QUERIES);
    const count = await eventually('sum(oxen_query_duration_seconds_count{job="app"})');
    expect(Number(count[0]?.value[1])).toBe(QUERIES);
    const rss = await eventually('process_resident_memory_bytes{job="app"}');
    expect(Number(rss[0]?.value[1])).toBeGreaterThan(1e6);
  }, 60_000);

  it('reads the server\'s statistics under postgres_exporter\'s names', async () => {
    const up = await eventually('pg_up{job="server"}');
    expect(up[0]?.value[1]).toBe('1');
    const commits = await eventually('pg_stat_database_xact_commit{job="server"}');
    expect(commits[0]?.metric.datname).toBe(new URL(postgres!).pathname.slice(1));
    expect(Number(commits[0]?.value[1])).toBeGreaterThan(0);
    const size = await eventually('pg_database_size_bytes{job="server"}');
    expect(Number(size[0]?.value[1])).toBeGreaterThan(1e6);
    const sessions = await eventually('pg_stat_activity_count{job="server"}');
    expect(sessions.length).toBeGreaterThan(0);
  }, 60_000);
});
