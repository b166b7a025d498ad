/**
 * `oxen migrate make` as a user runs it (built binary, CI=true so never a terminal): models found
 * through oxen.config.ts, migrations written to ./migrations, no database involved.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const MODELS_V2 = MODELS_V1.replace('email: CharField({ maxLength: 120 }),', 'email: CharField({ maxLength: 120 }),\n  age: IntField({ null: true }),').replace('AutoField, CharField', 'AutoField, CharField, IntField');
/** email renamed: a column gone and one of the same type appeared, which may be a rename. */
const MODELS_V3 = MODELS_V2.replace('  email: CharField', '  mail: CharField');

function project(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'oxen.config.ts'), `export default { databases: { default: 'sqlite://./app.sqlite' }, models: './models.ts' };\n`);
  writeFileSync(join(dir, 'models.ts'), MODELS_V1);
  return dir;
}

const migrations = (dir: string): string[] => (existsSync(join(dir, 'migrations')) ? readdirSync(join(dir, 'migrations')).sort() : []);

describe('oxen migrate make (built binary)', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = project('oxen-mmake-');
  });

  it('writes the initial migration, then finds no changes', () => {
    const first = runOxen(['migrate', 'make', 'initial'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('  + table org (2 columns)\n  + table member (3 columns)\nCreated migrations/0001_initial.ts\n');
    expect(migrations(dir)).toEqual(['0001_initial.ts']);
    expect(existsSync(join(dir, 'app.sqlite'))).toBe(false);

    const again = runOxen(['migrate', 'make'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('No changes: the models match the migrations in migrations\n');
    expect(migrations(dir)).toEqual(['0001_initial.ts']);
  });

  it('--check exits 3 on changes no migration covers, writing nothing; a field added becomes addColumn', () => {
    writeFileSync(join(dir, 'models.ts'), MODELS_V2);
    const check = runOxen(['migrate', 'make', '--check'], { cwd: dir });
    expect(check.code).toBe(3);
    expect(check.stdout).toContain('  + column member.age int NULL\n');
    expect(check.stdout).toContain('1 change no migration in migrations covers');
    expect(migrations(dir)).toEqual(['0001_initial.ts']);

    const make = runOxen(['migrate', 'make', 'add age'], { cwd: dir });
    expect(make.code).toBe(0);
    expect(make.stdout).toBe('  + column member.age int NULL\nCreated migrations/0002_add_age.ts\n');
    const source = readFileSync(join(dir, 'migrations', '0002_add_age.ts'), 'utf8');
    expect(source).toContain("op: 'addColumn'");
    expect(source).toContain("name: 'age'");

    const clean = runOxen(['migrate', 'make', '--check'], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('No changes: the models match the migrations in migrations\n');
  });

  it('a rename question outside a terminal fails in one line naming --rename and --yes (exit 2), in JSON mode too', () => {
    writeFileSync(join(dir, 'models.ts'), MODELS_V3);
    const run = runOxen(['migrate', 'make'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('was column member.email → mail a rename?');
    expect(run.stderr).toContain('--rename member.email:mail');
    expect(run.stderr).toContain('--yes');

    const json = runOxen(['migrate', 'make', '--json'], { cwd: dir });
    expect(json.code).toBe(2);
    expect(migrations(dir)).toHaveLength(2);

    // --check never asks: the question counts as a change.
    const check = runOxen(['migrate', 'make', '--check'], { cwd: dir });
    expect(check.code).toBe(3);
  });

  it('--rename table.old:new answers yes: renameColumn', () => {
    const run = runOxen(['migrate', 'make', 'rename_email', '--rename', 'member.email:mail', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { file: string; operations: unknown[]; lines: string[] };
    expect(out.file).toBe(join(dir, 'migrations', '0003_rename_email.ts'));
    expect(out.operations).toEqual([{ op: 'renameColumn', table: 'member', from: 'email', to: 'mail' }]);
    expect(out.lines).toEqual(['~ column member.email → mail (renamed)']);
    expect(runOxen(['migrate', 'make', '--check'], { cwd: dir }).code).toBe(0);
  });

  it('--yes answers no: drop and add; a --rename that settles nothing is refused', () => {
    const other = project('oxen-mmake-yes-');
    writeFileSync(join(other, 'models.ts'), MODELS_V2);
    expect(runOxen(['migrate', 'make', 'initial'], { cwd: other }).code).toBe(0);
    writeFileSync(join(other, 'models.ts'), MODELS_V3);

    const typo = runOxen(['migrate', 'make', '--rename', 'member.emial:mail'], { cwd: other });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--rename member.emial:mail: no column member.emial disappeared');
    const bad = runOxen(['migrate', 'make', '--rename', 'member-email'], { cwd: other });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('write table.old_column:new_column for a column, or old_table:new_table for a table');

    const run = runOxen(['migrate', 'make', 'replace_email', '--yes'], { cwd: other });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('  - column member.email\n  + column member.mail char(120) NOT NULL\nCreated migrations/0002_replace_email.ts\n');
  });

  it('--rename old:new renames a table', () => {
    const other = project('oxen-mmake-table-');
    expect(runOxen(['migrate', 'make', 'initial'], { cwd: other }).code).toBe(0);
    writeFileSync(join(other, 'models.ts'), MODELS_V1.replace("tableName: 'org'", "tableName: 'team'"));
    const asked = runOxen(['migrate', 'make'], { cwd: other });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('--rename org:team');
    const run = runOxen(['migrate', 'make', '--rename', 'org:team'], { cwd: other });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  ~ table org → team (renamed)\n');
    expect(runOxen(['migrate', 'make', '--check'], { cwd: other }).code).toBe(0);
  });

  it('--empty writes a migration to fill in by hand, whatever the models say', () => {
    const run = runOxen(['migrate', 'make', 'backfill', '--empty'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Created migrations/0004_backfill.ts (empty: add its operations by hand)\n');
    const source = readFileSync(join(dir, 'migrations', '0004_backfill.ts'), 'utf8');
    expect(source).toMatch(/\/\/\s+op: 'runSql',/);
    expect(runOxen(['migrate', 'make', '--check'], { cwd: dir }).code).toBe(0);
  });

  it('--dir and --json with no changes', () => {
    const run = runOxen(['migrate', 'make', '--dir', 'migrations', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ file: null, operations: [], lines: [] });
    const elsewhere = runOxen(['migrate', 'make', '--dir', 'db/migrations', '--check'], { cwd: dir });
    expect(elsewhere.code).toBe(3);
    expect(elsewhere.stdout).toContain('2 changes no migration in db/migrations covers');
  });
});
