/** oxen.config.ts and .mts: TypeScript config files compiled at run time with jiti. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/resolve-config.js';
import { UsageError } from '../../src/core/ground/errors.js';
import { rejection } from '../support/rejection.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oxen-config-ts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string): void => writeFileSync(join(dir, name), content);

const failure = (promise: Promise<unknown>): Promise<UsageError> => rejection(promise, UsageError);

describe('TypeScript config files', () => {
  it('finds and reads oxen.config.ts, types and all', async () => {
    write(
      'oxen.config.ts',
      [
        "import type { OxenConfig } from 'oxen-orm';",
        "const pool: number = 3;",
        "const config: OxenConfig = { databases: { default: 'sqlite:///tmp/from-ts.db' }, executor: 'js', performance: { connectionPoolSize: pool } };",
        'export default config;',
      ].join('\n'),
    );
    const r = await resolveConfig({}, { env: {}, cwd: dir });
    expect(r.file).toBe(join(dir, 'oxen.config.ts'));
    expect(r.config).toEqual({ databases: { default: 'sqlite:///tmp/from-ts.db' }, executor: 'js', performance: { connectionPoolSize: 3 } });
    expect(r.sources).toEqual({ databases: { default: 'oxen.config.ts' }, executor: 'oxen.config.ts' });
  });

  it('finds oxen.config.mts, and takes a .ts file from --config', async () => {
    write('oxen.config.mts', "export default { databases: { default: 'sqlite:///tmp/from-mts.db' } } as const;");
    expect((await resolveConfig({}, { env: {}, cwd: dir })).config.databases.default).toBe('sqlite:///tmp/from-mts.db');
    write('other.ts', "export default { databases: { default: 'sqlite:///tmp/other.db' } };");
    const r = await resolveConfig({ config: 'other.ts' }, { env: {}, cwd: dir });
    expect(r.config.databases.default).toBe('sqlite:///tmp/other.db');
  });

  it('an edited file is read afresh', async () => {
    write('oxen.config.ts', "export default { databases: { default: 'sqlite:///tmp/one.db' } };");
    expect((await resolveConfig({}, { env: {}, cwd: dir })).config.databases.default).toBe('sqlite:///tmp/one.db');
    write('oxen.config.ts', "export default { databases: { default: 'sqlite:///tmp/two.db' } };");
    expect((await resolveConfig({}, { env: {}, cwd: dir })).config.databases.default).toBe('sqlite:///tmp/two.db');
  });

  it('is checked like the others: invalid content, syntax errors, no default export, two config files', async () => {
    write('oxen.config.ts', "export default { databases: { default: 'nope://x' } };");
    expect((await failure(resolveConfig({}, { env: {}, cwd: dir }))).message).toMatch(/^oxen\.config\.ts: databases\.default is not a valid URL/);
    write('oxen.config.ts', 'export default { databases: ;');
    expect((await failure(resolveConfig({}, { env: {}, cwd: dir }))).message).toMatch(/^oxen\.config\.ts could not be loaded: /);
    write('oxen.config.ts', "export const config = { databases: { default: 'sqlite:///tmp/x.db' } };");
    expect((await failure(resolveConfig({}, { env: {}, cwd: dir }))).message).toBe('oxen.config.ts has no default export: export the configuration object');
    write('oxen.config.json', '{}');
    expect((await failure(resolveConfig({}, { env: {}, cwd: dir }))).message).toMatch(/found oxen\.config\.json and oxen\.config\.ts in .*: keep one, or pass --config/);
    write('config.yaml', 'databases: {}');
    expect((await failure(resolveConfig({ config: 'config.yaml' }, { env: {}, cwd: dir }))).message).toBe(
      'config file config.yaml: use a .ts, .mts, .json, .js or .mjs file',
    );
  });
});
