/**
 * Validates the command's list and number flags into run settings; every mistake is a one-line
 * UsageError naming the flag and what would be accepted.
 */
import { loadNative } from '../executor/create-executor.js';
import { UsageError } from '../ground/errors.js';
import type { ExecutorKind } from '../ground/values.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../ground/parse-url.js';
import { WORKLOAD_NAMES } from './workloads/index.js';

function items(flag: string, text: string): string[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) throw new UsageError('USAGE', `--${flag} "${text}" has an empty item: give a comma-separated list`);
  return parts;
}

/** A list of operations (or, for `benchmark http`, connections) in flight, from `--<flag>`. */
export function parseConcurrency(text: string, flag = 'concurrency'): number[] {
  const values = items(flag, text).map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 1024) throw new UsageError('USAGE', `--${flag}: "${p}" is not a whole number from 1 to 1024`);
    return n;
  });
  return [...new Set(values)];
}

export function parseWorkloads(text: string | undefined): string[] {
  if (text === undefined) return [...WORKLOAD_NAMES];
  const wanted = new Set(items('workloads', text));
  for (const name of wanted) {
    if (!WORKLOAD_NAMES.includes(name)) throw new UsageError('USAGE', `unknown workload "${name}": choose from ${WORKLOAD_NAMES.join(', ')}`);
  }
  return WORKLOAD_NAMES.filter((n) => wanted.has(n));
}

export function parseExecutors(text: string): ExecutorKind[] {
  const kinds = [...new Set(items('executor', text))];
  for (const k of kinds) if (k !== 'js' && k !== 'native') throw new UsageError('USAGE', `--executor: "${k}" is not an executor; use js, native or js,native`);
  return kinds as ExecutorKind[];
}

/** --executor: the list given, else js, plus native where the addon is built. */
export async function executorsOption(text: string | undefined): Promise<ExecutorKind[]> {
  if (text !== undefined) return parseExecutors(text);
  const native = await loadNative();
  return native?.isNativeAvailable() === true ? ['js', 'native'] : ['js'];
}

/** The hidden --table-prefix: always within the oxen_bench_ namespace. */
export function parseTablePrefix(text: string): string {
  if (!/^oxen_bench_[a-z0-9_]*$/.test(text)) throw new UsageError('USAGE', '--table-prefix must start with oxen_bench_ and use only a-z, 0-9 and _');
  return text;
}

export function parsePositive(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError('USAGE', `--${flag} must be a number above 0 and at most ${max}, got "${text}"`);
  return n;
}

/** --via: a URL to the benchmark's database by another path (PgBouncer, a proxy). */
export function parseViaUrl(text: string): DatabaseUrl {
  try {
    return parseDatabaseUrl(text);
  } catch (error) {
    throw new UsageError('URL_INVALID', `--via: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The extra URLs must reach the same kind of database as the benchmark's own. */
export function checkExtraUrls(url: DatabaseUrl, replicas: readonly DatabaseUrl[], via: DatabaseUrl | undefined): void {
  for (const [flag, other] of [...replicas.map((r) => ['--replica', r] as const), ...(via ? [['--via', via] as const] : [])]) {
    if (url.dialect === 'sqlite') throw new UsageError('USAGE', `${flag} needs a PostgreSQL or MySQL/MariaDB --url; the benchmark's database is SQLite (${url.redacted})`);
    if (other.dialect !== url.dialect) throw new UsageError('USAGE', `${flag} ${other.redacted} is ${other.dialect} but --url is ${url.dialect}: give a URL to the same database`);
  }
}
