/**
 * `oxen inspect`'s one service call: connect to a database by URL with a connection of its own, read
 * it through its module's introspector, close. SQLite is opened read-only, and a path that is not a
 * database is said in one line, rather than surfacing as a failed connection.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { DdlCompiler } from '../../dialect/ddl-compiler.js';
import { dialects } from '../../dialect/dialects.js';
import type { Inspection, IntrospectOptions } from '../../dialect/introspector.js';
import { createExecutor, resolveExecutorKind } from '../../executor/create-executor.js';
import type { Executor, PoolSettings } from '../../executor/executor.js';
import { UsageError } from '../../ground/errors.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { ExecutorKind } from '../../ground/values.js';

const POOL: PoolSettings = { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 10, poolRecycle: 0, poolPrePing: false };
/** Catalog reads of a large schema take well under this; a stuck server must not hang the command. */
const STATEMENT_TIMEOUT_MS = 60_000;

export interface InspectUrlOptions extends IntrospectOptions {
  /** Default: native where it is built. */
  readonly executor?: ExecutorKind;
}

export interface InspectedDatabase {
  readonly inspection: Inspection;
  /** The database's DDL compiler, for the `sql` format. */
  readonly ddl: DdlCompiler;
}

export async function inspectUrl(url: DatabaseUrl, options: InspectUrlOptions = {}): Promise<InspectedDatabase> {
  const target = readOnlyUrl(url);
  const kind = options.executor ?? (await resolveExecutorKind(undefined)).kind;
  const executor = await createExecutor(target, POOL, kind, { statementTimeoutMs: STATEMENT_TIMEOUT_MS });
  try {
    const inspection = await inspectWith(executor, url.dialect, options);
    const module = dialects[url.dialect];
    const ddl = module.ddl(await module.dialect({ serverVersion: () => executor.serverVersion() }));
    return { inspection, ddl };
  } finally {
    await executor.close().catch(() => {});
  }
}

/** With a connection already open (tests, `inspect diff` against a connected database). */
export function inspectWith(executor: Executor, dialect: DatabaseUrl['dialect'], options: IntrospectOptions = {}): Promise<Inspection> {
  checkNames(options);
  return dialects[dialect].introspector.inspect(executor, options);
}

function checkNames(options: IntrospectOptions): void {
  if (options.tables !== undefined && options.exclude !== undefined) throw new UsageError('USAGE', 'give --tables or --exclude, not both');
  for (const name of [...(options.tables ?? []), ...(options.exclude ?? [])]) {
    if (name.trim() === '') throw new UsageError('USAGE', 'an empty table name in --tables / --exclude: separate names with single commas');
  }
}

function readOnlyUrl(url: DatabaseUrl): DatabaseUrl {
  if (url.dialect !== 'sqlite') return url;
  const file = url.filename ?? '';
  if (file === '' || file === ':memory:') throw new UsageError('USAGE', `${url.redacted}: an in-memory SQLite database is empty in a new process; inspect a file (sqlite:///path/to/file.db)`);
  if (!existsSync(file)) throw new UsageError('USAGE', `${url.redacted}: no SQLite database at ${file}; check the path`);
  checkSqliteHeader(file);
  return { ...url, params: { ...url.params, mode: 'ro' } };
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * A SQLite file starts with a fixed 16-byte header (an empty file is an empty database). Checked
 * before connecting, since a driver reports another file as a failed connection, not as the wrong path.
 */
function checkSqliteHeader(file: string): void {
  let head: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new UsageError('USAGE', `${file} is a directory, not a SQLite database; check the path`);
    const fd = openSync(file, 'r');
    try {
      head = Buffer.alloc(16);
      head = head.subarray(0, readSync(fd, head, 0, 16, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('USAGE', `${file} cannot be read (${error instanceof Error ? error.message : String(error)}); check the path and its permissions`, { cause: error });
  }
  if (head.length > 0 && head.toString('latin1') !== SQLITE_HEADER) throw new UsageError('USAGE', `${file} is not a SQLite database (its header is not "SQLite format 3"); check the path`);
}
