/**
 * Which databases the integration suites run against. SQLite always; PostgreSQL and MySQL/MariaDB
 * when their URL is in the environment. A missing server is reported loudly and skipped, except with
 * OXEN_TEST_REQUIRE_SERVERS=1 (CI), where it fails the run.
 */
import type { DialectName } from '../../src/core/ground/values.js';

export interface TestDatabase {
  readonly dialect: DialectName;
  /** Connection URL; for SQLite a fresh temporary file per call of `sqliteUrl()`. */
  readonly url: string;
}

export const requireServers = process.env.OXEN_TEST_REQUIRE_SERVERS === '1';

export const postgresUrl = process.env.OXEN_TEST_POSTGRES_URL;
export const mysqlUrl = process.env.OXEN_TEST_MYSQL_URL;
/** A MySQL/MariaDB server with performance_schema ON (statement digests); only the monitor suites need it. */
export const mysqlPsUrl = process.env.OXEN_TEST_MYSQL_PS_URL;
/** A streaming replica of the PostgreSQL server at OXEN_TEST_POSTGRES_URL (.ci/postgres-replica.sh makes one). */
export const postgresReplicaUrl = process.env.OXEN_TEST_POSTGRES_REPLICA_URL;

/**
 * A server only some suites need: its URL, or undefined after saying loudly that the suite skips it
 * (or failing, under OXEN_TEST_REQUIRE_SERVERS=1).
 */
export function optionalServer(url: string | undefined, what: string, variable: string): string | undefined {
  if (url) return url;
  const why = `${what} not configured (set ${variable})`;
  if (requireServers) throw new Error(`OXEN_TEST_REQUIRE_SERVERS=1 but ${why}`);
  process.stderr.write(`\n*** ${why} — SKIPPING the suites that need it ***\n`);
  return undefined;
}

let sqliteCounter = 0;
/** A SQLite database file of its own under the OS temp dir (removed with the temp dir by the OS). */
export function sqliteUrl(): string {
  const dir = process.env.OXEN_TEST_TMP ?? '/tmp';
  return `sqlite://${dir}/oxen-test-${process.pid}-${Date.now()}-${sqliteCounter++}.sqlite`;
}

/**
 * OXEN_TEST_DIALECTS=postgres (comma-separated) narrows the run to those databases: CI's second pass
 * of the ORM suite through PgBouncer needs only PostgreSQL.
 */
const onlyDialects = process.env.OXEN_TEST_DIALECTS?.split(',').map((d) => d.trim()).filter(Boolean);

/** The databases to run a suite on: `describe.each(testDatabases())`. */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ dialect: 'sqlite', url: sqliteUrl() }];
  if (postgresUrl) list.push({ dialect: 'postgres', url: postgresUrl });
  if (mysqlUrl) list.push({ dialect: 'mysql', url: mysqlUrl });
  return onlyDialects ? list.filter((db) => onlyDialects.includes(db.dialect)) : list;
}
