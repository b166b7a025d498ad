/** `oxen migrate sql` (built binary): a migration's statements per --dialect, with no database. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runOxen } from '../cli/run-oxen.js';

const MODELS_V1 = `
import { AutoField, CharField, model } from 'oxen-orm';
export const Member = model('Member', { id: AutoField(), email: CharField({ maxLength: 120 }) }, { tableName: 'member' });
`;
const MODELS_V2 = MODELS_V1.replace('email: CharField({ maxLength: 120 })', "email: CharField({ maxLength: 120 }), age: IntField({ default: 0 })").replace('AutoField, CharField', 'AutoField, CharField, IntField');

const HAND_WRITTEN = `
export default {
  operations: [
    { op: 'runSql', sql: { postgres: 'UPDATE member SET age = 1', sqlite: ['UPDATE member SET age = 1;', 'UPDATE member SET age = 2'] } },
    { op: 'runJs', async up() {} },
  ],
};
`;

describe('oxen migrate sql (built binary)', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'oxen-msql-'));
    writeFileSync(join(dir, 'oxen.config.ts'), `export default { databases: { default: 'sqlite://./app.sqlite' }, models: './models.ts' };\n`);
    writeFileSync(join(dir, 'models.ts'), MODELS_V1);
    expect(runOxen(['migrate', 'make', 'initial'], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, 'models.ts'), MODELS_V2);
    expect(runOxen(['migrate', 'make', 'add_age'], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, 'migrations', '0003_data.ts'), HAND_WRITTEN);
  });

  it('PostgreSQL', () => {
    const run = runOxen(['migrate', 'sql', '0002_add_age', '--dialect', 'postgres'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('-- 0002_add_age on postgres\n-- + column member.age int NOT NULL DEFAULT 0\nALTER TABLE "member" ADD COLUMN "age" integer NOT NULL DEFAULT 0;\n');
  });

  it('MySQL / MariaDB', () => {
    const run = runOxen(['migrate', 'sql', '0002', '--dialect', 'mysql'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('-- + column member.age int NOT NULL DEFAULT 0\n');
    expect(run.stdout).toContain('ALTER TABLE `member` ADD COLUMN `age` INT NOT NULL DEFAULT 0;\n');
  });

  it('SQLite, by the name after the number; and the config\'s database (SQLite) without --dialect', () => {
    const run = runOxen(['migrate', 'sql', 'add_age', '--dialect', 'sqlite'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ALTER TABLE "member" ADD COLUMN "age" INTEGER NOT NULL DEFAULT 0;\n');
    const fromConfig = runOxen(['migrate', 'sql', 'add_age'], { cwd: dir });
    expect(fromConfig.stdout).toBe(run.stdout);
  });

  it('the initial migration creates the table; runSql per dialect; runJs is named, not run', () => {
    const initial = runOxen(['migrate', 'sql', '0001', '--dialect', 'postgres'], { cwd: dir });
    expect(initial.stdout).toContain('-- + table member (2 columns)\nCREATE TABLE "member"');
    const sqlite = runOxen(['migrate', 'sql', '0003_data', '--dialect', 'sqlite'], { cwd: dir });
    expect(sqlite.stdout).toBe('-- 0003_data on sqlite\n-- * runSql on postgres, sqlite: UPDATE member SET age = 1 (no down)\nUPDATE member SET age = 1;\nUPDATE member SET age = 2;\n-- runJs: runs in JS\n');
    const mysql = runOxen(['migrate', 'sql', '0003_data', '--dialect', 'mysql'], { cwd: dir });
    expect(mysql.stdout).toContain('-- (nothing to run on mysql)\n-- runJs: runs in JS\n');
  });

  it('an unknown NAME lists the migrations (exit 2); --json', () => {
    const run = runOxen(['migrate', 'sql', 'nope', '--dialect', 'postgres'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no migration named nope: the migrations are 0001_initial, 0002_add_age, 0003_data');
    const json = runOxen(['migrate', 'sql', '0002', '--dialect', 'postgres', '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ migration: '0002_add_age', dialect: 'postgres' });
  });
});
