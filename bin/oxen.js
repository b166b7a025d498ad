#!/usr/bin/env node
// NO_COLOR must become FORCE_COLOR=0 before chalk (loaded by oclif and Ink) reads the environment.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
if (process.argv.includes('--no-color')) process.env.FORCE_COLOR = '0';

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const { Config, flush, run } = await import('@oclif/core');
const { reportError, secretsOf } = await import('../dist/ui/shared/error-report.js');

try {
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  // dist/commands also holds the shared base class, which is not a command of its own.
  if (typeof pjson.oclif.commands === 'string') {
    pjson.oclif.commands = {
      strategy: 'pattern',
      target: pjson.oclif.commands,
      globPatterns: ['**/*.js', '!base-command.js', '!**/*.d.ts'],
    };
  }
  const config = await Config.load({ root, pjson });
  if (argv[0] === '--version' && argv.includes('--verbose')) {
    const { describeVersion } = await import('../dist/ui/shared/version-report.js');
    process.stdout.write(`${await describeVersion(config.userAgent)}\n`);
  } else {
    await run(argv, config);
    await flush();
  }
} catch (error) {
  const secrets = secretsOf([process.env.OXEN_DATABASE_URL, ...argv.filter((a) => a.includes('://'))]);
  process.exitCode = reportError(error, { verbose: argv.includes('--verbose'), json: argv.includes('--json'), secrets });
}
