/**
 * Peers are not Oxen's dependencies: they are loaded from the user's project, the way the project's
 * own code would import them (resolved from the working directory's node_modules), falling back to
 * packages installed beside Oxen. A package found in neither is a PeerMissing, which skips the peer.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export class PeerMissing extends Error {
  constructor(readonly packageName: string) {
    super(`${packageName} is not installed`);
  }
}

/** `drizzle-orm/pg-core` → `drizzle-orm`, `@prisma/client/x` → `@prisma/client`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function resolvers(projectDir: string): NodeJS.Require[] {
  return [createRequire(join(projectDir, 'package.json')), createRequire(import.meta.url)];
}

function resolvePeer(specifier: string, projectDir: string): string {
  for (const r of resolvers(projectDir)) {
    try {
      return r.resolve(specifier);
    } catch {
      // not here: try the next place
    }
  }
  throw new PeerMissing(packageOf(specifier));
}

export function loadPeerPackage<T>(specifier: string, projectDir: string = process.cwd()): Promise<T> {
  return import(pathToFileURL(resolvePeer(specifier, projectDir)).href) as Promise<T>;
}

/** The installed version of a package a peer loaded (from its package.json), or 'unknown'. */
export function peerPackageVersion(name: string, projectDir: string = process.cwd()): string {
  let dir: string;
  try {
    // Most packages export their package.json; some (prisma) export a main entry that is not shipped.
    dir = dirname(resolvePeer(`${name}/package.json`, projectDir));
  } catch {
    try {
      dir = dirname(resolvePeer(name, projectDir));
    } catch {
      return 'unknown';
    }
  }
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? 'unknown';
    } catch {
      // no package.json at this level
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}
