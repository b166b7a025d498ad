/** A panic inside the addon becomes a rejected promise or a thrown error, never an aborted process. */
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


describe.runIf(nativeBuilt)('panic containment', () => {
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
});
