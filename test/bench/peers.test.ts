/**
 * `benchmark performance --peers`: every peer ORM runs every standard workload on SQLite, PostgreSQL
 * and MariaDB with each answer verified, a peer that answers wrongly fails its cells, and a peer
 * that is not installed or cannot connect is skipped with one line.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPeers } from '../../src/core/bench/peers/open-peers.js';
import type { PeerDefinition } from '../../src/core/bench/peers/peer.js';
import { PEER_NAMES } from '../../src/core/bench/peers/peer-list.js';
import type { BenchmarkReport } from '../../src/core/bench/report.js';
import { runPerformance } from '../../src/core/bench/run-performance.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { WORKLOAD_NAMES } from '../../src/core/bench/workloads/index.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { renderReadmeTable } from '../../src/ui/bench/readme-table.js';
import { assertBuilt, runOxen, runOxenAsync } from '../cli/run-oxen.js';
import { mysqlUrl, postgresUrl, sqliteUrl } from '../support/databases.js';

let cwd: string;
beforeAll(() => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'oxen-peers-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const targets: [string, string | undefined][] = [
  ['sqlite', undefined],
  ['postgres', postgresUrl],
  ['mysql', mysqlUrl],
];

describe.each(targets.filter(([name, url]) => name === 'sqlite' || url !== undefined))('--peers all on %s', (dialect, url) => {
  let report: BenchmarkReport;
  let stdout: string;
  beforeAll(async () => {
    const out = `peers-${dialect}.json`;
    const args = ['benchmark', 'performance', '--peers', 'all', '--executor', 'js', '--iterations', '6', '--rounds', '2', '--concurrency', '1,2', '--scale', '0.1'];
    const r = await runOxenAsync([...args, '--table-prefix', 'oxen_bench_peers_', '--output', out, ...(url ? ['--url', url] : [])], { cwd });
    stdout = r.stdout;
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(readFileSync(join(cwd, out), 'utf8')) as BenchmarkReport;
  }, 300_000);

  it('writes a valid report naming each peer variant and its package versions', () => {
    expect(reportSchemaError(report)).toBeUndefined();
    const peers = new Set(report.peers!.map((p) => p.peer));
    const skipped = report.warnings.filter((w) => / skipped: /.test(w));
    // Every known peer either ran or says in one line why not.
    for (const name of PEER_NAMES) expect(peers.has(name) || skipped.some((w) => w.startsWith(`${name} skipped: `))).toBe(true);
    for (const name of ['drizzle', 'kysely', 'knex', 'typeorm', 'sequelize', 'mikro-orm']) expect(peers).toContain(name);
    expect(report.settings.variants).toEqual(expect.arrayContaining(report.peers!.map((p) => p.variant)));
    for (const p of report.peers!) for (const version of Object.values(p.packages)) expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.peers!.map((p) => p.variant)).toContain('drizzle_prepared');
  });

  it('runs every workload through every peer variant, every answer verified', () => {
    const variants = report.peers!.map((p) => p.variant);
    for (const workload of WORKLOAD_NAMES) {
      for (const concurrency of [1, 2]) {
        const cell = report.results.find((c) => c.workload === workload && c.concurrency === concurrency)!;
        for (const name of variants) {
          const v = cell.variants.find((x) => x.variant === name);
          expect(v, `${workload} c=${concurrency} ${name}`).toBeDefined();
          expect([v!.errors, v!.firstError], `${workload} c=${concurrency} ${name}`).toEqual([0, null]);
          expect(v!.ops).toBeGreaterThan(0);
        }
      }
    }
  });

  it('prints and renders the fastest Oxen executor against the fastest peer', () => {
    expect(stdout).toMatch(/Fastest Oxen executor vs fastest peer/);
    expect(stdout).toMatch(/ {2}simple_select c=1: js \d+\.\d\d×/);
    const table = renderReadmeTable([report]);
    expect(table).toMatch(/· Oxen vs fastest peer \|/);
    expect(table).toMatch(/\| simple_select \| 1 \|.* \d+\.\d\d×( \[[\d.]+–[\d.]+\])? \(js vs [a-z_-]+\) \|$/m);
    expect(table).toMatch(/--peers drizzle,kysely,knex,typeorm,sequelize,mikro-orm/);
  });
});

describe('peers that answer wrongly, are missing or fail to open', () => {
  const engine = { iterations: 4, rounds: 2, timeoutMs: 30_000 };

  it('a wrong answer fails the peer cell with the mismatch, never a fast run', async () => {
    const liar: PeerDefinition = {
      name: 'liar',
      packages: () => [],
      open: async () => ({
        variants: [{ variant: 'liar', queries: { userById: async (id) => ({ id, name: `User ${id + 1}`, email: `user${id}@example.com`, age: 20, isActive: true, createdAt: new Date() }) } }],
        close: async () => {},
      }),
    };
    const report = await runPerformance({ url: parseDatabaseUrl(sqliteUrl()), executors: ['js'], workloads: ['simple_select', 'filter_limit'], concurrency: [1], engine, scale: 0.05, keep: false, peers: [liar] });
    const cell = report.results.find((c) => c.workload === 'simple_select')!;
    const v = cell.variants.find((x) => x.variant === 'liar')!;
    expect(v.ops).toBe(0);
    expect(v.firstError).toMatch(/^wrong result: user \d+: expected name "User \d+", got "User \d+"$/);
    // A workload the peer cannot express has no column for it.
    expect(report.results.find((c) => c.workload === 'filter_limit')!.variants.map((x) => x.variant)).not.toContain('liar');
  });

  it('a missing package skips the peer with the install line; an open failure with its error, password redacted', async () => {
    const missing: PeerDefinition = { name: 'ghost', packages: () => ['oxen-no-such-orm'], open: async (t) => t.load('oxen-no-such-orm') };
    const failing: PeerDefinition = {
      name: 'broken',
      packages: () => [],
      open: async (t) => {
        throw new Error(`cannot connect to postgres://bench:${t.url.password}@127.0.0.1:1/x`);
      },
    };
    const peers = await openPeers([missing, failing], parseDatabaseUrl('postgres://bench:s3cret-pw@127.0.0.1:1/x'), 1, { users: 'u', posts: 'p', items: 'i' }, cwd);
    expect(peers.variants).toEqual([]);
    expect(peers.skipped).toEqual([
      'ghost skipped: oxen-no-such-orm is not installed in this project (npm install --save-dev oxen-no-such-orm)',
      expect.stringMatching(/^broken skipped: it failed to open: cannot connect to postgres:\/\/bench:\*\*\*@127\.0\.0\.1:1\/x$/),
    ]);
    expect(peers.skipped.join('\n')).not.toContain('s3cret-pw');
    await peers.close();
  });

  it('an unknown or empty --peers is one line and exit 2', () => {
    for (const [flag, message] of [
      ['hibernate', /^Error: unknown peer "hibernate" in --peers: choose from drizzle, kysely, knex, typeorm, sequelize, mikro-orm, prisma, or all$/],
      [' , ', /^Error: --peers is empty/],
    ] as const) {
      const r = runOxen(['benchmark', 'performance', '--peers', flag, '--output', 'never.json'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
    }
  });
});
