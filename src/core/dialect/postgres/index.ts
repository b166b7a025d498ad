import type { DialectModule } from '../dialect-module.js';
import { postgresReplicaLag } from './replica-lag.js';
import { postgresIntrospector } from './introspector.js';
import { postgresAdapter } from './adapter.js';
import { postgresCodec } from './codec.js';
import { PostgresDdl } from './ddl.js';
import { PostgresDialect } from './postgres-dialect.js';
import { postgresServerStats } from './server-stats.js';

export const postgresModule: DialectModule = {
  name: 'postgres',
  dialect: async () => new PostgresDialect(),
  ddl: (dialect) => new PostgresDdl(dialect),
  adapter: postgresAdapter,
  codec: postgresCodec,
  serverStats: postgresServerStats,
  introspector: postgresIntrospector,
  replicaLag: postgresReplicaLag,
};
