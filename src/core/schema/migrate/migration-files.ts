/**
 * The migrations directory: `NNNN_name.ts` files (or .js, .mts, .mjs), run in number order. Each is
 * loaded with jiti, so TypeScript needs no build step, and its default export checked before anything
 * replays or runs it. Gaps in the numbers are allowed (a migration deleted before anyone applied it, a
 * branch's migrations renumbered); two files with the same number are an error, as the order between
 * them would be a guess. The schema state after any migration is replayed from the files alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../../ground/errors.js';
import { SCHEMA_STATE_VERSION, type SchemaState } from '../../dialect/schema-state.js';
import { applyOperation } from './apply-operation.js';
import type { MigrationFile } from './migration.js';
import { checkMigrationDefinition, describe, ShapeProblem } from './migration-shape.js';
import { openMigrationDataCache } from './migration-data-cache.js';
import type { Jiti } from 'jiti';

/** This package's own entry, at the same depth from src/ and dist/: `'oxen-orm'` in a migration means the Oxen running it. */
const OWN_ENTRY = fileURLToPath(new URL('../../../../dist/index.js', import.meta.url));

/** Files that hold code: only these must be migrations; a README or a `.d.ts` beside them is left alone. */
const SCRIPT = /\.(c|m)?(t|j)sx?$/;
const MIGRATION = /^(\d{4,})_([A-Za-z0-9_]+)\.(ts|js|mts|mjs)$/;

export const EMPTY_STATE: SchemaState = { version: SCHEMA_STATE_VERSION, tables: [], views: [], enums: [] };

/** A migration file's number and name, as its file name gives them; undefined for a file that is not one. */
export function parseMigrationFileName(file: string): { readonly number: number; readonly name: string } | undefined {
  const m = MIGRATION.exec(file);
  return m ? { number: Number(m[1]), name: file.slice(0, file.length - m[3]!.length - 1) } : undefined;
}

/** The migration files of `dir` by number, unloaded: what `writeMigrationFile` numbers after, and `loadMigrationFiles` loads. */
export function listMigrationFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => !f.startsWith('.') && !f.endsWith('.d.ts') && SCRIPT.test(f) && statSync(join(dir, f)).isFile());
  const parsed = files.map((file) => {
    const p = parseMigrationFileName(file);
    if (!p) throw new UsageError('MIGRATION_INVALID', `${file}: not a migration file name: name it NNNN_name.ts (e.g. 0001_initial.ts), or move it out of ${dir}`);
    return { file, ...p };
  });
  parsed.sort((a, b) => a.number - b.number || (a.file < b.file ? -1 : 1));
  for (let i = 1; i < parsed.length; i++) {
    const [a, b] = [parsed[i - 1]!, parsed[i]!];
    if (a.number === b.number) {
      throw new UsageError('MIGRATION_INVALID', `${a.file} and ${b.file} have the same number: renumber the one not yet applied (migrations run in number order)`);
    }
  }
  return parsed.map((p) => p.file);
}

export async function loadMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const files = listMigrationFiles(dir);
  if (files.length === 0) return [];
  const cache = openMigrationDataCache();
  let jiti: Jiti | undefined;
  const loaded: MigrationFile[] = [];
  for (const file of files) {
    const path = resolve(dir, file);
    const bytes = readFileSync(path);
    const checksum = createHash('sha256').update(bytes).digest('hex');
    let exported = cache.get(checksum);
    if (exported === undefined) {
      // One loader for the folder (each file read fresh: no module cache). No default-export interop:
      // a file without `export default` must say so.
      jiti ??= (await import('jiti')).createJiti(pathToFileURL(path).href, { moduleCache: false, interopDefault: false, alias: { 'oxen-orm': OWN_ENTRY } });
      exported = await loadDefault(jiti, path, file);
      cache.offer(checksum, bytes.toString('utf8'), exported);
    }
    let definition;
    try {
      if (exported === undefined) throw new ShapeProblem('has no default export: export default { operations: [...] }');
      definition = checkMigrationDefinition(exported);
    } catch (error) {
      if (error instanceof ShapeProblem) throw new UsageError('MIGRATION_INVALID', `${file}: ${error.message}`);
      throw error;
    }
    loaded.push({
      name: parseMigrationFileName(file)!.name,
      path,
      checksum,
      operations: definition.operations,
      ...(definition.atomic ? {} : { atomic: false }),
      ...(definition.allowLint.length > 0 ? { allowLint: definition.allowLint } : {}),
    });
  }
  cache.save();
  return loaded;
}

async function loadDefault(jiti: Jiti, path: string, file: string): Promise<unknown> {
  try {
    return (await jiti.import<{ default?: unknown }>(path)).default;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError('MIGRATION_INVALID', `${file}: could not be loaded: ${reason}`, { cause: error });
  }
}

/**
 * The schema state after the files' operations, from an empty database; with `upTo` (a migration's
 * name), after that migration. An operation that does not fit the state before it names its file and
 * position: the migrations themselves are wrong, whatever any database holds.
 */
export function replayMigrations(files: readonly MigrationFile[], upTo?: string): SchemaState {
  let end = files.length;
  if (upTo !== undefined) {
    end = files.findIndex((f) => f.name === upTo) + 1;
    if (end === 0) throw new UsageError('USAGE', `no migration named ${describe(upTo)}${files.length > 0 ? ` (the last is ${files[files.length - 1]!.name})` : ''}`);
  }
  let state = EMPTY_STATE;
  for (const file of files.slice(0, end)) {
    file.operations.forEach((op, i) => {
      try {
        state = applyOperation(state, op);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        // applyOperation starts most of its messages with the operation's kind; here it is in the prefix.
        const problem = error.message.startsWith(`${op.op}: `) ? error.message.slice(op.op.length + 2) : error.message;
        throw new UsageError('MIGRATION_INVALID', `${fileName(file)}: operation ${i + 1} (${op.op}): ${problem}`, { cause: error });
      }
    });
  }
  return state;
}

function fileName(file: MigrationFile): string {
  const ext = /\.[^./\\]+$/.exec(file.path)?.[0] ?? '';
  return `${file.name}${ext}`;
}
