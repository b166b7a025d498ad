#!/usr/bin/env node
// NO_COLOR must become FORCE_COLOR=0 before chalk (loaded by oclif and Ink) reads the environment.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
if (process.argv.includes('--no-color')) process.env.FORCE_COLOR = '0';

import { fileURLToPath } from 'node:url';

// `oxen inspect --json | head -1`: the reader has what it wanted once it closes the pipe; stop quietly,
// as Unix tools do, rather than wait for a drain that never comes.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const { Config, flush, run } = await import('@oclif/core');
const { reportError, secretsOf } = await import('../dist/ui/shared/error-report.js');

try {
  const config = await Config.load({ root });
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
