/**
 * Where the real-world schemas live (../shared/schemas beside the project: Chinook, Pagila, Sakila,
 * the OpenStreetMap dump). They are not copied into the project; a clone elsewhere names them with
 * OXEN_SHARED_SCHEMAS. Missing, the suites that need them skip loudly — or fail under
 * OXEN_TEST_REQUIRE_SERVERS=1, as CI runs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { requireServers } from './databases.js';

const candidates = [
  process.env.OXEN_SHARED_SCHEMAS,
  resolve(import.meta.dirname, '..', '..', '..', 'shared', 'schemas'),
  '/work/shared/schemas',
].filter((p): p is string => p !== undefined && p !== '');

export const sharedSchemasDir: string | undefined = candidates.find((p) => existsSync(resolve(p, 'load.sh')));

if (sharedSchemasDir === undefined) {
  const why = `the real-world schemas were not found (looked in ${candidates.join(', ')}; set OXEN_SHARED_SCHEMAS)`;
  if (requireServers) throw new Error(`OXEN_TEST_REQUIRE_SERVERS=1 but ${why}`);
  process.stderr.write(`\n*** ${why} — SKIPPING the suites that need them ***\n`);
}

