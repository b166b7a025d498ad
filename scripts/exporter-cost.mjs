#!/usr/bin/env node
/**
 * The app exporter's cost, read from `oxen benchmark performance --exporter` reports: for each cell and
 * executor, throughput with the exporter listening over throughput without it, paired round by round
 * (the engine interleaves the variants, so round i of both ran side by side), as a geometric mean with
 * a 95% interval. Below 1 is slower.
 *
 *   node scripts/exporter-cost.mjs bench-results/monitor/exporter-overhead-*.json [--markdown out.md]
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { markdown: { type: 'string' } } });
// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; beyond, the normal's.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

function pairedRatio(withExporter, without) {
  const logs = withExporter.map((v, i) => Math.log(v / without[i])).filter(Number.isFinite);
  const n = logs.length;
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (T975[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  return { ratio: Math.exp(mean), low: Math.exp(mean - half), high: Math.exp(mean + half), rounds: n };
}

const rows = [];
for (const file of positionals) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const dialect = report.environment?.database?.dialect ?? file;
  for (const cell of report.results) {
    for (const plain of cell.variants) {
      const exporter = cell.variants.find((v) => v.variant === `${plain.variant}+exporter`);
      if (!exporter) continue;
      const r = pairedRatio(exporter.opsPerSecRounds.samples, plain.opsPerSecRounds.samples);
      rows.push({ dialect, workload: cell.workload, concurrency: cell.concurrency, executor: plain.variant, ...r });
    }
  }
}

const pct = (x) => `${((x - 1) * 100).toFixed(1)}%`;
const lines = [
  '| database | workload | c | executor | with exporter / without | 95% interval |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.dialect} | ${r.workload} | ${r.concurrency} | ${r.executor} | ${r.ratio.toFixed(3)} (${pct(r.ratio)}) | ${pct(r.low)} … ${pct(r.high)} |`),
];
console.log(lines.join('\n'));
for (const c of [...new Set(rows.map((r) => r.concurrency))]) {
  const at = rows.filter((r) => r.concurrency === c);
  const geo = Math.exp(at.reduce((a, r) => a + Math.log(r.ratio), 0) / at.length);
  console.log(`\nconcurrency ${c}: geometric mean over ${at.length} cells ${geo.toFixed(3)} (${pct(geo)}); worst ${pct(Math.min(...at.map((r) => r.ratio)))}`);
}
if (values.markdown) writeFileSync(values.markdown, `${lines.join('\n')}\n`);
