/**
 * What loading a migration file gave, kept by the SHA-256 of its bytes, so `status` and `up` on a
 * project with a thousand migrations do not compile and run a thousand TypeScript files each time
 * (about half a millisecond each through jiti; a lookup here is microseconds).
 *
 * Only a file that is pure data can be kept: its default export holds no function (no `runJs`), and
 * it imports nothing but types — a value imported from another module could change while this file's
 * bytes stay the same. What comes out of the cache is checked like a loaded file, so a damaged cache
 * is caught as a damaged file would be. The cache is per user (`$XDG_CACHE_HOME/oxen`, else
 * `~/.cache/oxen`, or `OXEN_CACHE_DIR`), written whole or not at all, and any failure to read or
 * write it only means files are loaded the slow way.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const FORMAT = 1;
const FILE = 'migration-data-v1.json';
/** Enough for several projects' histories; past it the oldest entries go. */
const MAX_ENTRIES = 20_000;

export interface MigrationDataCache {
  get(checksum: string): unknown;
  /** Keeps `exported` (the file's default export) when the file is pure data. */
  offer(checksum: string, source: string, exported: unknown): void;
  /** Writes the cache if anything was added. */
  save(): void;
}

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OXEN_CACHE_DIR) return env.OXEN_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'oxen');
}

export function openMigrationDataCache(dir = cacheDirectory()): MigrationDataCache {
  const path = join(dir, FILE);
  const entries = readEntries(path);
  let added = false;
  return {
    get: (checksum) => entries.get(checksum),
    offer: (checksum, source, exported) => {
      if (entries.has(checksum) || !importsOnlyTypes(source) || !isData(exported)) return;
      entries.set(checksum, exported);
      added = true;
    },
    save: () => {
      if (!added) return;
      const kept = [...entries].slice(-MAX_ENTRIES);
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temp = `${path}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(kept) }), { mode: 0o600 });
        renameSync(temp, path);
      } catch {
        // A read-only home or a full disk: the next run loads the files the slow way.
      }
    },
  };
}

function readEntries(path: string): Map<string, unknown> {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown; entries?: unknown };
    if (parsed.format === FORMAT && parsed.entries !== null && typeof parsed.entries === 'object') return new Map(Object.entries(parsed.entries));
  } catch {
    // Missing or unreadable: start empty.
  }
  return new Map();
}

/** No value import, `require` or dynamic `import()`: the default export depends on these bytes alone. */
export function importsOnlyTypes(source: string): boolean {
  return !/^\s*import\s+(?!type\b)/m.test(source) && !/\brequire\s*\(/.test(source) && !/\bimport\s*\(/.test(source) && !/^\s*export\s+.*\bfrom\b/m.test(source);
}

/** Plain objects, arrays, strings, finite numbers, booleans and null only: what JSON keeps unchanged. */
function isData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isData);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.entries(value).every(([k, v]) => k !== '__proto__' && v !== undefined && isData(v));
}
