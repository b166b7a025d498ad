/**
 * `oxen benchmark http --target URL --requests FILE` against a small server started here: every
 * answer counted by the server is compared with the report, a 500 endpoint fails the run, a 404 the
 * list expects does not, the body, headers and credentials arrive, and bad input is one line.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkReport, VariantResult } from '../../src/core/bench/report.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { assertBuilt, runOxenAsync, type OxenRun } from '../cli/run-oxen.js';

const AUTH = `Basic ${Buffer.from('bench:s3cret').toString('base64')}`;

/** Requests the server answered, by `METHOD path`, and requests whose body or headers were not as sent. */
const seen = new Map<string, number>();
const wrongRequests: string[] = [];
let server: Server;
let base: string;
let cwd: string;

function handle(req: IncomingMessage, body: string): { status: number; body: string } {
  if (req.headers.authorization !== AUTH) wrongRequests.push(`authorization ${req.headers.authorization ?? 'missing'}`);
  switch (`${req.method} ${req.url}`) {
    case 'GET /api/ok':
      return { status: 200, body: '{"ok":true}' };
    case 'POST /api/items':
      if (body !== '{"title":"x","tags":[1,2]}' || req.headers['content-type'] !== 'application/json') wrongRequests.push(`POST body ${body}`);
      return { status: 201, body };
    case 'GET /api/gone':
      return { status: 404, body: 'gone' };
    case 'GET /api/fail':
      return { status: 500, body: 'broken' };
    default:
      wrongRequests.push(`unexpected ${req.method} ${req.url}`);
      return { status: 400, body: '' };
  }
}

