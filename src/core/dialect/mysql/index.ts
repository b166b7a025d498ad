import type { DialectModule } from '../dialect-module.js';
import { mysqlReplicaLag } from './replica-lag.js';
import { mysqlIntrospector } from './introspector.js';
import { mysqlAdapter } from './adapter.js';
import { mysqlCodec } from './codec.js';
import { MySqlDdl } from './ddl.js';
import { MySqlDialect } from './mysql-dialect.js';
import { mysqlServerStats } from './server-stats.js';

/** MariaDB ≥ 10.5 has INSERT … RETURNING; MySQL does not. */
function returningFromVersion(version: string): boolean {
  if (!/mariadb/i.test(version)) return false;
  const [major = 0, minor = 0] = (/(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  return major > 10 || (major === 10 && minor >= 5);
}

export const mysqlModule: DialectModule = {
  name: 'mysql',
  dialect: async (server) => new MySqlDialect(returningFromVersion(await server.serverVersion())),
  ddl: (dialect) => new MySqlDdl(dialect),
  adapter: mysqlAdapter,
  codec: mysqlCodec,
  serverStats: mysqlServerStats,
  introspector: mysqlIntrospector,
  replicaLag: mysqlReplicaLag,
};
