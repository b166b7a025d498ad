/** The README's benchmark tables are exactly what the committed reports in bench-results/ render to. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { README_TABLES, readmeTableFromDirectory } from '../../src/ui/bench/readme-section.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

it.each(README_TABLES)('$folder matches its reports (regenerate with `npm run bench:table`)', ({ start: open, end: close, folder }) => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  expect(start).toBeGreaterThan(0);
  const shown = readme.slice(start + open.length, end).trim();
  expect(shown).toBe(readmeTableFromDirectory(join(root, 'bench-results', folder), readdirSync).trim());
  expect(shown).toMatch(/simple_select/);
});