beforeAll(async () => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'oxen-http-'));
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const key = `${req.method} ${req.url}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const answer = handle(req, body);
      res.statusCode = answer.status;
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(cwd, { recursive: true, force: true });
});

function requestsFile(name: string, list: unknown): string {
  const path = join(cwd, name);
  writeFileSync(path, JSON.stringify(list));
  return path;
}
const http = (args: string[]): Promise<OxenRun> => runOxenAsync(['benchmark', 'http', ...args], { cwd });
const readReport = (name: string): BenchmarkReport => JSON.parse(readFileSync(join(cwd, name), 'utf8')) as BenchmarkReport;
/** The error is the last line of stderr, and no stack trace is printed. */
function oneLineError(r: OxenRun, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(pattern);
  expect(lines.filter((l) => l.startsWith('Error: '))).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

const LIST = [
  { name: 'ok', path: '/ok' },
  { name: 'create', method: 'POST', path: '/items', body: { title: 'x', tags: [1, 2] }, status: 201 },
  { path: '/gone', status: 404 },
  { path: '/fail' },
];

describe('oxen benchmark http --target', () => {
  it('measures each request at each number of connections, counts what the server answered, and fails the run on the 500s', async () => {
    const file = requestsFile('list.json', LIST);
    seen.clear();
    wrongRequests.length = 0;
    const r = await http(['--target', `http://bench:s3cret@${base}/api`, '--requests', file, '--connections', '1,4', '--duration', '0.5', '--rounds', '5', '--output', 'run.json']);

    oneLineError(r, /^Error: the benchmark had failures \(GET \/fail c=1 target: \d+ failed; GET \/fail c=4 target: \d+ failed\); see run\.json$/);
    expect(`${r.stdout}${r.stderr}${readFileSync(join(cwd, 'run.json'), 'utf8')}`).not.toContain('s3cret');
    const report = readReport('run.json');
    expect(reportSchemaError(report)).toBeUndefined();
    expect(report.tool).toBe('oxen benchmark http');
    expect(report.http).toEqual({ target: `http://bench:***@${base}/api`, pipelining: 1, loadGenerator: expect.stringMatching(/^autocannon \d+\.\d+\.\d+$/) });
    expect(report.results.map((c) => [c.workload, c.concurrency])).toEqual([
      ['ok', 1], ['ok', 4], ['create', 1], ['create', 4], ['GET /gone', 1], ['GET /gone', 4], ['GET /fail', 1], ['GET /fail', 4],
    ]);
    expect(wrongRequests).toEqual([]);

    const variants = (workload: string): VariantResult[] => report.results.filter((c) => c.workload === workload).map((c) => c.variants[0]!);
    const sum = (vs: VariantResult[], key: 'ops' | 'errors' | 'non2xx'): number => vs.reduce((n, v) => n + (v[key] ?? 0), 0);
    for (const workload of ['ok', 'create', 'GET /gone']) {
      for (const v of variants(workload)) {
        expect(v).toMatchObject({ variant: 'target', errors: 0, timeouts: 0, firstError: null });
        expect(v.ops).toBeGreaterThan(0);
        // The report rounds to six significant digits.
        expect(Math.abs(v.opsPerSec - v.ops / v.measuredSeconds) / v.opsPerSec).toBeLessThan(1e-5);
        expect(v.latencyMs!.p50).toBeGreaterThan(0);
        expect(v.latencyMs!.p999).toBeGreaterThanOrEqual(v.latencyMs!.p99);
        expect(v.cpuUsPerOp).toBeGreaterThan(0);
      }
    }
    // The expected 404s are operations, and every one of them is non-2xx; the 500s are errors and non-2xx.
    for (const v of variants('GET /gone')) expect(v.non2xx).toBe(v.ops);
    for (const v of [...variants('ok'), ...variants('create')]) expect(v.non2xx).toBe(0);
    for (const v of variants('GET /fail')) {
      expect(v).toMatchObject({ ops: 0, timeouts: 0, firstError: 'GET /fail answered 500: broken (expected 200)', latencyMs: null });
      expect(v.errors).toBeGreaterThan(0);
      expect(v.non2xx).toBe(v.errors);
    }
    // The server answered everything the report counts, plus the probe and the warm-up.
    expect(seen.get('GET /api/ok')).toBeGreaterThan(sum(variants('ok'), 'ops'));
    expect(seen.get('POST /api/items')).toBeGreaterThan(sum(variants('create'), 'ops'));
    expect(seen.get('GET /api/fail')).toBeGreaterThan(sum(variants('GET /fail'), 'errors'));
    expect([...seen.keys()].sort()).toEqual(['GET /api/fail', 'GET /api/gone', 'GET /api/ok', 'POST /api/items']);
  });

  it('writes reports `benchmark compare` gates on', async () => {
    const file = requestsFile('ok.json', [{ name: 'ok', path: '/api/ok' }]);
    const args = ['--target', `http://bench:s3cret@${base}`, '--requests', file, '--connections', '2', '--duration', '0.5', '--rounds', '5'];
    const first = await http([...args, '--output', 'a.json']);
    const second = await http([...args, '--output', 'b.json']);
    expect([first.code, second.code]).toEqual([0, 0]);
    const compare = await runOxenAsync(['benchmark', 'compare', 'a.json', 'b.json'], { cwd });
    expect(compare.stdout).toMatch(/^ok\s+2\s+target\s+[\d,.]+\/s\s+[\d,.]+\/s/m);
    expect(compare.stderr).not.toMatch(/FAILED/);
  });

  it('refuses bad input with one line before loading anything, and never replaces a report', async () => {
    const ok = requestsFile('fine.json', [{ path: '/ok' }]);
    oneLineError(await http(['--requests', ok]), /--requests goes with --target \(your running service\); without --target Oxen serves its own endpoints/);
    oneLineError(await http(['--target', `http://${base}`]), /--requests FILE is required with --target/);
    oneLineError(await http(['--target', `http://${base}`, '--requests', join(cwd, 'nope.json')]), /--requests .*nope\.json: no such file/);
    writeFileSync(join(cwd, 'bad.json'), '[{"path": "/ok",]');
    oneLineError(await http(['--target', `http://${base}`, '--requests', join(cwd, 'bad.json')]), /bad\.json: not valid JSON/);
    const cases: [unknown, RegExp][] = [
      [[], /the request list is empty/],
      [{ paths: [] }, /expected an array of requests, or \{ "requests": \[\.\.\.\] \}/],
      [[{ method: 'GET' }], /request 1: "path" must be a string starting with "\/"/],
      [[{ path: '/ok' }, { path: 'ok' }], /request 2: "path" must be a string starting with "\/".*not "ok"/],
      [[{ path: '/ok', method: 'FETCH' }], /"method" must be one of GET, HEAD, POST/],
      [[{ path: '/ok', status: 700 }], /"status" \(the status expected\) must be a whole number from 100 to 599, not 700/],
      [[{ path: '/ok', expect: 200 }], /unknown field "expect"; the fields are name, method, path, headers, body, status/],
      [[{ path: '/ok', headers: { 'x-n': 1 } }], /header "x-n" must be a string, not 1/],
      [[{ path: '/ok' }, { path: '/ok' }], /request 2: another request is also named "GET \/ok"/],
    ];
    for (const [list, pattern] of cases) oneLineError(await http(['--target', `http://${base}`, '--requests', requestsFile('case.json', list)]), pattern);
    oneLineError(await http(['--target', 'ftp://example.com', '--requests', ok]), /only http:\/\/ and https:\/\/ services can be loaded/);
    oneLineError(await http(['--target', 'http://u:pw@127.0.0.1:1/x?y=1', '--requests', ok]), /--target http:\/\/u:\*\*\*@127\.0\.0\.1:1\/x\?y=1: give the base URL only/);
    oneLineError(await http(['--target', `http://${base}`, '--requests', ok, '--connections', '0']), /--connections: "0" is not a whole number from 1 to 1024/);

    // Nothing listens on a port just released: one line, and no report.
    const idle = createServer();
    await new Promise<void>((resolve) => idle.listen(0, '127.0.0.1', resolve));
    const port = (idle.address() as AddressInfo).port;
    await new Promise((resolve) => idle.close(resolve));
    const refused = await http(['--target', `http://bench:s3cret@127.0.0.1:${port}`, '--requests', ok, '--output', 'never.json']);
    oneLineError(refused, new RegExp(`cannot reach http://bench:\\*\\*\\*@127\\.0\\.0\\.1:${port}/ \\(GET /ok\\): ECONNREFUSED — is the service running at that address\\?`));
    expect(refused.stderr).not.toContain('s3cret');
    expect(existsSync(join(cwd, 'never.json'))).toBe(false);

    writeFileSync(join(cwd, 'kept.json'), 'precious');
    oneLineError(await http(['--target', `http://${base}/api`, '--requests', ok, '--output', 'kept.json']), /kept\.json already exists: pass --force/);
    expect(readFileSync(join(cwd, 'kept.json'), 'utf8')).toBe('precious');
  });
});
