/**
 * A second build of the same commit for calibration and tests: a folder with this checkout's
 * package.json, dist/ and native addon, sharing its node_modules (by symlink). With `slowdown`, the
 * copy's calibration hook makes every ORM operation that much longer (slow-calibration-hook.js).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export function makeBuildCopy(source, dest, options = {}) {
  if (!existsSync(join(source, 'dist', 'core', 'bench', 'ab', 'bench-target.js'))) throw new Error(`${source} is not built: run npm run build there`);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(join(dest, 'native'), { recursive: true });
  cpSync(join(source, 'package.json'), join(dest, 'package.json'));
  cpSync(join(source, 'dist'), join(dest, 'dist'), { recursive: true });
  for (const name of readdirSync(join(source, 'native'))) {
    if (name === 'index.js' || name === 'package.json' || name.endsWith('.node')) cpSync(join(source, 'native', name), join(dest, 'native', name));
  }
  symlinkSync(join(source, 'node_modules'), join(dest, 'node_modules'));
  if (options.slowdown !== undefined) {
    const hook = readFileSync(join(HERE, 'slow-calibration-hook.js'), 'utf8').replace('__SLOWDOWN__', String(options.slowdown));
    writeFileSync(join(dest, 'dist', 'core', 'bench', 'ab', 'calibration-hook.js'), hook);
  }
  return dest;
}
