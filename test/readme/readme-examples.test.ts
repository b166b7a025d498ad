/**
 * Every TypeScript example in README.md runs as written (against the built package) and prints what
 * its `// …` comments say.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = mkdtempSync(join(tmpdir(), 'oxen-readme-'));

describe('README examples', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(3));

  it.each(blocks.map((code, i) => [i + 1, code] as const))('example %i runs and prints what it says', (i, code) => {
    const source = code.replaceAll("from 'oxen-orm'", `from ${JSON.stringify(join(root, 'dist/index.js'))}`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const file = join(dir, `example-${i}.mjs`);
    writeFileSync(file, js);
    const stdout = execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    const expected = code.split('\n').filter((l) => /console\.log\(.*\); \/\/ /.test(l)).map((l) => l.slice(l.lastIndexOf('; // ') + 5));
    expect(stdout.trim().split('\n')).toEqual(expected);
  });
});
