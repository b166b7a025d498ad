/** The `js` executor for MySQL and MariaDB: mysql2 connections in Oxen's pool, UTC sessions, utf8mb4. */
import mysql from 'mysql2';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { Executor, ExecutorOptions, PoolSettings } from '../executor.js';
import { connectError } from '../shared/connect-error.js';
import { errorContext } from '../shared/error-context.js';
import { ConnectionPool, type PoolDriver } from './connection-pool.js';
import { MysqlSession } from './mysql-session.js';
import { openPooledExecutor } from './pooled-executor.js';
import { readPacketLimit } from '../shared/mysql-packet-limit.js';
import { poolLimits } from '../shared/pool-limits.js';
import { checkUrlParams, connectTimeoutMs, tlsOptions } from '../shared/url-params.js';

const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

export async function createMysqlExecutor(url: DatabaseUrl, settings: PoolSettings, options: ExecutorOptions = {}): Promise<Executor> {
  checkUrlParams(url, ['sslmode', 'connect_timeout']);
  const timeoutMs = connectTimeoutMs(url, settings);
  const ssl = tlsOptions(url);
  const config: mysql.ConnectionOptions = {
    host: url.host,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    ...(ssl ? { ssl } : {}),
    connectTimeout: timeoutMs,
    charset: 'utf8mb4',
    timezone: 'Z',
    rowsAsArray: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: ['DATE'],
    jsonStrings: true,
    multipleStatements: false,
    enableKeepAlive: true,
    // Per connection; keeps 20 connections well under the server's max_prepared_stmt_count (16382).
    maxPreparedStatements: 256,
  };
  const broken = new WeakSet<mysql.Connection>();
  const driver: PoolDriver<mysql.Connection> = {
    async connect() {
      const conn = mysql.createConnection(config);
      const lose = () => {
        broken.add(conn);
        pool.lost(conn);
      };
      conn.on('error', lose);
      conn.on('end', lose);
      try {
        await new Promise<void>((resolve, reject) => conn.connect((error) => (error ? reject(error) : resolve())));
        await startSession(conn, options.statementTimeoutMs);
        return conn;
      } catch (error) {
        conn.destroy();
        throw connectError(error, url, timeoutMs);
      }
    },
    ping: (conn) => new Promise<void>((resolve, reject) => conn.ping((error) => (error ? reject(error) : resolve()))),
    destroy: (conn) =>
      new Promise<void>((resolve) => {
        if (broken.has(conn)) {
          conn.destroy();
          resolve();
        } else conn.end(() => resolve());
      }),
    isBroken: (conn) => broken.has(conn),
  };
  const pool: ConnectionPool<mysql.Connection> = new ConnectionPool(driver, poolLimits('mysql', settings));
  const session = new MysqlSession(errorContext(url));
  const executor = await openPooledExecutor(session, pool);
  session.packetLimit = await readPacketLimit(executor);
  return executor;
}

/**
 * UTC session time zone, so TIMESTAMP columns store and return the instants mysql2 sends in UTC; and the
 * statement timeout, named max_statement_time (seconds) on MariaDB and max_execution_time (ms) on MySQL.
 */
async function startSession(conn: mysql.Connection, statementTimeoutMs: number | undefined): Promise<void> {
  if (statementTimeoutMs === undefined) return run(conn, 'SET time_zone = ?', ['+00:00']);
  try {
    await run(conn, 'SET time_zone = ?, max_statement_time = ?', ['+00:00', statementTimeoutMs / 1000]);
  } catch (error) {
    if ((error as { errno?: unknown }).errno !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
    await run(conn, 'SET time_zone = ?, max_execution_time = ?', ['+00:00', Math.ceil(statementTimeoutMs)]);
  }
}

function run(conn: mysql.Connection, sql: string, values: mysql.ExecuteValues[]): Promise<void> {
  return new Promise((resolve, reject) => conn.execute(sql, values, (error) => (error ? reject(error) : resolve())));
}
