/**
 * The URL parameters the executors understand. An unknown or unsupported one is an error rather than
 * silently ignored: a user who writes `sslmode=verify-full` must not get a plain-text connection.
 */
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { UsageError } from '../../ground/errors.js';
import type { PoolSettings } from '../executor.js';

const SSL_MODES = ['disable', 'require', 'verify-full'] as const;

export function checkUrlParams(url: DatabaseUrl, supported: readonly string[]): void {
  for (const key of Object.keys(url.params)) {
    if (!supported.includes(key)) {
      const known = supported.length > 0 ? `supported: ${supported.join(', ')}` : 'this database takes none';
      throw new UsageError('URL_INVALID', `unknown parameter "${key}" in ${url.redacted} (${known})`);
    }
  }
}

/** SQLite's only parameter, `mode`: ro, rw, or rwc (the default, which creates the file). */
export function sqliteMode(url: DatabaseUrl): 'ro' | 'rw' | 'rwc' {
  checkUrlParams(url, ['mode']);
  const mode = url.params.mode ?? 'rwc';
  if (mode !== 'ro' && mode !== 'rw' && mode !== 'rwc') {
    throw new UsageError('URL_INVALID', `mode=${mode} in ${url.redacted} is not supported: use ro, rw or rwc (the default, creates the file)`);
  }
  return mode;
}

/**
 * `sslmode` as libpq spells it. `prefer` and `allow` are refused (the drivers cannot fall back to plain
 * text), and so is `verify-ca` (mysql2 always checks the host name once it checks the certificate).
 */
export function tlsOptions(url: DatabaseUrl): false | { rejectUnauthorized: boolean } {
  const mode = url.params.sslmode ?? 'disable';
  switch (mode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      throw new UsageError('URL_INVALID', `sslmode=${mode} in ${url.redacted} is not supported: use one of ${SSL_MODES.join(', ')}`);
  }
}

/** `connect_timeout` (seconds) from the URL, else the pool's wait limit. */
export function connectTimeoutMs(url: DatabaseUrl, settings: PoolSettings): number {
  const raw = url.params.connect_timeout;
  if (raw === undefined) return settings.poolTimeout * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError('URL_INVALID', `connect_timeout=${raw} in ${url.redacted} must be a positive number of seconds`);
  }
  return seconds * 1000;
}
