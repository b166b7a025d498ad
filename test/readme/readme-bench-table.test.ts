/** The README's benchmark table is exactly what the committed reports in bench-results/ render to. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { BENCH_TABLE_END, BENCH_TABLE_START, readmeTableFromDirectory } from '../../src/ui/bench/readme-section.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('matches bench-results/ (regenerate with `npm run bench:table`)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(BENCH_TABLE_START);
  const end = readme.indexOf(BENCH_TABLE_END);
  expect(start).toBeGreaterThan(0);
  const shown = readme.slice(start + BENCH_TABLE_START.length, end).trim();
  expect(shown).toBe(readmeTableFromDirectory(join(root, 'bench-results'), readdirSync).trim());
  expect(shown).toMatch(/simple_select/);
});
