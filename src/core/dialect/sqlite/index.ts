import type { DialectModule } from '../dialect-module.js';
import { sqliteIntrospector } from './introspector.js';
import { sqliteAdapter } from './adapter.js';
import { sqliteCodec } from './codec.js';
import { SqliteDdl } from './ddl.js';
import { SqliteDialect } from './sqlite-dialect.js';
import { sqliteServerStats } from './server-stats.js';

export const sqliteModule: DialectModule = {
  name: 'sqlite',
  dialect: async () => new SqliteDialect(),
  ddl: (dialect) => new SqliteDdl(dialect),
  adapter: sqliteAdapter,
  codec: sqliteCodec,
  serverStats: sqliteServerStats,
  introspector: sqliteIntrospector,
};
