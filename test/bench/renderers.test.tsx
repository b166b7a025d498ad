import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/core/bench/compare-reports.js';
import type { EngineEvent } from '../../src/core/bench/engine.js';
import { renderGateMarkdown } from '../../src/ui/bench/gate-markdown.js';
import { renderGateTable } from '../../src/ui/bench/gate-table.js';
import { toActionBenchmark } from '../../src/ui/bench/github-action-benchmark.js';
import { initialLiveState, reduceLive } from '../../src/ui/bench/live-state.js';
import { LiveView } from '../../src/ui/bench/live-view.js';
import { renderPlainReport } from '../../src/ui/bench/plain-report.js';
import { renderReadmeTable } from '../../src/ui/bench/readme-table.js';
import { ResultsTable } from '../../src/ui/bench/results-table.js';
import { createBenchmarkView } from '../../src/ui/bench/benchmark-view.js';
import { reportJson } from '../../src/core/bench/report-file.js';
import { cell, normalSamples, report, variant } from './fixtures.js';

const sample = report([
  cell('simple_select', 1, [variant('raw', [10_000, 10_200, 9_900, 10_100, 10_050]), variant('js', [8_000, 8_100, 7_900, 8_050, 8_000])]),
  cell('bulk_insert', 16, [variant('raw', [100, 101, 99, 100, 100]), variant('js', [90, 91, 89, 90, 90], { errors: 2, firstError: 'boom', warnings: ['2 operation(s) failed: boom'] })]),
]);

