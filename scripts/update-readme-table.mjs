#!/usr/bin/env node
/**
 * Regenerates the benchmark table in README.md from the committed reports in bench-results/, between
 * the bench-table markers, so the README never shows a number that is not in a report.
 *   npm run build && node scripts/update-readme-table.mjs
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { readmeTableFromDirectory, BENCH_TABLE_START, BENCH_TABLE_END } = await import(join(root, 'dist/ui/bench/readme-section.js'));
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(BENCH_TABLE_START);
const end = readme.indexOf(BENCH_TABLE_END);
if (start < 0 || end < start) {
  console.error(`README.md has no ${BENCH_TABLE_START} … ${BENCH_TABLE_END} markers`);
  process.exit(2);
}
const table = readmeTableFromDirectory(join(root, 'bench-results'), readdirSync);
writeFileSync(readmePath, readme.slice(0, start + BENCH_TABLE_START.length) + '\n' + table + '\n' + readme.slice(end));
console.log(`README.md: benchmark table regenerated from bench-results/`);
