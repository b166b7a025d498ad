/**
 * `oxen inspect diff` as a user runs it: models found through oxen.config.ts (loaded with jiti), a
 * database made by an earlier version of them, exit 3 on drift and 0 once the models match.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';

const MODELS_V1 = `
import { AutoField, CharField, ForeignKey, model } from 'oxen-orm';
export const Org = model('Org', { id: AutoField(), name: CharField({ maxLength: 80 }) }, { tableName: 'org' });
export const Member = model('Member', {
  id: AutoField(),
  org: ForeignKey(() => Org, { onDelete: 'CASCADE' }),
  email: CharField({ maxLength: 120 }),
}, { tableName: 'member' });
`;

const MODELS_V2 = MODELS_V1.replace("email: CharField({ maxLength: 120 }),", "email: CharField({ maxLength: 120 }),\n  age: IntField({ null: true }),").replace('AutoField, CharField', 'AutoField, CharField, IntField');

describe('oxen inspect diff (built binary, SQLite)', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'oxen-idiff-'));
    writeFileSync(join(dir, 'oxen.config.ts'), `export default { databases: { default: 'sqlite://./app.sqlite' }, models: './models.ts' };\n`);
    writeFileSync(join(dir, 'models.ts'), MODELS_V1);
  });

  it('says the database matches the models that created it (exit 0)', async () => {
    const { connect, createTables, disconnect } = await import('../../src/index.js');
    const { createJiti } = await import('jiti');
    const jiti = createJiti(import.meta.url, { moduleCache: false, alias: { 'oxen-orm': join(import.meta.dirname, '../../src/index.ts') } });
    const models = (await jiti.import(join(dir, 'models.ts'))) as Record<string, never>;
    await connect(`sqlite://${join(dir, 'app.sqlite')}`);
    try {
      await createTables(Object.values(models));
    } finally {
      await disconnect();
    }
    const run = runOxen(['inspect', 'diff'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/inspect diff: the database matches the models \(2 tables compared\)/);
    expect(run.code).toBe(0);
  });

  it('lists each difference and exits 3 when the models changed', () => {
    writeFileSync(join(dir, 'models.ts'), MODELS_V2);
    const run = runOxen(['inspect', 'diff'], { cwd: dir });
    expect(run.stdout).toContain('member.age: column missing from the database (models: int NULL)');
    expect(run.stdout).toContain('inspect diff: 1 difference between the models and sqlite');
    expect(run.code).toBe(3);

    const json = runOxen(['inspect', 'diff', '--json'], { cwd: dir });
    expect(json.code).toBe(3);
    const parsed = JSON.parse(json.stdout) as { differences: unknown[]; tablesCompared: number };
    expect(parsed.differences).toEqual([{ change: 'missing', object: 'column', table: 'member', name: 'age', expected: 'int NULL' }]);
    expect(parsed.tablesCompared).toBe(2);
  });

  it('restricts both sides to --tables', () => {
    const run = runOxen(['inspect', 'diff', '--tables', 'org'], { cwd: dir });
    expect(run.stdout).toContain('the database matches the models (1 table compared)');
    expect(run.code).toBe(0);
  });

  it('fails in one line when no models are configured, or the module exports none (exit 2)', () => {
    const bare = mkdtempSync(join(tmpdir(), 'oxen-idiff-bare-'));
    new Database(join(bare, 'x.sqlite')).exec('CREATE TABLE t (id INTEGER PRIMARY KEY)').close();
    const none = runOxen(['inspect', 'diff', '--url', `sqlite://${join(bare, 'x.sqlite')}`], { cwd: bare });
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain('no models to compare: add models: "./src/models.ts" to oxen.config.ts, or pass --models <file>');

    writeFileSync(join(bare, 'empty.ts'), 'export const answer = 42;\n');
    const empty = runOxen(['inspect', 'diff', '--url', `sqlite://${join(bare, 'x.sqlite')}`, '--models', 'empty.ts'], { cwd: bare });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('models module empty.ts exports no models');

    const missing = runOxen(['inspect', 'diff', '--url', `sqlite://${join(bare, 'x.sqlite')}`, '--models', 'nope.ts'], { cwd: bare });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('models module nope.ts does not exist');
  });
});