function capture(): NodeJS.WriteStream & { text: string } {
  const stream = { text: '', write(chunk: string) { this.text += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('benchmark renderers', () => {
  it('plain: a cli-table3 table with throughput, spread, latencies, CPU and the share of raw', () => {
    const text = renderPlainReport(sample);
    expect(text).toMatch(/│ simple_select\s+│\s+1 │ raw\s+│\s+10,050 │/);
    expect(text).toMatch(/│ simple_select\s+│\s+1 │ js\s+│\s+8,010 │.*│\s+80% │/);
    expect(text).toMatch(/│ bulk_insert .* js .*│\s+90% │\s+2 │\n/);
    expect(text).toContain('PostgreSQL 15.19 (postgres://bench:***@db:5432/x)');
    expect(text).toContain('bulk_insert c=16 js: 2 operation(s) failed: boom');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('json view: the report, and only the report, on stdout', async () => {
    const stdout = capture();
    const stderr = capture();
    const view = await createBenchmarkView('json', { title: 't', color: false, stdout, stderr });
    view.status('seeding');
    await view.finish(sample, '/tmp/x.json');
    expect(stdout.text).toBe(reportJson(sample));
    expect(JSON.parse(stdout.text).schemaVersion).toBe(1);
    expect(stderr.text).toBe('');
  });

  it('plain view: progress lines on stderr, the table on stdout', async () => {
    const stdout = capture();
    const stderr = capture();
    const view = await createBenchmarkView('plain', { title: 't', color: false, stdout, stderr });
    view.status('Seeding');
    view.onEvent({ type: 'cell-end', cell: sample.results[0]! });
    await view.finish(sample, '/tmp/x.json');
    expect(stderr.text).toBe('Seeding\nsimple_select c=1: raw 10,050 ops/s, js 8,010 ops/s (80% of raw)\nReport written to /tmp/x.json\n');
    expect(stdout.text).toContain('│ Workload');
  });

  it('Ink live view: a row per workload and concurrency with progress, live ops/s and p50/p99', () => {
    const events: EngineEvent[] = [
      { type: 'cell-start', workload: 'simple_select', concurrency: 16, variants: ['raw', 'js'], rounds: 2 },
      { type: 'round', workload: 'simple_select', concurrency: 16, variant: 'raw', round: 1, rounds: 2, opsPerSec: 12_345, p50Ms: 0.0412, p99Ms: 1.5, errors: 0 },
      { type: 'round', workload: 'simple_select', concurrency: 16, variant: 'js', round: 1, rounds: 2, opsPerSec: 9_876, p50Ms: 0.05, p99Ms: 2, errors: 3 },
    ];
    const state = events.reduce(reduceLive, { ...initialLiveState('oxen benchmark performance · sqlite'), status: 'Running' });
    const { lastFrame, rerender } = render(<LiveView state={state} />);
    const frame = lastFrame()!;
    expect(frame).toContain('oxen benchmark performance · sqlite');
    expect(frame).toContain('Running');
    expect(frame).toContain('simple_select c=16  ██████░░░░░░  raw   12,345 ops/s  p50 0.0412  p99   1.50 ms');
    expect(frame).toContain('                                js     9,876 ops/s  p50 0.0500  p99   2.00 ms  3 errors');
    const done = reduceLive(state, { type: 'cell-end', cell: { ...sample.results[0]!, concurrency: 16 } });
    rerender(<LiveView state={done} />);
    expect(lastFrame()).toContain('simple_select c=16  ████████████  raw   10,050 ops/s');
    expect(lastFrame()).toMatch(/ js +8,010 ops\/s .* ms {2}80% of raw/);
  });

  it('Ink final table: the same rows as the plain table, warnings and the report path', () => {
    const { lastFrame } = render(<ResultsTable report={sample} path="bench-results/x.json" />);
    const frame = lastFrame()!;
    expect(frame).toMatch(/Workload\s+Conc\s+Variant\s+ops\/s/);
    expect(frame).toMatch(/simple_select\s+1\s+js\s+8,010\s+.*80%/);
    expect(frame).toContain('! bulk_insert c=16 js: 2 operation');
    expect(frame).toContain('Report written to bench-results/x.json');
  });

  it('compare: a table within 100 columns, latencies with --verbose, PR Markdown and github-action-benchmark entries', () => {
    const head = report([cell('simple_select', 1, [variant('raw', normalSamples(10, 10_000, 100, 1)), variant('js', normalSamples(10, 6_000, 100, 2))])]);
    const base = report([cell('simple_select', 1, [variant('raw', normalSamples(10, 10_000, 100, 3)), variant('js', normalSamples(10, 8_000, 100, 4))])]);
    const g = compareReports(base, head, { threshold: 0.05, noiseFloor: 0.25, metric: 'ops' });
    const plain = renderGateTable(g);
    for (const line of plain.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(plain).toMatch(/^Workload\s+C\s+Variant\s+Base\s+Head\s+Change \[95% CI\]\s+Verdict$/m);
    expect(plain).toMatch(/^simple_select\s+1\s+js ÷raw\s+80%\s+60%\s+-2\d% \[-\d+\.\d, -\d+\.\d\]\s+regression$/m);
    expect(plain).toMatch(/^simple_select\s+1\s+js\s+[\d,]+\/s\s+[\d,]+\/s\s+-2\d% \[.*\]\s+inconclusive \(not gated\)$/m);
    expect(plain).toMatch(/^simple_select\s+1\s+raw\s+[\d,]+\/s\s+[\d,]+\/s\s+\S+ \[.*\]\s+no change \(not gated\)$/m);
    expect(plain).not.toMatch(/p50 .* → .* ms/);
    expect(plain).toMatch(/^Regression: simple_select c=1 js — worse by more than 5%, confirmed after correction$/m);
    const verbose = renderGateTable(g, { verbose: true });
    expect(verbose).toMatch(/^ {4}p50 1\.00 → 1\.00 ms, p95 1\.70 → 1\.70 ms, p99 2\.00 → 2\.00 ms$/m);
    for (const line of verbose.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    const md = renderGateMarkdown(g);
    expect(md).toMatch(/^### Oxen benchmark: ❌ Regression/);
    expect(md).toContain('| Workload | C | Variant | Base | Head | Change [95% CI] | Verdict | Latency p50 / p95 / p99 (base → head) |');
    expect(md).toMatch(/\| simple_select \| 1 \| raw \| .* \| no change \(not gated\) \| p50 1\.00 → 1\.00 ms/);
    const entries = toActionBenchmark(head);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ name: 'postgres simple_select c=1 [js]', unit: 'ops/s' });
    expect(entries[1]!.value).toBeCloseTo(head.results[0]!.variants[1]!.opsPerSec, 1);
    expect(entries[1]!.range).toMatch(/^± \d/);
  });

  it('README table: one row per workload and concurrency, ORM as a share of raw, and how to reproduce it', () => {
    const md = renderReadmeTable([sample]);
    expect(md).toContain('| Workload | Conc | PostgreSQL 15.19 · js | PostgreSQL 15.19 · raw |');
    expect(md).toContain('| simple_select | 1 | 8,010 (80%) | 10,050 |');
    expect(md).toMatch(/`oxen benchmark performance --url postgres:\/\/bench:\*\*\*@db:5432\/x --duration 1 --rounds 10 --concurrency 1,16 --executor js`/);
  });
});
