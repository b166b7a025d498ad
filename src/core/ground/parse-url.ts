/**
 * Connection URLs are parsed once, here. Everything downstream (executors, reports, the CLI) reads the
 * parsed fields and shows only `redacted`.
 */
import { UsageError } from './errors.js';
import type { DialectName } from '../ground/values.js';
import { redactUrl } from './redact.js';

export interface DatabaseUrl {
  readonly dialect: DialectName;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
  /** SQLite: the file path as written (absolute or relative), or ':memory:'. */
  readonly filename?: string;
  readonly params: Readonly<Record<string, string>>;
  /** The URL as given, with the password replaced by `***`. */
  readonly redacted: string;
}

const SERVER_SCHEMES: Readonly<Record<string, { dialect: DialectName; port: number }>> = {
  'postgres:': { dialect: 'postgres', port: 5432 },
  'postgresql:': { dialect: 'postgres', port: 5432 },
  'mysql:': { dialect: 'mysql', port: 3306 },
  'mariadb:': { dialect: 'mysql', port: 3306 },
};

const EXAMPLES = 'postgres://user:password@host:5432/dbname, mysql://user:password@host:3306/dbname or sqlite:///path/to/file.db';

export function parseDatabaseUrl(url: string): DatabaseUrl {
  const redacted = redactUrl(url);
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) invalid(redacted, 'it has no scheme');
  if (scheme === 'sqlite:') return parseSqliteUrl(url, redacted);
  const server = SERVER_SCHEMES[scheme];
  if (!server) {
    throw new UsageError('URL_INVALID', `unknown database URL scheme "${scheme}//" in ${redacted}: use ${EXAMPLES}`);
  }
  if (!url.slice(scheme.length).startsWith('//')) invalid(redacted, `"${scheme}" must be followed by //`);

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    invalid(redacted, 'it is not a well-formed URL (are special characters in the password percent-encoded?)');
  }
  if (parsed.hash) invalid(redacted, 'it has a #fragment (percent-encode # in the password as %23)');
  const path = parsed.pathname.replace(/^\//, '');
  if (path.includes('/')) invalid(redacted, 'the database name must be a single path segment');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? server.port : Number(parsed.port);
  if (port === 0) invalid(redacted, 'port 0 is not a valid port');

  return {
    dialect: server.dialect,
    host: host === '' ? undefined : decode(host, redacted),
    port,
    user: parsed.username === '' ? undefined : decode(parsed.username, redacted),
    password: parsed.password === '' ? undefined : decode(parsed.password, redacted),
    database: path === '' ? undefined : decode(path, redacted),
    params: parseParams(parsed.search.slice(1), redacted),
    redacted,
  };
}

/** `sqlite:///abs/file.db`, `sqlite://relative/file.db`, `sqlite::memory:`, `sqlite://:memory:`. */
function parseSqliteUrl(url: string, redacted: string): DatabaseUrl {
  const rest = url.slice('sqlite:'.length);
  if (rest === ':memory:') return { dialect: 'sqlite', filename: ':memory:', params: {}, redacted };
  if (!rest.startsWith('//')) invalid(redacted, 'SQLite URLs look like sqlite:///abs/path.db, sqlite://relative/path.db or sqlite::memory:');
  const query = rest.indexOf('?');
  const rawPath = query === -1 ? rest.slice(2) : rest.slice(2, query);
  if (rawPath === '') invalid(redacted, 'it names no database file');
  if (rawPath.includes('#')) invalid(redacted, 'it has a #fragment (percent-encode # in the path as %23)');
  const decoded = decode(rawPath, redacted);
  // `sqlite:///C:/data/app.db` on Windows: the slash before the drive letter is the URL's, not the path's.
  const filename = /^\/[A-Za-z]:\//.test(decoded) ? decoded.slice(1) : decoded;
  const params = parseParams(query === -1 ? '' : rest.slice(query + 1), redacted);
  return { dialect: 'sqlite', filename, params, redacted };
}

function parseParams(search: string, redacted: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (search === '') return params;
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq), redacted);
    if (key === '') invalid(redacted, 'a query parameter has no name');
    params[key] = eq === -1 ? '' : decode(pair.slice(eq + 1).replace(/\+/g, ' '), redacted);
  }
  return params;
}

function decode(text: string, redacted: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    invalid(redacted, 'it has a malformed %-escape');
  }
}

function invalid(redacted: string, why: string): never {
  throw new UsageError('URL_INVALID', `invalid database URL ${redacted}: ${why}; expected e.g. ${EXAMPLES}`);
}
