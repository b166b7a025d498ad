/** What the `oxen migrate` command suites share: a temp project with oxen.config.ts and migration files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMigrationFile } from '../../src/core/schema/migrate/migration-writer.js';
import { detectChanges } from '../../src/core/schema/migrate/detect-changes.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { col, state, table } from './migrate-support.js';

const text = (name: string, nullable = false) => ({ name, type: { kind: 'char' as const, maxLength: 100 }, nullable });

/** Model states v1 → v2 → v3, with `prefix` on each table name. */
export function modelStates(prefix: string) {
  const person = (extra: ReturnType<typeof col>[] = []) => table(`${prefix}person`, { columns: [table('x').columns[0]!, text('name'), ...extra] });
  const v1 = state(person());
  const v2 = state(person([col('age', 'int', { nullable: true })]));
  const v3 = state(person([col('age', 'int', { nullable: true })]), table(`${prefix}pet`, { columns: [table('x').columns[0]!, text('pet_name')] }));
  return [state(), v1, v2, v3] as const;
}

function ops(from: ReturnType<typeof state>, to: ReturnType<typeof state>): Operation[] {
  const { operations, questions } = detectChanges(from, to);
  if (questions.length > 0) throw new Error('unexpected rename question');
  return operations;
}

/** A temp project: config naming `url`, and migrations 0001_create_person, 0002_add_age, 0003_create_pet. */
export async function project(url: string, prefix: string, name: string): Promise<{ dir: string; migrations: string }> {
  const dir = mkdtempSync(join(tmpdir(), `oxen-${name}-`));
  writeFileSync(join(dir, 'oxen.config.ts'), `export default { databases: { default: ${JSON.stringify(url)} }, migrations: './migrations' };\n`);
  const migrations = join(dir, 'migrations');
  const [s0, s1, s2, s3] = modelStates(prefix);
  await writeMigrationFile(migrations, 'create_person', ops(s0, s1));
  await writeMigrationFile(migrations, 'add_age', ops(s1, s2));
  await writeMigrationFile(migrations, 'create_pet', ops(s2, s3));
  return { dir, migrations };
}
