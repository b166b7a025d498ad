/**
 * Everything Oxen knows about one database, in one object per database folder. `dialects.ts` gathers
 * them; nothing outside `dialect/` imports a database folder.
 */
import type { DialectName } from '../ground/values.js';
import type { DialectAdapter } from './adapter.js';
import type { Codec } from './codec.js';
import type { DdlCompiler } from './ddl-compiler.js';
import type { Dialect } from './dialect.js';
import type { Introspector } from './introspector.js';
import type { ReplicaLagProbe } from './replica-lag.js';
import type { ServerStats } from './server-stats.js';

/** What `dialect()` may ask of the connection it compiles for. */
export interface ServerInfo {
  serverVersion(): Promise<string>;
}

export interface DialectModule {
  readonly name: DialectName;
  /** The SQL dialect for one connected database; MySQL asks the server's version (MariaDB ≥ 10.5 has INSERT … RETURNING). */
  dialect(server: ServerInfo): Promise<Dialect>;
  /** The DDL compiler, quoting through the given dialect object. */
  ddl(dialect: Dialect): DdlCompiler;
  readonly adapter: DialectAdapter;
  readonly codec: Codec;
  /** How `oxen monitor` reads the server's own statistics (sessions, counters, statements). */
  readonly serverStats: ServerStats;
  /** How `oxen inspect` reads a live database into the schema state. */
  readonly introspector: Introspector;
  /** How a replica of this database tells its lag, for read routing; absent where there are no replicas (SQLite). */
  readonly replicaLag?: ReplicaLagProbe;
}
