/** Says once, loudly, which servers the integration suites will skip; fails the run under CI's OXEN_TEST_REQUIRE_SERVERS=1. */
import { mysqlUrl, postgresUrl, requireServers } from './databases.js';

export default function setup(): void {
  const missing: string[] = [];
  if (!postgresUrl) missing.push('PostgreSQL (set OXEN_TEST_POSTGRES_URL)');
  if (!mysqlUrl) missing.push('MySQL/MariaDB (set OXEN_TEST_MYSQL_URL)');
  if (missing.length === 0) return;
  const line = `\n*** Integration suites will SKIP: ${missing.join(', ')} — see README "Running the tests" ***\n`;
  if (requireServers) throw new Error(`OXEN_TEST_REQUIRE_SERVERS=1 but ${missing.join(', ')} not configured`);
  process.stderr.write(line);
}
