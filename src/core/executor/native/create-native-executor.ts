/**
 * Opens the `native` executor (the Rust addon) for a parsed URL and checks that it can connect, with
 * the same URL parameters, pool settings and failures as the js executor.
 */
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { ConnectionError, OxenError, UsageError } from '../../ground/errors.js';
import type { Executor, ExecutorOptions, PoolSettings } from '../executor.js';
import { errorContext } from '../shared/error-context.js';
import { checkFirstConnection } from '../shared/first-connection.js';
import { poolLimits } from '../shared/pool-limits.js';
import { checkUrlParams, connectTimeoutMs } from '../shared/url-params.js';
import { isPgbouncerRefusal, pgbouncerParam, refuseStatementTimeout } from '../shared/pgbouncer.js';
import { readPacketLimit } from '../shared/mysql-packet-limit.js';
import { loadNativeAddon } from './load-native-addon.js';
import type { NativeAddon } from './native-addon.js';
import { NativeChannel } from './native-channel.js';
import { NativePoolExecutor } from './native-pool-executor.js';
import { openNativeSqliteExecutor } from './native-sqlite-executor.js';

export interface NativeExecutorOptions extends ExecutorOptions {
  /**
   * PostgreSQL: statements one connection carries before the pool opens another (up to its size);
   * each connection pipelines up to four times this. Default 4, or OXEN_NATIVE_PIPELINE.
   */
  readonly pipeline?: number;
  /** How long a connection above connectionPoolSize may stay idle before it closes (default 10 s, as js). */
  readonly overflowIdleMs?: number;
}

export async function createNativeExecutor(url: DatabaseUrl, pool: PoolSettings, options: NativeExecutorOptions = {}): Promise<Executor> {
  const addon = loadNativeAddon();
  const limits = poolLimits(url.dialect, pool);
  if (url.dialect === 'sqlite') return openNativeSqliteExecutor(addon, url, limits.acquireTimeoutMs, options.maxResultBytes);

  checkUrlParams(url, url.dialect === 'postgres' ? ['sslmode', 'application_name', 'connect_timeout', 'pgbouncer'] : ['sslmode', 'connect_timeout']);
  const pgbouncer = url.dialect === 'postgres' ? pgbouncerParam(url) : false;
  if (pgbouncer === true) return openNativePoolExecutor(addon, url, pool, options, true);
  try {
    return await openNativePoolExecutor(addon, url, pool, options, false);
  } catch (error) {
    if (pgbouncer === undefined && isPgbouncerRefusal(error)) return openNativePoolExecutor(addon, url, pool, options, true);
    throw error;
  }
}

async function openNativePoolExecutor(addon: NativeAddon, url: DatabaseUrl, pool: PoolSettings, options: NativeExecutorOptions, pgbouncer: boolean): Promise<Executor> {
  if (pgbouncer) refuseStatementTimeout(url, options.statementTimeoutMs);
  const dialect = url.dialect as 'postgres' | 'mysql';
  const limits = poolLimits(dialect, pool);
  const sslmode = url.params.sslmode ?? 'disable';
  if (sslmode !== 'disable') {
    throw new UsageError('URL_INVALID', `sslmode=${sslmode} in ${url.redacted} needs TLS, which the native executor does not have: use --executor js`);
  }
  const channel = new NativeChannel(errorContext(url));
  const client = new addon.NativeClient(
    {
      dialect,
      host: url.host ?? 'localhost',
      port: url.port ?? (url.dialect === 'postgres' ? 5432 : 3306),
      user: url.user ?? (url.dialect === 'postgres' ? 'postgres' : 'root'),
      password: url.password,
      database: url.database ?? (url.dialect === 'postgres' ? (url.user ?? 'postgres') : ''),
      name: url.redacted,
      poolSize: pool.connectionPoolSize,
      maxOverflow: pool.maxOverflow,
      poolTimeoutMs: limits.acquireTimeoutMs,
      poolRecycleMs: limits.maxLifetimeMs,
      prePing: limits.prePing,
      pipeline: options.pipeline ?? (Number(process.env.OXEN_NATIVE_PIPELINE) || 4),
      connectTimeoutMs: connectTimeoutMs(url, pool),
      statementTimeoutMs: options.statementTimeoutMs,
      applicationName: url.params.application_name,
      overflowIdleMs: options.overflowIdleMs ?? limits.idleTimeoutMs,
      maxResultBytes: options.maxResultBytes,
      runtimeThread: options.nativeRuntime === 'thread',
      pgbouncer,
    },
    channel.wake,
  );
  channel.attach(client);
  const executor = new NativePoolExecutor(dialect, channel, client, dialect === 'postgres' && !pgbouncer);
  const opened = await checkFirstConnection(executor, async () => channel.release(await channel.acquire(), false)).catch((error: unknown) => {
    throw error instanceof OxenError ? error : new ConnectionError('CONNECTION_FAILED', `cannot connect to ${url.redacted}: ${String(error)}`);
  });
  if (dialect === 'mysql') channel.packetLimit = await readPacketLimit(opened);
  return opened;
}
