import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { OxenError, UsageError } from '../../src/core/ground/errors.js';

function failure(url: string): UsageError {
  try {
    parseDatabaseUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`expected ${url} to be rejected`);
}

describe('parseDatabaseUrl', () => {
  it('parses a PostgreSQL URL with a percent-encoded password and parameters', () => {
    const url = parseDatabaseUrl('postgres://app:p%40ss%3Aw%2Fd@db.example.com:6543/shop?sslmode=require&application_name=oxen%20cli');
    expect(url).toEqual({
      dialect: 'postgres',
      host: 'db.example.com',
      port: 6543,
      user: 'app',
      password: 'p@ss:w/d',
      database: 'shop',
      params: { sslmode: 'require', application_name: 'oxen cli' },
      redacted: 'postgres://app:***@db.example.com:6543/shop?sslmode=require&application_name=oxen%20cli',
    });
  });

  it.each([
    ['postgres://u@h/d', 'postgres', 5432],
    ['postgresql://u@h/d', 'postgres', 5432],
    ['mysql://u@h/d', 'mysql', 3306],
    ['mariadb://u@h/d', 'mysql', 3306],
  ] as const)('%s → %s on default port %i', (text, dialect, port) => {
    const url = parseDatabaseUrl(text);
    expect(url.dialect).toBe(dialect);
    expect(url.port).toBe(port);
    expect(url.password).toBeUndefined();
    expect(url.redacted).toBe(text);
  });

  it('accepts IPv6 hosts and URLs without host, user or database', () => {
    expect(parseDatabaseUrl('postgres://u@[::1]:5433/d')).toMatchObject({ host: '::1', port: 5433 });
    const bare = parseDatabaseUrl('postgres:///');
    expect([bare.host, bare.user, bare.database, bare.port]).toEqual([undefined, undefined, undefined, 5432]);
  });

  it.each([
    ['sqlite:///tmp/oxen%20data/app.db', '/tmp/oxen data/app.db'],
    ['sqlite://relative/path.db', 'relative/path.db'],
    ['sqlite://./oxen.sqlite', './oxen.sqlite'],
    ['sqlite::memory:', ':memory:'],
    ['sqlite://:memory:', ':memory:'],
    ['sqlite:///C:/data/app.db', 'C:/data/app.db'],
  ])('SQLite %s → %s', (text, filename) => {
    const url = parseDatabaseUrl(text);
    expect(url.dialect).toBe('sqlite');
    expect(url.filename).toBe(filename);
    expect(url.redacted).toBe(text);
  });

  it('keeps SQLite parameters', () => {
    expect(parseDatabaseUrl('sqlite:///tmp/x.db?mode=ro').params).toEqual({ mode: 'ro' });
  });

  it('rejects an unknown scheme with the valid forms', () => {
    const error = failure('http://user:hunter2@example.com/db');
    expect(error.code).toBe('URL_INVALID');
    expect(error.message).toContain('unknown database URL scheme "http://"');
    expect(error.message).toContain('postgres://user:password@host:5432/dbname');
    expect(error.message).toContain('http://user:***@example.com/db');
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    'nonsense',
    'postgres:/only-one-slash',
    'postgres://app:hunter2@host:99999/db',
    'postgres://app:hunter2@host:0/db',
    'postgres://app:hunt#er2@host/db',
    'postgres://app:hunter2@host/a/b',
    'postgres://app:hunter2%zz@host/db',
    'mysql://app:hunter2@ho st/db',
    'sqlite:relative.db',
    'sqlite://',
    'postgres://app@host/db?password=hunter2&=1',
  ])('rejects malformed %s in one line without the password', (text) => {
    const error = failure(text);
    expect(error).toBeInstanceOf(OxenError);
    expect(error.code).toBe('URL_INVALID');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('er2');
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/^(invalid database URL|unknown database URL scheme)/);
  });
});
