/** connect(): named databases and using(), and connection failures as typed errors without passwords. */
import { afterAll, describe, expect, it } from 'vitest';
import { AutoField, CharField, connect, createTables, disconnect, dropTables, getDatabase, listDatabases, model } from '../../src/index.js';
import { mysqlUrl, postgresUrl, sqliteUrl } from '../support/databases.js';
import { testExecutors } from '../support/orm.js';

const Thing = model('Thing', { id: AutoField(), name: CharField({ maxLength: 20 }) }, { tableName: 'conn_thing' });

describe.each(testExecutors())('connect() with the %s executor', (executor) => {
  afterAll(() => disconnect());

  it('opens named databases; using() routes queries', async () => {
    await connect({ databases: { default: sqliteUrl(), replica: sqliteUrl() }, executor });
    expect(listDatabases().map((d) => d.name)).toEqual(['default', 'replica']);
    await createTables([Thing]);
    await createTables([Thing], { using: 'replica' });
    await Thing.create({ name: 'primary' });
    await Thing.using('replica').create({ name: 'copy' });
    expect(await Thing.all().valuesList('name', { flat: true })).toEqual(['primary']);
    expect(await Thing.using('replica').valuesList('name', { flat: true })).toEqual(['copy']);
    await expect(Thing.using('nope').count()).rejects.toThrow(/no database named "nope"; configured: default, replica/);
    await dropTables([Thing]);
    await disconnect();
    expect(listDatabases()).toEqual([]);
    expect(() => getDatabase()).toThrow(/call connect\(url\) first/);
  });

  it('rejects a malformed URL with a typed error', async () => {
    await expect(connect({ databases: { default: 'postgres://user:s3cret@' }, executor })).rejects.toMatchObject({ code: 'URL_INVALID' });
    await expect(connect({ databases: { default: 'oracle://user:s3cret@host/db' }, executor })).rejects.toMatchObject({ code: 'URL_INVALID' });
    await expect(connect({ databases: { default: 'oracle://user:s3cret@host/db' }, executor })).rejects.not.toThrow(/s3cret/);
  });

  it('rejects unknown settings', async () => {
    await expect(connect({ databases: { default: sqliteUrl() }, executor, performance: { poolSize: 3 } as never })).rejects.toThrow(/unknown performance setting "poolSize"/);
  });

  const servers = [postgresUrl && ['postgres', 'postgres://oxen:hunter2@127.0.0.1:1/test'], mysqlUrl && ['mysql', 'mysql://oxen:hunter2@127.0.0.1:1/test']].filter(Boolean) as [string, string][];
  it.each(servers)('an unreachable %s server fails with CONNECTION_FAILED and no password', async (_d, url) => {
    const error = await connect({ databases: { default: url }, executor }).then(() => undefined, (e: unknown) => e as Error & { code: string });
    expect(error?.code).toBe('CONNECTION_FAILED');
    expect(error?.message).not.toContain('hunter2');
    expect(error?.message).toContain('oxen:***@');
  });

  it.runIf(mysqlUrl)('a wrong MySQL password fails with AUTH_FAILED and no password', async () => {
    const u = new URL(mysqlUrl!);
    u.username = 'root';
    u.password = 'definitely-wrong-pw';
    const error = await connect({ databases: { default: u.toString() }, executor }).then(() => undefined, (e: unknown) => e as Error & { code: string });
    expect(error?.code).toBe('AUTH_FAILED');
    expect(error?.message).not.toContain('definitely-wrong-pw');
  });
});
