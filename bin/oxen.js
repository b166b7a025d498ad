#!/usr/bin/env node
// NO_COLOR must become FORCE_COLOR=0 before chalk (loaded by oclif and Ink) reads the environment.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
if (process.argv.includes('--no-color')) process.env.FORCE_COLOR = '0';

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
