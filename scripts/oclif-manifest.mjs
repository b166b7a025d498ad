#!/usr/bin/env node
/**
 * Writes oclif.manifest.json after a build: without it oclif imports every command module (and with
 * them the drivers, Ink and React) on each start to learn their flags, which costs about a second
 * before any command runs. Part of `npm run build`, so the manifest always matches dist/.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Config } from '@oclif/core';

const root = resolve(import.meta.dirname, '..');
const file = join(root, 'oclif.manifest.json');
// A stale manifest must not describe the commands being read.
rmSync(file, { force: true });
const config = await Config.load({ root });
const plugin = config.getPluginsList().find((p) => p.root === root);
if (plugin === undefined) throw new Error(`oclif found no plugin at ${root}`);
writeFileSync(file, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
process.stdout.write(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands\n`);
