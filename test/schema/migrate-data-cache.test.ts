/**
 * The cache of migration files' data: a pure-data file is read from it the second time (shown by
 * editing the cached entry, which the next load then returns — and checks, like a file), while files
 * with functions or value imports are always loaded, and a damaged cache only costs speed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importsOnlyTypes } from '../../src/core/schema/migrate/migration-data-cache.js';
import { loadMigrationFiles } from '../../src/core/schema/migrate/migration-files.js';

const CACHE_FILE = 'migration-data-v1.json';
const DATA = "import type { MigrationDefinition } from 'oxen-orm';\nexport default { operations: [{ op: 'dropTable', table: 'a' }] } satisfies MigrationDefinition;\n";

describe('migration data cache', () => {
  let cacheDir: string;
  let dir: string;
  const before = process.env.OXEN_CACHE_DIR;
  const cached = (): Record<string, unknown> => (JSON.parse(readFileSync(join(cacheDir, CACHE_FILE), 'utf8')) as { entries: Record<string, unknown> }).entries;

  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'oxen-cache-'));
    dir = mkdtempSync(join(tmpdir(), 'oxen-cached-migrations-'));
    process.env.OXEN_CACHE_DIR = cacheDir;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.OXEN_CACHE_DIR;
    else process.env.OXEN_CACHE_DIR = before;
  });

  it('keeps a pure-data file by its checksum and reads it from there next time, checked', async () => {
    writeFileSync(join(dir, '0001_drop.ts'), DATA);
    const [first] = await loadMigrationFiles(dir);
    expect(Object.keys(cached())).toEqual([first!.checksum]);

    // What the next load returns comes from the cache: change the entry, not the file.
    const entries = cached();
    entries[first!.checksum] = { operations: [{ op: 'dropTable', table: 'from_cache' }] };
    writeFileSync(join(cacheDir, CACHE_FILE), JSON.stringify({ format: 1, entries }));
    expect((await loadMigrationFiles(dir))[0]!.operations).toEqual([{ op: 'dropTable', table: 'from_cache' }]);

    // A damaged entry is refused as a damaged file would be.
    entries[first!.checksum] = { operations: [{ op: 'dropTables' }] };
    writeFileSync(join(cacheDir, CACHE_FILE), JSON.stringify({ format: 1, entries }));
    await expect(loadMigrationFiles(dir)).rejects.toThrow(/0001_drop\.ts: operation 1: op must be one of/);

    // An unreadable cache: the file is loaded again, and the cache rewritten.
    writeFileSync(join(cacheDir, CACHE_FILE), '{ not json');
    expect((await loadMigrationFiles(dir))[0]!.operations).toEqual([{ op: 'dropTable', table: 'a' }]);
    expect(Object.keys(cached())).toEqual([first!.checksum]);
  });

  it('never keeps a file with a function, or one importing values', async () => {
    writeFileSync(join(dir, '0001_js.ts'), "export default { operations: [{ op: 'runJs', up: async () => {} }] };\n");
    writeFileSync(join(dir, '0002_import.ts'), "import { join } from 'node:path';\nexport default { operations: [{ op: 'dropTable', table: join('a') }] };\n");
    const files = await loadMigrationFiles(dir);
    expect(files).toHaveLength(2);
    expect(() => cached()).toThrow(/ENOENT/);
  });

  it('tells type-only imports from value imports', () => {
    expect(importsOnlyTypes(DATA)).toBe(true);
    expect(importsOnlyTypes("import { x } from './shared';\nexport default {};")).toBe(false);
    expect(importsOnlyTypes("import * as s from './shared';")).toBe(false);
    expect(importsOnlyTypes("const s = require('./shared');")).toBe(false);
    expect(importsOnlyTypes("const s = await import('./shared');")).toBe(false);
    expect(importsOnlyTypes("export { x } from './shared';")).toBe(false);
  });
});
