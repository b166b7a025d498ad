/**
 * `benchmark performance --replica URL --via URL`: each executor measured a second time with its
 * reads routed to the streaming replica (`<kind>+replicas`) and a third time through PgBouncer
 * (`<kind>+via`), in the same run, every answer verified; and the flags' mistakes as one line.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkReport } from '../../src/core/bench/report.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { WORKLOAD_NAMES } from '../../src/core/bench/workloads/index.js';
import { assertBuilt, runOxen, runOxenAsync } from '../cli/run-oxen.js';
import { mysqlUrl, optionalServer, postgresReplicaUrl, postgresUrl } from '../support/databases.js';

const replicaUrl = optionalServer(postgresReplicaUrl, 'a PostgreSQL streaming replica', 'OXEN_TEST_POSTGRES_REPLICA_URL');
const bouncerUrl = optionalServer(process.env.OXEN_TEST_PGBOUNCER_URL, 'PgBouncer in transaction mode', 'OXEN_TEST_PGBOUNCER_URL');

let cwd: string;
beforeAll(() => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'oxen-bench-replica-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe.skipIf(!postgresUrl || !replicaUrl || !bouncerUrl)('--replica and --via on PostgreSQL', () => {
  let report: BenchmarkReport;

  beforeAll(async () => {
    const args = ['benchmark', 'performance', '--url', postgresUrl!, '--replica', replicaUrl!, '--via', bouncerUrl!, '--executor', 'js,native'];
    const settings = ['--iterations', '6', '--rounds', '2', '--concurrency', '1,2', '--scale', '0.1', '--table-prefix', 'oxen_bench_rr_', '--output', 'rr.json'];
    const run = await runOxenAsync([...args, ...settings], { cwd });
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(readFileSync(join(cwd, 'rr.json'), 'utf8')) as BenchmarkReport;
  }, 300_000);

  it('names the extra variants and the URLs they used, redacted, in a valid report', () => {
    expect(reportSchemaError(report)).toBeUndefined();
    expect(report.settings.variants).toEqual(['raw', 'raw_array', 'js', 'native', 'js+replicas', 'native+replicas', 'js+via', 'native+via']);
    expect(report.environment.database).toMatchObject({ replicas: [replicaUrl], via: bouncerUrl });
  });

  it('runs every workload through every extra variant with every answer verified', () => {
    for (const workload of WORKLOAD_NAMES) {
      for (const concurrency of [1, 2]) {
        const cell = report.results.find((c) => c.workload === workload && c.concurrency === concurrency)!;
        for (const name of ['js+replicas', 'native+replicas', 'js+via', 'native+via']) {
          const v = cell.variants.find((x) => x.variant === name);
          expect([v?.errors, v?.firstError], `${workload} c=${concurrency} ${name}`).toEqual([0, null]);
          expect(v!.ops).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('--replica and --via mistakes', () => {
  it.each([
    [['--replica', 'postgres://a@127.0.0.1:5433/x'], /--replica needs a PostgreSQL or MySQL\/MariaDB --url; the benchmark's database is SQLite/],
    [['--url', 'postgres://a:pw@127.0.0.1:1/x', '--via', 'mysql://root:pw@127.0.0.1:1/x'], /--via mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\/x is mysql but --url is postgres/],
    [['--url', 'postgres://a@127.0.0.1:1/x', '--via', 'nonsense'], /^--via: /],
  ])('%j is one line, exit 2, and no report', (flags, message) => {
    const run = runOxen(['benchmark', 'performance', ...flags, '--output', 'never.json'], { cwd });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(/^Error: /, '')).toMatch(message);
    expect(run.stderr).not.toContain(':pw@');
  });

  it.skipIf(!mysqlUrl)('a replica of another kind than --url is refused', () => {
    const run = runOxen(['benchmark', 'performance', '--url', postgresUrl ?? 'postgres://a@127.0.0.1:1/x', '--replica', mysqlUrl!, '--output', 'never.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--replica mysql:\/\/\S+ is mysql but --url is postgres/);
  });
});
