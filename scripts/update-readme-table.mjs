#!/usr/bin/env node
/**
 * Regenerates the benchmark tables in README.md from the committed reports in bench-results/ (and
 * bench-results/peers/), between their markers, so the README never shows a number that is not in a report.
 *   npm run build && node scripts/update-readme-table.mjs
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { readmeTableFromDirectory, README_TABLES } = await import(join(root, 'dist/ui/bench/readme-section.js'));
const readmePath = join(root, 'README.md');
let readme = readFileSync(readmePath, 'utf8');
for (const { start: open, end: close, folder } of README_TABLES) {
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) {
    console.error(`README.md has no ${open} … ${close} markers`);
    process.exit(2);
  }
  const table = readmeTableFromDirectory(join(root, 'bench-results', folder), readdirSync);
  readme = readme.slice(0, start + open.length) + '\n' + table + '\n' + readme.slice(end);
}
writeFileSync(readmePath, readme);
console.log('README.md: benchmark tables regenerated from bench-results/ and bench-results/peers/');
