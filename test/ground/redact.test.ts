import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from '../../src/core/ground/redact.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://app:hunter2@127.0.0.1:5432/test', 'postgres://app:***@127.0.0.1:5432/test'],
    ['mysql://root@127.0.0.1:3306/test', 'mysql://root@127.0.0.1:3306/test'],
    ['postgres://app:p@ss@word@host/db', 'postgres://app:***@host/db'],
    ['postgres://app:pa/ss?x#y@host/db', 'postgres://app:***@host/db'],
    ['postgres://:hunter2@host/db', 'postgres://:***@host/db'],
    ['postgres://app:hunter2', 'postgres://app:***'],
    ['postgres://host:5432/db', 'postgres://host:5432/db'],
    ['app:hunter2@host', 'app:***@host'],
    ['postgres://app@host/db?sslpassword=hunter2&application_name=x', 'postgres://app@host/db?sslpassword=***&application_name=x'],
    ['sqlite://:memory:', 'sqlite://:memory:'],
    ['sqlite:///tmp/a:b@c.db', 'sqlite:///tmp/a:b@c.db'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of each secret, raw and percent-encoded', () => {
    const text = 'auth failed for s3cr/t (s3cr%2Ft) and s3cr/t again';
    expect(redactSecrets(text, ['s3cr/t'])).toBe('auth failed for *** (***) and *** again');
  });

  it('redacts URLs quoted in free text and ignores empty secrets', () => {
    const text = 'could not reach postgres://app:hunter2@db:5432/x (timeout)';
    expect(redactSecrets(text, [''])).toBe('could not reach postgres://app:***@db:5432/x (timeout)');
  });

  it('leaves text without secrets alone', () => {
    expect(redactSecrets('relation "users" does not exist', ['hunter2'])).toBe('relation "users" does not exist');
  });
});
