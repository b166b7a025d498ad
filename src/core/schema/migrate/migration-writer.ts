/**
 * Writes a migration file (`oxen migrate make`): numbered after the highest in the directory, named
 * from what the user gave (or `auto_<date>`, as Django does), from templates/migration.ts.template.
 * The operations are checked first with the loader's own checks, so a file is never written that
 * would not load back, and laid out as TypeScript a person can read and edit. The file appears whole
 * or not at all (written beside, then linked into place), and never replaces one that exists.
 */
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../ground/errors.js';
import { listMigrationFiles, parseMigrationFileName } from './migration-files.js';
import { literal } from './migration-literal.js';
import { checkMigration, ShapeProblem } from './migration-shape.js';
import type { Operation } from './operation.js';

/** The package's root, at the same depth from src/ and dist/; templates/ is packaged (package.json `files`). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const NAME_LENGTH = 60;

export interface WriteMigrationOptions {
  /** A migration to fill in by hand: the operations list holds commented examples of `runSql` and `runJs`. */
  readonly empty?: boolean;
  /** The time in the header and in an `auto_` name; now by default. */
  readonly now?: Date;
}

export interface WrittenMigration {
  readonly path: string;
  /** `0003_add_age`: the file name without its extension. */
  readonly name: string;
}

export function writeMigrationFile(dir: string, name: string, operations: readonly Operation[], options: WriteMigrationOptions = {}): Promise<WrittenMigration> {
  return Promise.resolve().then(() => write(dir, name, operations, options));
}

function write(dir: string, name: string, operations: readonly Operation[], options: WriteMigrationOptions): WrittenMigration {
  const now = options.now ?? new Date();
  const checked = checkedOperations(operations);
  mkdirSync(dir, { recursive: true });
  const numbers = listMigrationFiles(dir).map((f) => parseMigrationFileName(f)!.number);
  const next = String(Math.max(0, ...numbers) + 1).padStart(4, '0');
  const full = `${next}_${migrationSlug(name) || `auto_${stamp(now)}`}`;
  const path = join(dir, `${full}.ts`);
  const content = readFileSync(join(PACKAGE_ROOT, 'templates', 'migration.ts.template'), 'utf8')
    .replace('{{date}}', `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`)
    .replace('{{version}}', oxenVersion())
    .replace('{{operations}}', () => operationsSource(checked, options.empty === true));
  const temp = join(dir, `.${full}.ts.${process.pid}.tmp`);
  writeFileSync(temp, content, { flag: 'wx' });
  try {
    // A link fails where the name is taken, where a rename would replace the file.
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError('USAGE', `${path} already exists: it was not overwritten`);
    throw error;
  } finally {
    unlinkSync(temp);
  }
  return { path, name: full };
}

/** The name as a file name holds it: lower-case letters, digits and underscores (`Add age!` → `add_age`). */
export function migrationSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug.slice(0, NAME_LENGTH).replace(/_+$/, '');
}

/** `20261130_1540`, in UTC so the name does not depend on where it was made. */
function stamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 16).replace(':', '')}`;
}

/** What the loader would make of them: a file that would not load back is never written. */
function checkedOperations(operations: readonly Operation[]): Operation[] {
  try {
    return checkMigration({ operations: [...operations] });
  } catch (error) {
    if (error instanceof ShapeProblem) throw new Error(`cannot write these operations to a migration file: ${error.message}`);
    throw error;
  }
}

/** One operation a line group, so a diff of the file shows which changed. */
function operationsSource(operations: readonly Operation[], empty: boolean): string {
  if (operations.length === 0 && !empty) return '[]';
  const written = operations.map((op, i) => `    ${literal(op, 4, 4, `operation ${i + 1}`)},\n`).join('');
  return `[\n${written}${empty ? EXAMPLE : ''}  ]`;
}

/** What `--empty` offers: one example of each operation that is written by hand. */
const EXAMPLE = [
  'Operations run in order. SQL for each database (one left out runs nothing there); `down` undoes it:',
  '{',
  "  op: 'runSql',",
  "  sql: { postgres: 'CREATE EXTENSION IF NOT EXISTS citext' },",
  "  down: { postgres: 'DROP EXTENSION IF EXISTS citext' },",
  '},',
  'A data migration in JS, on the migration\'s connection (inside its transaction where there is one):',
  '{',
  "  op: 'runJs',",
  '  async up({ db }) {',
  "    await db.execute({ sql: 'UPDATE app_user SET email = lower(email)', params: [] });",
  '  },',
  '  // Without down, this migration cannot be reversed.',
  '},',
].map((line) => `    // ${line}\n`).join('');

function oxenVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
