#!/usr/bin/env node
/**
 * Builds the native executor (native/, napi-rs) in release mode. Without cargo it says so in one line
 * and exits 0, so `npm install` still succeeds and Oxen runs on the js executor. A failed build is
 * reported the same way, except under OXEN_NATIVE_REQUIRED=1 (CI), where it fails.
 *
 *   node scripts/build-native.mjs [--debug]
 *
 * OXEN_NATIVE_FEATURES=test-hooks adds the request the tests use to make the addon panic (CI); a
 * user's build never has it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const crate = join(root, 'native');
const debug = process.argv.includes('--debug');
const required = process.env.OXEN_NATIVE_REQUIRED === '1';
const features = (process.env.OXEN_NATIVE_FEATURES ?? '').trim();
const featureArgs = features ? ['--features', features] : [];

function fail(why) {
  console.error(`oxen: ${why}; Oxen will run on the js executor.`);
  process.exit(required ? 1 : 0);
}

if (spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status !== 0) {
  fail('cargo was not found, so the native executor was not built (install Rust from rustup.rs and run `npm run build:native`)');
}

function napiCli() {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@napi-rs/cli/package.json');
    const bin = require(pkg).bin;
    return join(dirname(pkg), typeof bin === 'string' ? bin : bin.napi);
  } catch {
    return undefined;
  }
}

/** The file name napi's generated loader (native/index.js) looks for on this platform. */
function platformSuffix() {
  if (process.platform !== 'linux') return `${process.platform}-${process.arch}`;
  const glibc = process.report?.getReport?.().header?.glibcVersionRuntime;
  return `linux-${process.arch}-${glibc ? 'gnu' : 'musl'}`;
}

const cli = napiCli();
let status;
if (cli) {
  const args = [cli, 'build', '--platform', '--js', 'index.js', '--dts', 'index.d.ts', ...featureArgs, ...(debug ? [] : ['--release'])];
  status = spawnSync(process.execPath, args, { cwd: crate, stdio: 'inherit' }).status;
} else {
  // A production install has no devDependencies: build with cargo alone and name the file as napi would.
  status = spawnSync('cargo', ['build', ...featureArgs, ...(debug ? [] : ['--release'])], { cwd: crate, stdio: 'inherit' }).status;
  const built = join(crate, 'target', debug ? 'debug' : 'release', process.platform === 'darwin' ? 'liboxen_native.dylib' : 'liboxen_native.so');
  if (status === 0 && existsSync(built)) copyFileSync(built, join(crate, `oxen-native.${platformSuffix()}.node`));
}
if (status !== 0) fail('building the native executor failed (see the cargo output above)');
console.error(`oxen: native executor built (${debug ? 'debug' : 'release'}${features ? `, features: ${features}` : ''}).`);
