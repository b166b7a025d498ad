/**
 * A panic inside the addon becomes a rejected promise or a thrown error, never an aborted process, and
 * a connection whose task panicked is never handed out again. The panic-injection request exists only
 * in an addon built with the test-hooks feature (OXEN_NATIVE_FEATURES=test-hooks, as CI builds it); a
 * user's build refuses it.
 */
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { OxenError } from '../../src/core/ground/errors.js';
import type { NativeAddon } from '../../src/core/executor/native/native-addon.js';
import { loadNativeAddon } from '../../src/core/executor/native/load-native-addon.js';
import { NativeChannel } from '../../src/core/executor/native/native-channel.js';
import { RequestWriter } from '../../src/core/executor/native/request-writer.js';
import { Op } from '../../src/core/executor/native/wire-codes.js';
import { postgresUrl, sqliteUrl } from '../support/databases.js';
import { nativeBuilt } from './open-native.js';


const info = nativeBuilt ? loadNativeAddon().nativeBuildInfo() : undefined;
const hooks = info?.testHooks === true;

describe.runIf(nativeBuilt)('the panic hook', () => {
  it('is built exactly when asked for', () => {
    expect(info!.testHooks).toBe((process.env.OXEN_NATIVE_FEATURES ?? '').includes('test-hooks'));
  });

  it('the SQLite runner refuses one buffer given as both requests and results', () => {
    const addon: NativeAddon = loadNativeAddon();
    const db = new addon.NativeSqlite(parseDatabaseUrl(sqliteUrl()).filename!, 'rwc', 1000);
    const writer = new RequestWriter();
    writer.statement(Op.query, 1, 0, { sql: 'SELECT 1', params: [] });
    const length = writer.take();
    const run = db.runner();
    expect(() => run(writer.buffer, length, writer.buffer)).toThrow(/separate buffers/);
    expect(() => run(writer.buffer, length, writer.buffer.subarray(4))).toThrow(/separate buffers/);
    expect(run(writer.buffer, length, Buffer.alloc(4096))).toBeGreaterThan(0);
    db.close();
  });

  it.runIf(!hooks)('a build without test-hooks refuses the request', () => {
    const addon: NativeAddon = loadNativeAddon();
    const db = new addon.NativeSqlite(parseDatabaseUrl(sqliteUrl()).filename!, 'rwc', 1000);
    const writer = new RequestWriter();
    writer.header(Op.panic, 1, 0, 0);
    expect(() => db.runner()(writer.buffer, writer.take(), Buffer.alloc(4096))).toThrow(/unknown request op/);
    db.close();
  });
});

describe.runIf(nativeBuilt && hooks)('panic containment', () => {
  it('SQLite: a panicking call throws, and the database keeps working', () => {
    const addon: NativeAddon = loadNativeAddon();
    const db = new addon.NativeSqlite(parseDatabaseUrl(sqliteUrl()).filename!, 'rwc', 1000);
    const writer = new RequestWriter();
    const out = Buffer.alloc(4096);
    const run = db.runner();
    writer.header(Op.panic, 1, 0, 0);
    expect(() => run(writer.buffer, writer.take(), out)).toThrow(/panic/);
    writer.statement(Op.query, 2, 0, { sql: 'SELECT 40 + 2', params: [] });
    expect(run(writer.buffer, writer.take(), out)).toBeGreaterThan(0);
    db.close();
  });

  it.runIf(postgresUrl)('PostgreSQL: a panicking task rejects its own request only', async () => {
    const url = parseDatabaseUrl(postgresUrl!);
    const addon = loadNativeAddon();
    const context = { redacted: url.redacted, secrets: [] };
    const channel = new NativeChannel(context);
    const client = new addon.NativeClient(
      {
        dialect: 'postgres', host: url.host!, port: url.port!, user: url.user!, database: url.database!, name: url.redacted,
        poolSize: 2, maxOverflow: 0, poolTimeoutMs: 5000, poolRecycleMs: 0, prePing: false, pipeline: 4, connectTimeoutMs: 5000, overflowIdleMs: 10000,
      },
      channel.wake,
    );
    channel.attach(client);
    const [panicked, answered] = await Promise.allSettled([channel.panic(), channel.query({ sql: 'SELECT 42', params: [] })]);
    expect(panicked.status).toBe('rejected');
    const error = (panicked as PromiseRejectedResult).reason as OxenError;
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/the native executor panicked/);
    expect(answered).toEqual({ status: 'fulfilled', value: { columns: ['?column?'], rows: [[42]] } });
    expect((await channel.query({ sql: 'SELECT 1', params: [] })).rows).toEqual([[1]]);
    channel.close();
  });

  it.runIf(postgresUrl)('PostgreSQL: a pinned connection whose task panicked is closed, not handed out again', async () => {
    const url = parseDatabaseUrl(postgresUrl!);
    const addon = loadNativeAddon();
    const channel = new NativeChannel({ redacted: url.redacted, secrets: [] });
    const client = new addon.NativeClient(
      {
        dialect: 'postgres', host: url.host!, port: url.port!, user: url.user!, database: url.database!, name: url.redacted,
        poolSize: 1, maxOverflow: 0, poolTimeoutMs: 5000, poolRecycleMs: 0, prePing: false, pipeline: 4, connectTimeoutMs: 5000, overflowIdleMs: 10000,
      },
      channel.wake,
    );
    channel.attach(client);
    const backend = async (conn: number) => (await channel.query({ sql: 'SELECT pg_backend_pid()', params: [] }, conn)).rows[0]![0];
    const first = await channel.acquire();
    const before = await backend(first);
    await expect(channel.panic(first)).rejects.toThrow(/panicked/);
    // JS does not know; the addon does, and closes the connection instead of pooling it.
    await channel.release(first, false);
    const second = await channel.acquire();
    expect(await backend(second)).not.toBe(before);
    await channel.release(second, false);
    channel.close();
  });
});
