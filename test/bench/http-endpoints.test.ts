/**
 * `oxen benchmark http` on Oxen's own server, on SQLite, PostgreSQL and MariaDB: every endpoint for
 * raw and each executor, answers checked by the load generator; the rows `/updates` wrote read back
 * with another client; a server whose data is changed under it is caught answering wrongly, and a
 * server killed mid-run ends the run with one line and no report.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATED_AGE_MIN } from '../../src/core/bench/dataset/dataset.js';
import type { BenchmarkReport } from '../../src/core/bench/report.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { loadNative } from '../../src/core/executor/create-executor.js';
import { assertBuilt, bin, runOxenAsync, type OxenRun } from '../cli/run-oxen.js';
import { mysqlUrl, postgresUrl } from '../support/databases.js';
import { myQuery, pgQuery } from '../support/plain-sql.js';

const PREFIX = 'oxen_bench_http_';
let cwd: string;
let executors: string[];
beforeAll(async () => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'oxen-http-server-'));
  executors = (await loadNative())?.isNativeAvailable() === true ? ['js', 'native'] : ['js'];
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const SMALL = ['--connections', '2', '--duration', '0.4', '--rounds', '3', '--scale', '0.1', '--queries', '5', '--table-prefix', PREFIX];
/** The command's arguments: SMALL's settings, except those `args` gives itself. */
function withDefaults(args: string[]): string[] {
  const defaults: string[] = [];
  for (let i = 0; i < SMALL.length; i += 2) if (!args.includes(SMALL[i]!)) defaults.push(SMALL[i]!, SMALL[i + 1]!);
  return ['benchmark', 'http', ...defaults, ...args];
}
const http = (args: string[]): Promise<OxenRun> => runOxenAsync(withDefaults(args), { cwd });
const readReport = (name: string): BenchmarkReport => JSON.parse(readFileSync(join(cwd, name), 'utf8')) as BenchmarkReport;

function expectCleanRun(r: OxenRun, file: string, endpoints: string[]): BenchmarkReport {
  expect(r.stderr).not.toMatch(/^Error/m);
  expect(r.code).toBe(0);
  const report = readReport(file);
  expect(reportSchemaError(report)).toBeUndefined();
  expect(report.tool).toBe('oxen benchmark http');
  expect(report.settings.variants).toEqual(['raw', ...executors]);
  expect(report.results.map((c) => c.workload)).toEqual(endpoints);
  for (const cell of report.results) {
    expect(cell.variants.map((v) => v.variant)).toEqual(['raw', ...executors]);
    for (const v of cell.variants) {
      expect({ cell: cell.workload, variant: v.variant, errors: v.errors, timeouts: v.timeouts, non2xx: v.non2xx }).toEqual({ cell: cell.workload, variant: v.variant, errors: 0, timeouts: 0, non2xx: 0 });
      expect(v.ops).toBeGreaterThan(0);
      expect(v.serverCpuUsPerOp).toBeGreaterThan(0);
      expect(v.cpuUsPerOp).toBeGreaterThan(0);
    }
    for (const kind of executors) expect(cell.ratios[kind]).toBeGreaterThan(0);
  }
  return report;
}

