/**
 * Connection failures are typed ConnectionErrors with one line that names the redacted URL and what to
 * do, and never the password. PostgreSQL here uses trust auth, so a wrong password cannot be shown on
 * it; a role that does not exist is refused the same way (SQLSTATE 28000) and stands in for it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { ConnectionError, OxenError, UsageError } from '../../src/core/ground/errors.js';
import { DEFAULT_POOL_SETTINGS } from '../../src/core/executor/executor.js';
import { createJsExecutor } from '../../src/core/executor/js/create-js-executor.js';
import { mysqlUrl, postgresUrl } from '../support/databases.js';
import { withDatabase } from './open-executor.js';

const SECRET = 'hunter2-Secret';

async function failure(url: string, pool = {}): Promise<OxenError> {
  try {
    const executor = await createJsExecutor(parseDatabaseUrl(url), { ...DEFAULT_POOL_SETTINGS, ...pool });
    await executor.close();
  } catch (error) {
    expect(error).toBeInstanceOf(OxenError);
    const typed = error as OxenError;
    expect(typed.message).not.toContain(SECRET);
    expect(typed.message).not.toContain('\n');
    return typed;
  }
  throw new Error(`expected connecting to ${url} to fail`);
}

describe('connection failures', () => {
  it.each([
    ['postgres', `postgres://app:${SECRET}@127.0.0.1:1/test`, 'postgres://app:***@127.0.0.1:1/test'],
    ['mysql', `mysql://app:${SECRET}@127.0.0.1:1/test`, 'mysql://app:***@127.0.0.1:1/test'],
  ])('%s: a port nobody listens on is CONNECTION_FAILED, connection refused', async (_dialect, url, redacted) => {
    const error = await failure(url);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.message).toBe(`cannot connect to ${redacted}: connection refused — is the server running and the URL right?`);
  });

  it.each(['postgres', 'mysql'])('%s: an unknown host is CONNECTION_FAILED naming the host', async (scheme) => {
    const error = await failure(`${scheme}://app:${SECRET}@no-such-host.invalid/test`);
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.message).toContain('unknown host "no-such-host.invalid"');
  });

  it.each(['postgres', 'mysql'])('%s: a server that accepts but never answers fails after connect_timeout', async (scheme) => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await failure(`${scheme}://app:${SECRET}@127.0.0.1:${port}/test?connect_timeout=0.3`);
      expect(error.code).toBe('CONNECTION_FAILED');
      expect(error.message).toContain(`:${port}/test?connect_timeout=0.3: no answer within 0.3 s — is the host reachable and the port right?`);
    } finally {
      silent.close();
    }
  });

  it('an unknown URL parameter or sslmode is URL_INVALID, not ignored', async () => {
    const unknown = await failure(`postgres://app:${SECRET}@127.0.0.1:1/test?sslmod=require`);
    expect(unknown).toBeInstanceOf(UsageError);
    expect(unknown.message).toContain('unknown parameter "sslmod"');
    const prefer = await failure(`mysql://app:${SECRET}@127.0.0.1:1/test?sslmode=prefer`);
    expect(prefer.code).toBe('URL_INVALID');
  });

  it('pool settings that make no sense are CONFIG_INVALID', async () => {
    const error = await failure('sqlite::memory:', { connectionPoolSize: 0 });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('performance.connectionPoolSize');
  });

  it('sqlite: a file in a missing directory is CONNECTION_FAILED', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxen-exec-'));
    const error = await failure(`sqlite://${dir}/missing/dir/x.sqlite`);
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.message).toContain('directory does not exist');
    const readOnlyMissing = await failure(`sqlite://${dir}/absent.sqlite?mode=ro`);
    expect(readOnlyMissing.code).toBe('CONNECTION_FAILED');
    expect(readOnlyMissing.message).toContain('unable to open the database file');
    writeFileSync(join(dir, 'notes.txt'), 'this is not a database, just some text long enough to fill a header.'.repeat(10));
    const notDatabase = await failure(`sqlite://${dir}/notes.txt`);
    expect(notDatabase.message).toBe(`cannot connect to sqlite://${dir}/notes.txt: file is not a database`);
  });

  describe.skipIf(!postgresUrl)('on the PostgreSQL server', () => {
    it('an unknown database is CONNECTION_FAILED naming it', async () => {
      const error = await failure(withDatabase(postgresUrl!, 'oxen_exec_no_such_db'));
      expect(error.code).toBe('CONNECTION_FAILED');
      expect(error.message).toContain('database "oxen_exec_no_such_db" does not exist — create it or fix the database name in the URL');
    });

    it('a role the server refuses is AUTH_FAILED, without the password', async () => {
      const url = new URL(postgresUrl!);
      url.username = 'oxen_exec_no_such_role';
      url.password = SECRET;
      const error = await failure(url.toString());
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.message).toMatch(/^cannot connect to postgres:\/\/oxen_exec_no_such_role:\*\*\*@.*role "oxen_exec_no_such_role" does not exist — check the user and password in the URL$/);
    });
  });

  describe.skipIf(!mysqlUrl)('on the MySQL/MariaDB server', () => {
    it('an unknown database is CONNECTION_FAILED naming it', async () => {
      const error = await failure(withDatabase(mysqlUrl!, 'oxen_exec_no_such_db'));
      expect(error.code).toBe('CONNECTION_FAILED');
      expect(error.message).toContain('database "oxen_exec_no_such_db" does not exist');
    });

    it('a wrong password is AUTH_FAILED, without the password', async () => {
      const url = new URL(mysqlUrl!);
      url.password = SECRET;
      const error = await failure(url.toString());
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.message).toContain(':***@');
      expect(error.message).toMatch(/Access denied for user .* — check the user and password in the URL$/);
    });
  });
});
