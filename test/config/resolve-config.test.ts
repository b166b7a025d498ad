import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/resolve-config.js';
import { UsageError } from '../../src/core/ground/errors.js';
import { rejection } from '../support/rejection.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oxen-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: unknown) =>
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));

const failure = (promise: Promise<unknown>): Promise<UsageError> => rejection(promise, UsageError);

describe('resolveConfig', () => {
  it('falls back to ./oxen.sqlite in the working directory', async () => {
    const r = await resolveConfig({}, { env: {}, cwd: dir });
    expect(r.config).toEqual({ databases: { default: `sqlite://${dir}/oxen.sqlite` } });
    expect(r.sources).toEqual({ databases: { default: 'default' }, executor: undefined });
    expect(r.file).toBeUndefined();
  });

  it('reads oxen.config.json, keeping every database, the executor and performance settings', async () => {
    write('oxen.config.json', {
      databases: { default: 'postgres://app:pw@127.0.0.1/app', replica: 'postgres://app:pw@127.0.0.2/app' },
      executor: 'js',
      performance: { connectionPoolSize: 4, queryCacheEnabled: true },
    });
    const r = await resolveConfig({}, { env: {}, cwd: dir });
    expect(r.file).toBe(join(dir, 'oxen.config.json'));
    expect(r.config).toEqual({
      databases: { default: 'postgres://app:pw@127.0.0.1/app', replica: 'postgres://app:pw@127.0.0.2/app' },
      executor: 'js',
      performance: { connectionPoolSize: 4, queryCacheEnabled: true },
    });
    expect(r.sources).toEqual({
      databases: { default: 'oxen.config.json', replica: 'oxen.config.json' },
      executor: 'oxen.config.json',
    });
  });

  it('lets the environment override the file, and flags override both', async () => {
    write('oxen.config.json', { databases: { default: 'sqlite:///tmp/from-file.db' }, executor: 'native' });
    const env = { OXEN_DATABASE_URL: 'mysql://root@127.0.0.1/test', OXEN_EXECUTOR: 'js' };
    const fromEnv = await resolveConfig({}, { env, cwd: dir });
    expect(fromEnv.config.databases.default).toBe('mysql://root@127.0.0.1/test');
    expect(fromEnv.config.executor).toBe('js');
    expect(fromEnv.sources).toEqual({ databases: { default: 'OXEN_DATABASE_URL' }, executor: 'OXEN_EXECUTOR' });

    const fromFlags = await resolveConfig({ url: 'sqlite::memory:', executor: 'native' }, { env, cwd: dir });
    expect(fromFlags.config.databases.default).toBe('sqlite::memory:');
    expect(fromFlags.config.executor).toBe('native');
    expect(fromFlags.sources).toEqual({ databases: { default: '--url' }, executor: '--executor' });
  });

  it('imports oxen.config.mjs and CommonJS oxen.config.js', async () => {
    write('oxen.config.mjs', 'export default { databases: { default: "sqlite:///tmp/mjs.db" } };');
    expect((await resolveConfig({}, { env: {}, cwd: dir })).config.databases.default).toBe('sqlite:///tmp/mjs.db');
    rmSync(join(dir, 'oxen.config.mjs'));
    write('oxen.config.js', 'module.exports = { databases: { default: "sqlite:///tmp/cjs.db" } };');
    expect((await resolveConfig({}, { env: {}, cwd: dir })).config.databases.default).toBe('sqlite:///tmp/cjs.db');
  });

  it('uses the file named by --config or OXEN_CONFIG instead of looking in the directory', async () => {
    write('oxen.config.json', { databases: { default: 'sqlite:///tmp/found.db' } });
    write('other.json', { databases: { default: 'sqlite:///tmp/other.db' } });
    const viaEnv = await resolveConfig({}, { env: { OXEN_CONFIG: 'other.json' }, cwd: dir });
    expect(viaEnv.config.databases.default).toBe('sqlite:///tmp/other.db');
    expect(viaEnv.sources.databases.default).toBe('other.json');
    const viaFlag = await resolveConfig({ config: join(dir, 'other.json') }, { env: {}, cwd: dir });
    expect(viaFlag.config.databases.default).toBe('sqlite:///tmp/other.db');
  });

  it.each([
    [{ databse: {} }, /oxen\.config\.json: databse is not a setting/],
    [{ databases: 'sqlite:///x.db' }, /oxen\.config\.json: databases must map names to URLs/],
    [{ databases: { replica: 'sqlite:///x.db' } }, /databases must name a "default" database/],
    [{ databases: { default: 42 } }, /databases\.default must be a connection URL string/],
    [{ databases: { default: 'postgres://app:hunter2@' } }, /databases\.default is not a valid URL/],
    [{ databases: { default: 'redis://h/0' } }, /databases\.default is not a valid URL: unknown database URL scheme/],
    [{ executor: 'rust' }, /executor must be one of js, native \(got "rust"\)/],
    [{ performance: { connectionPoolSize: 0 } }, /performance\.connectionPoolSize must be a whole number ≥ 1 \(got 0\)/],
    [{ performance: { poolPrePing: 'yes' } }, /performance\.poolPrePing must be true or false/],
    [{ performance: { queryCacheTtl: -1 } }, /performance\.queryCacheTtl must be a number > 0/],
    [{ performance: { nativeRuntime: 'worker' } }, /performance\.nativeRuntime must be 'main' or 'thread'/],
    [{ performance: { connection_pool_size: 5 } }, /performance\.connection_pool_size is not a setting: did you mean connectionPoolSize\?/],
    [[1, 2], /oxen\.config\.json: the configuration must be an object/],
  ])('rejects %j naming the file and the key', async (content, message) => {
    write('oxen.config.json', content);
    const error = await failure(resolveConfig({}, { env: {}, cwd: dir }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a JSON syntax error with the file name', async () => {
    write('oxen.config.json', '{ "databases": ');
    const error = await failure(resolveConfig({}, { env: {}, cwd: dir }));
    expect(error.message).toMatch(/^oxen\.config\.json is not valid JSON: /);
  });

  it('refuses to guess between two config files', async () => {
    write('oxen.config.json', {});
    write('oxen.config.mjs', 'export default {};');
    const error = await failure(resolveConfig({}, { env: {}, cwd: dir }));
    expect(error.message).toMatch(/found oxen\.config\.json and oxen\.config\.mjs .*keep one, or pass --config/);
  });

  it('reports a config module without a default export, and one that throws', async () => {
    write('oxen.config.mjs', 'export const databases = {};');
    expect((await failure(resolveConfig({}, { env: {}, cwd: dir }))).message).toMatch(/oxen\.config\.mjs has no default export/);
    write('oxen.config.mjs', 'throw new Error("boom");');
    expect((await failure(resolveConfig({ config: 'oxen.config.mjs' }, { env: {}, cwd: dir }))).message).toMatch(
      /oxen\.config\.mjs could not be loaded: boom/,
    );
  });

  it('names the variable or flag that carries a malformed URL, without its password', async () => {
    const env = { OXEN_DATABASE_URL: 'postgres://app:s3cret@' };
    const error = await failure(resolveConfig({}, { env, cwd: dir }));
    expect(error.message).toMatch(/^OXEN_DATABASE_URL: invalid database URL postgres:\/\/app:\*\*\*@/);
    expect(error.message).not.toContain('s3cret');
    const flagError = await failure(resolveConfig({ url: 'nope' }, { env: {}, cwd: dir }));
    expect(flagError.message).toMatch(/^--url: invalid database URL/);
  });

  it('rejects an unknown executor from the environment', async () => {
    const error = await failure(resolveConfig({}, { env: { OXEN_EXECUTOR: 'fast' }, cwd: dir }));
    expect(error.message).toBe('OXEN_EXECUTOR=fast is not an executor: use js or native');
  });

  it('rejects a --config file that does not exist or has another extension', async () => {
    expect((await failure(resolveConfig({ config: 'missing.json' }, { env: {}, cwd: dir }))).message).toBe(
      'config file missing.json does not exist',
    );
    write('oxen.yaml', 'a: 1');
    expect((await failure(resolveConfig({ config: 'oxen.yaml' }, { env: {}, cwd: dir }))).message).toMatch(/use a \.ts, \.mts, \.json, \.js or \.mjs file/);
  });
});
