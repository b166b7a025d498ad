/**
 * Finds and reads the configuration file. JSON is parsed; JavaScript files are imported, TypeScript
 * ones compiled at run time with jiti, and their default export (or `module.exports`) is the
 * configuration.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../ground/errors.js';
import { CONFIG_FILE_NAMES } from './oxen-config.js';

/** This package's own entry, at the same depth from src/ and dist/. */
const OWN_ENTRY = fileURLToPath(new URL('../../../dist/index.js', import.meta.url));

export interface ConfigFile {
  readonly path: string;
  readonly content: unknown;
}

/** The config file in `cwd`, or undefined. Two candidates at once is ambiguous, so it is an error. */
export function findConfigFile(cwd: string): string | undefined {
  const found = CONFIG_FILE_NAMES.map((name) => join(cwd, name)).filter((path) => existsSync(path));
  if (found.length > 1) {
    throw new UsageError(
      'CONFIG_INVALID',
      `found ${found.map((p) => basename(p)).join(' and ')} in ${cwd}: keep one, or pass --config`,
    );
  }
  return found[0];
}

export async function loadConfigFile(path: string, cwd: string): Promise<ConfigFile> {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError('CONFIG_INVALID', `config file ${path} does not exist`);
  if (full.endsWith('.json')) return { path: full, content: parseJson(full) };
  if (/\.(m|c)?js$/.test(full)) return { path: full, content: await importModule(full) };
  if (/\.(m|c)?ts$/.test(full)) return { path: full, content: await importTypeScript(full) };
  throw new UsageError('CONFIG_INVALID', `config file ${path}: use a .ts, .mts, .json, .js or .mjs file`);
}

function parseJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError('CONFIG_INVALID', `${basename(path)} is not valid JSON: ${reason}`, { cause: error });
  }
}

/** `'oxen-orm'` in the file (e.g. a type import) means the Oxen running this, not another installed copy. */
async function importTypeScript(path: string): Promise<unknown> {
  const { createJiti } = await import('jiti');
  // No default-export interop: a file without `export default` must say so, not pass its named exports off as the config.
  const jiti = createJiti(pathToFileURL(path).href, { moduleCache: false, interopDefault: false, alias: { 'oxen-orm': OWN_ENTRY } });
  let module: unknown;
  try {
    module = await jiti.import(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError('CONFIG_INVALID', `${basename(path)} could not be loaded: ${reason}`, { cause: error });
  }
  return defaultExport(path, module as { default?: unknown });
}

async function importModule(path: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    // ESM caches modules by URL: the modification time in the URL makes an edited file load afresh.
    const url = `${pathToFileURL(path).href}?mtime=${statSync(path).mtimeMs}`;
    module = (await import(url)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError('CONFIG_INVALID', `${basename(path)} could not be loaded: ${reason}`, { cause: error });
  }
  return defaultExport(path, module);
}

function defaultExport(path: string, module: { default?: unknown }): unknown {
  if (module.default === undefined) {
    throw new UsageError('CONFIG_INVALID', `${basename(path)} has no default export: export the configuration object`);
  }
  return module.default;
}
