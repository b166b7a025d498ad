/**
 * `oxen doctor`'s checks: the executor in force, and for every configured database whether it can
 * be reached and what server answers. Each database gets its own short-lived executor, so one
 * unreachable database does not hide the state of the others.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_PERFORMANCE } from '../database/connect.js';
import { parseDatabaseUrl, type DatabaseUrl } from '../ground/parse-url.js';
import { redactSecrets } from '../ground/redact.js';
import { OxenError } from '../ground/errors.js';
import { createExecutor } from '../executor/create-executor.js';
import type { PoolSettings } from '../executor/executor.js';
import type { ExecutorKind } from '../ground/values.js';
import type { DatabaseCheck, DoctorReport, ReplicaCheck } from './doctor-report.js';
import { checkRouting } from '../database/check-routing.js';
import { DEFAULT_ROUTING, judgeLag } from '../database/read-router.js';
import { dialects } from '../dialect/dialects.js';
import { chooseExecutor } from './executor-choice.js';
import type { ResolvedConfig } from './resolve-config.js';

/** Doctor answers quickly: a server that has not answered in this many seconds counts as unreachable. */
const CHECK_TIMEOUT_SECONDS = 10;

export async function diagnose(resolved: ResolvedConfig, oxenVersion: string): Promise<DoctorReport> {
  const choice = await chooseExecutor(resolved.config.executor, resolved.sources.executor);
  const settings: PoolSettings = {
    ...DEFAULT_PERFORMANCE,
    ...resolved.config.performance,
    connectionPoolSize: 1,
    maxOverflow: 0,
    poolTimeout: Math.min(resolved.config.performance?.poolTimeout ?? CHECK_TIMEOUT_SECONDS, CHECK_TIMEOUT_SECONDS),
  };
  // The databases can still be checked when the executor asked for is missing: the js one can reach them.
  const kind = choice.kind ?? 'js';
  const routing = { ...DEFAULT_ROUTING, ...resolved.config.routing };
  const replicaUrls = checkRouting(resolved.config, routing);
  const databases = await Promise.all(
    Object.keys(resolved.config.databases).map(async (name) => {
      const check = await checkDatabase(name, resolved.urls[name]!, resolved.sources.databases[name] ?? 'default', settings, kind);
      const replicas = replicaUrls.get(name);
      if (replicas === undefined) return check;
      return { ...check, replicas: await Promise.all(replicas.map((url, i) => checkReplica(`${name}@replica${i + 1}`, url, settings, kind, routing.maxLagMs))) };
    }),
  );
  return {
    oxenVersion,
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    configFile: resolved.file ?? null,
    executor: {
      active: choice.kind ?? null,
      requested: choice.requested ?? null,
      reason: choice.reason,
      nativeAvailable: choice.nativeAvailable,
      nativeInfo: choice.nativeInfo,
    },
    databases,
    ok: choice.kind !== undefined && databases.every((d) => d.reachable && (d.replicas ?? []).every((r) => r.state !== 'down')),
  };
}

async function checkDatabase(
  name: string,
  url: DatabaseUrl,
  source: string,
  settings: PoolSettings,
  kind: ExecutorKind,
): Promise<DatabaseCheck> {
  const base = { name, url: url.redacted, source, dialect: url.dialect };
  const started = performance.now();
  let target = url;
  let note: string | null = null;
  if (url.dialect === 'sqlite' && url.filename !== ':memory:' && !existsSync(resolve(url.filename ?? ''))) {
    // Opening would create the file; doctor only looks. The version comes from an in-memory database.
    const dir = dirname(resolve(url.filename ?? ''));
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      const message = `directory ${dir} does not exist or is not writable, so the database file cannot be created`;
      return { ...base, reachable: false, serverVersion: null, latencyMs: null, note, error: { code: 'CONNECTION_FAILED', message } };
    }
    note = 'file does not exist yet; it is created on first use';
    target = parseDatabaseUrl('sqlite::memory:');
  }
  try {
    const executor = await createExecutor(target, settings, kind);
    try {
      const serverVersion = await executor.serverVersion();
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return { ...base, reachable: true, serverVersion, latencyMs, note, error: null };
    } finally {
      await executor.close();
    }
  } catch (error) {
    const secrets = url.password ? [url.password] : [];
    const code = error instanceof OxenError ? error.code : 'INTERNAL';
    const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets).split('\n')[0] ?? '';
    return { ...base, reachable: false, serverVersion: null, latencyMs: null, note, error: { code, message } };
  }
}

/** One lag sample, judged as read routing judges it (read-router.ts). */
async function checkReplica(name: string, url: DatabaseUrl, settings: PoolSettings, kind: ExecutorKind, maxLagMs: number): Promise<ReplicaCheck> {
  const base = { name, url: url.redacted };
  try {
    const executor = await createExecutor(url, settings, kind);
    try {
      const serverVersion = await executor.serverVersion();
      const probe = dialects[url.dialect].replicaLag!;
      const judged = judgeLag(probe.read(await executor.query(probe.statement)), maxLagMs);
      return { ...base, state: judged.state, lagMs: judged.lagMs, serverVersion, reason: judged.reason ?? null };
    } finally {
      await executor.close();
    }
  } catch (error) {
    const secrets = url.password ? [url.password] : [];
    const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets).split('\n')[0] ?? '';
    return { ...base, state: 'down', lagMs: null, serverVersion: null, reason: message };
  }
}