describe('oxen benchmark http (Oxen serving its own endpoints)', () => {
  it('serves every endpoint for raw and each executor on a temporary SQLite file, and removes it', async () => {
    const r = await http(['--output', 'sqlite.json']);
    const report = expectCleanRun(r, 'sqlite.json', ['json', 'db', 'queries?n=5', 'updates?n=5', 'fortunes']);
    expect(report.environment.database!.dialect).toBe('sqlite');
    expect(report.http).toEqual({ target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/<variant>\/<endpoint>$/), pipelining: 1, loadGenerator: expect.stringMatching(/^autocannon /) });
    expect(existsSync(report.environment.database!.url.slice('sqlite://'.length))).toBe(false);
  });

  const servers: [string, string | undefined, (url: string, sql: string) => Promise<unknown[][]>, string][] = [
    ['PostgreSQL', postgresUrl, pgQuery, `SELECT COUNT(*) FROM ${PREFIX}users WHERE age >= ${UPDATED_AGE_MIN}`],
    ['MariaDB', mysqlUrl, myQuery, `SELECT COUNT(*) FROM ${PREFIX}users WHERE age >= ${UPDATED_AGE_MIN}`],
  ];
  for (const [name, url, query, updated] of servers) {
    it.runIf(url)(`serves every endpoint on ${name}; the ages /updates wrote are in the table, read by another client`, async () => {
      const r = await http(['--url', url!, '--keep', '--output', `${name}.json`]);
      expectCleanRun(r, `${name}.json`, ['json', 'db', 'queries?n=5', 'updates?n=5', 'fortunes']);
      try {
        expect(Number((await query(url!, updated))[0]![0])).toBeGreaterThan(0);
        expect(Number((await query(url!, `SELECT COUNT(*) FROM ${PREFIX}fortunes`))[0]![0])).toBe(12);
      } finally {
        for (const table of ['fortunes', 'items', 'posts', 'users']) await query(url!, `DROP TABLE IF EXISTS ${PREFIX}${table}`);
      }
    });
  }

  /** Runs the command, and calls `meddle` with the server's pid once it serves. */
  function runAndMeddle(args: string[], meddle: (pid: number) => Promise<void>): Promise<OxenRun> {
    return new Promise((resolve, reject) => {
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OXEN_')));
      const child = spawn(process.execPath, [bin, ...withDefaults(args)], { cwd, env: { ...env, CI: 'true' } });
      let stdout = '';
      let stderr = '';
      let meddled = false;
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        const serving = /Benchmark server (\d+) serving/.exec(stderr);
        if (serving && !meddled) {
          meddled = true;
          meddle(Number(serving[1])).catch(reject);
        }
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it.runIf(postgresUrl)('fails the run on wrong answers: users renamed under the server are caught on every variant', async () => {
    const r = await runAndMeddle(['--url', postgresUrl!, '--endpoints', 'db', '--output', 'wrong.json'], async () => {
      await pgQuery(postgresUrl!, `UPDATE ${PREFIX}users SET name = 'tampered'`);
    });
    expect(r.code).toBe(1);
    const last = r.stderr.trimEnd().split('\n').at(-1);
    expect(last).toMatch(new RegExp(`^Error: the benchmark had failures \\(db c=2 raw: \\d+ failed; ${executors.map((e) => `db c=2 ${e}: \\d+ failed`).join('; ')}\\); see wrong\\.json$`));
    const report = readReport('wrong.json');
    for (const v of report.results[0]!.variants) {
      expect(v.firstError).toMatch(/^GET \/\w+\/db: wrong answer: user \d+: expected name "User \d+", got "tampered"$/);
      expect(v.errors).toBeGreaterThan(0);
    }
  });

  it.runIf(postgresUrl)('ends the run with one line and no report when the server process dies', async () => {
    const r = await runAndMeddle(['--url', postgresUrl!, '--endpoints', 'db,queries', '--duration', '3', '--output', 'crash.json'], async (pid) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      process.kill(pid, 'SIGKILL');
    });
    try {
      expect(r.code).toBe(1);
      const lines = r.stderr.trimEnd().split('\n');
      // Killed before the first cell began (a loaded machine), the line cannot name a cell.
      expect(lines.at(-1)).toMatch(/^Error: the benchmark server killed by SIGKILL(, during db c=2 (raw|js|native); no report was written)?$/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(join(cwd, 'crash.json'))).toBe(false);
    } finally {
      // A killed server could not drop its tables.
      for (const table of ['fortunes', 'items', 'posts', 'users']) await pgQuery(postgresUrl!, `DROP TABLE IF EXISTS ${PREFIX}${table}`);
    }
  });

  it('refuses bad input with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--endpoints', 'db,plaintext'], /--endpoints: no endpoint "plaintext"; the endpoints are json, db, queries, updates, fortunes/],
      [['--requests', 'list.json'], /--requests goes with --target/],
      [['--target', 'http://127.0.0.1:1', '--requests', 'x.json', '--executor', 'js'], /--executor applies to Oxen's own server, not to --target/],
      [['--queries', '501'], /Expected an integer less than or equal to 500/],
      [['--url', 'postgres://app:s3cret@127.0.0.1:1/test'], /^Error: the benchmark server failed: cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/test: connection refused/],
    ];
    for (const [args, pattern] of cases) {
      const r = await runOxenAsync(['benchmark', 'http', ...args], { cwd });
      expect(r.code).not.toBe(0);
      expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(pattern);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).not.toContain('s3cret');
    }
  });
});
