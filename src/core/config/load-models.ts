/**
 * Finds the project's models for commands that compare them with a database (`inspect diff`, later
 * `migrate`): the modules named by the config's `models` entry (or `--models`), loaded with jiti so
 * TypeScript needs no build step. A model is any exported model class, alone or in an exported array
 * or object; the same model exported twice counts once.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../ground/errors.js';
import type { HasMeta } from '../schema/schema-from-models.js';

const OWN_ENTRY = fileURLToPath(new URL('../../../dist/index.js', import.meta.url));

let own: Promise<unknown> | undefined;
function ownEntry(): Promise<unknown> {
  own ??= import(pathToFileURL(OWN_ENTRY).href);
  return own;
}

export interface ModelsSource {
  /** Module paths as given. */
  readonly paths: readonly string[];
  /** What relative paths are relative to: the config file's folder, or the working directory for `--models`. */
  readonly baseDir: string;
}

/** Where the models are: `--models` first, then the config's `models` entry. */
export function modelsSource(flag: string | undefined, configModels: string | readonly string[] | undefined, configFile: string | undefined, cwd: string): ModelsSource {
  if (flag !== undefined) return { paths: flag.split(',').map((p) => p.trim()).filter(Boolean), baseDir: cwd };
  if (configModels !== undefined) return { paths: typeof configModels === 'string' ? [configModels] : configModels, baseDir: configFile ? dirname(configFile) : cwd };
  throw new UsageError('USAGE', 'no models to compare: add models: "./src/models.ts" to oxen.config.ts, or pass --models <file>');
}

export async function loadModels(source: ModelsSource): Promise<HasMeta[]> {
  const { createJiti } = await import('jiti');
  const found = new Set<HasMeta>();
  for (const path of source.paths) {
    const full = isAbsolute(path) ? path : resolve(source.baseDir, path);
    if (!existsSync(full)) throw new UsageError('USAGE', `models module ${path} does not exist (looked at ${full})`);
    // `oxen-orm` is this running Oxen, loaded natively once: jiti would otherwise compile the whole
    // library again, and its models would be instances of a second copy of every class.
    const jiti = createJiti(pathToFileURL(full).href, { moduleCache: false, interopDefault: true, virtualModules: { 'oxen-orm': await ownEntry() } });
    let module: unknown;
    try {
      module = await jiti.import(full);
    } catch (error) {
      // A model definition that throws (MODEL_INVALID) is the user's to fix, and says so itself.
      if (error instanceof UsageError) throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new UsageError('USAGE', `models module ${path} could not be loaded: ${reason}`, { cause: error });
    }
    const before = found.size;
    collect(module, found, 0);
    if (found.size === before) throw new UsageError('USAGE', `models module ${path} exports no models: export them (export const User = model(...))`);
  }
  return [...found];
}

function collect(value: unknown, into: Set<HasMeta>, depth: number): void {
  if (isModel(value)) {
    into.add(value);
    return;
  }
  // Exports, `export default { User, Post }`, `export const models = [User, Post]`: two levels are enough.
  if (depth > 2 || value === null || typeof value !== 'object') return;
  for (const item of Array.isArray(value) ? value : Object.values(value)) collect(item, into, depth + 1);
}

/** By shape rather than instanceof: the models may come from another copy of Oxen (dist/ against src/ in tests, a linked package). */
function isModel(value: unknown): value is HasMeta {
  if (typeof value !== 'function') return false;
  const meta = (value as { meta?: { tableName?: unknown; fields?: unknown } }).meta;
  return meta !== undefined && typeof meta.tableName === 'string' && Array.isArray(meta.fields);
}
