/** The `js` executor for PostgreSQL: pg clients in Oxen's pool, with the canonical type parsers. */
import { Socket } from 'node:net';
import pg from 'pg';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { Executor, ExecutorOptions, PoolSettings } from '../executor.js';
import { connectError } from '../shared/connect-error.js';
import { errorContext } from '../shared/error-context.js';
import { ConnectionPool, type PoolDriver } from './connection-pool.js';
import { openPooledExecutor } from './pooled-executor.js';
import { poolLimits } from '../shared/pool-limits.js';
import { PostgresSession } from './postgres-session.js';
import { postgresTypes } from './postgres-types.js';
import { checkUrlParams, connectTimeoutMs, tlsOptions } from '../shared/url-params.js';
import { isPgbouncerRefusal, PGBOUNCER_SESSION_SETUP, pgbouncerParam, refuseStatementTimeout } from '../shared/pgbouncer.js';

export async function createPostgresExecutor(url: DatabaseUrl, settings: PoolSettings, options: ExecutorOptions = {}): Promise<Executor> {
  checkUrlParams(url, ['sslmode', 'application_name', 'connect_timeout', 'pgbouncer']);
  const pgbouncer = pgbouncerParam(url);
  if (pgbouncer === true) return openPostgresExecutor(url, settings, options, true);
  try {
    return await openPostgresExecutor(url, settings, options, false);
  } catch (error) {
    if (pgbouncer === undefined && isPgbouncerRefusal(error)) return openPostgresExecutor(url, settings, options, true);
    throw error;
  }
}

async function openPostgresExecutor(url: DatabaseUrl, settings: PoolSettings, options: ExecutorOptions, pgbouncer: boolean): Promise<Executor> {
  if (pgbouncer) refuseStatementTimeout(url, options.statementTimeoutMs);
  const timeoutMs = connectTimeoutMs(url, settings);
  const config: pg.ClientConfig = {
    host: url.host,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    ssl: tlsOptions(url),
    application_name: url.params.application_name ?? 'oxen',
    // UTC sessions: a `timestamp` column compared with a bound instant is converted in the session's
    // time zone, so only UTC makes it read as the UTC Oxen documents, whatever the server's default.
    // PgBouncer takes neither startup parameter: there the time zone is SET after connecting.
    ...(pgbouncer ? {} : { statement_timeout: options.statementTimeoutMs, options: '-c TimeZone=UTC' }),
    keepAlive: true,
    types: postgresTypes,
  };
  const broken = new WeakSet<pg.Client>();
  const driver: PoolDriver<pg.Client> = {
    async connect() {
      // Our own socket, so a server that accepts but never answers can be cut off: client.end() would
      // only send Terminate and wait for it forever.
      const socket = new Socket();
      const client = new pg.Client({ ...config, stream: () => socket });
      const lose = () => {
        broken.add(client);
        pool.lost(client);
      };
      // An idle client whose server goes away emits 'error'; unhandled, it would crash the process.
      client.on('error', lose);
      client.on('end', lose);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        socket.destroy();
      }, timeoutMs);
      try {
        await client.connect();
        if (pgbouncer) await client.query(PGBOUNCER_SESSION_SETUP);
        return client;
      } catch (error) {
        throw connectError(error, url, timeoutMs, timedOut);
      } finally {
        clearTimeout(timer);
      }
    },
    async ping(client) {
      await client.query('SELECT 1');
    },
    destroy: (client) => client.end().catch(() => undefined),
    isBroken: (client) => broken.has(client),
  };
  const pool: ConnectionPool<pg.Client> = new ConnectionPool(driver, poolLimits('postgres', settings));
  return openPooledExecutor(new PostgresSession(errorContext(url), { pgbouncer }), pool);
}
