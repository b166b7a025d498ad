/**
 * What the process-level migrate suite needs: `oxen migrate` started as a child process (so it can be
 * killed or run twice at once), hand-written migration files holding `runJs` operations that pause on
 * files the test controls, a database of its own per test on each server, and plain SQL to read back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { TableState } from '../../src/core/dialect/schema-state.js';
import type { DialectName } from '../../src/core/ground/values.js';
import { DEFAULT_HISTORY_TABLE } from '../../src/core/schema/migrate/history.js';
import { lockKey } from '../../src/core/schema/migrate/migration-lock.js';
import { MYSQL_LOCK_NAME } from '../../src/core/dialect/mysql/adapter.js';
import { bin } from '../cli/run-oxen.js';
import { mysqlUrl, optionalServer, postgresUrl } from '../support/databases.js';
import { myQuery, pgQuery } from '../support/plain-sql.js';

/** A child `oxen` process: its output so far, and its end. */
export interface OxenChild {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The built binary, started in `cwd` with a clean environment (no OXEN_* of the caller's) plus `env`. */
export function startOxen(args: readonly string[], cwd: string, env: Record<string, string> = {}): OxenChild {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('OXEN_') && k !== 'NO_COLOR' && k !== 'FORCE_COLOR' && k !== 'DEBUG') clean[k] = v;
  }
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...clean, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: OxenChild = {
    child,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (run.stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (run.stderr += s));
  return run;
}

/** Runs to the end; a run that outlives `timeoutMs` is killed and fails the test with its output. */
export async function runOxen(args: readonly string[], cwd: string, timeoutMs = 90_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startOxen(args, cwd);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const { code, signal } = await run.exit;
  clearTimeout(timer);
  if (signal !== null) throw new Error(`oxen ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${run.stdout}\n${run.stderr}`);
  return { code, stdout: run.stdout, stderr: run.stderr };
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A temp project: oxen.config.ts naming `url`, and an empty migrations folder. */
export function tempProject(url: string, name: string): { dir: string; migrations: string } {
  const dir = mkdtempSync(join(tmpdir(), `oxen-mproc-${name}-`));
  writeFileSync(join(dir, 'oxen.config.ts'), `export default { databases: { default: ${JSON.stringify(url)} }, migrations: './migrations' };\n`);
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  return { dir, migrations };
}

/** An operation of a hand-written file: plain data as JSON, or TypeScript source (a runJs). */
export type OperationSource = { readonly data: object } | { readonly source: string };

/** Writes `migrations/<name>.ts` as a user would write it by hand (the shape of templates/migration.ts.template). */
export function writeMigration(migrations: string, name: string, operations: readonly OperationSource[]): void {
  const ops = operations.map((o) => ('data' in o ? JSON.stringify(o.data) : o.source)).join(',\n    ');
  const text = [
    "import { existsSync, writeFileSync } from 'node:fs';",
    '',
    `export default {\n  operations: [\n    ${ops},\n  ],\n};`,
    '',
  ].join('\n');
  writeFileSync(join(migrations, `${name}.ts`), text);
}

/**
 * A runJs that, when the file named by the environment variable `markerVar` does not exist yet, creates
 * it (holding the process id) and then waits: until the file named by `gateVar` exists, or `pauseMs`
 * when there is no gate. Once the marker exists (a resumed or second run) it does nothing: the same
 * file, so the same checksum, pauses only the first time.
 */
export function pauseOnce(markerVar: string, pauseMs: number, gateVar?: string): OperationSource {
  const gate = gateVar === undefined ? 'undefined' : `process.env.${gateVar}`;
  return {
    source: `{
      op: 'runJs',
      up: async () => {
        const marker = process.env.${markerVar};
        if (marker === undefined || existsSync(marker)) return;
        writeFileSync(marker, String(process.pid));
        const gate = ${gate};
        const end = Date.now() + ${pauseMs};
        while (Date.now() < end && !(gate !== undefined && existsSync(gate))) await new Promise((r) => setTimeout(r, 20));
      },
    }`,
  };
}

const id = { name: 'id', type: { kind: 'auto' }, nullable: false };

export function tableOf(name: string, columns: object[] = []): TableState {
  return { name, columns: [id, ...columns], primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [] } as TableState;
}

export const createTable = (t: TableState): OperationSource => ({ data: { op: 'createTable', table: t } });
export const addColumn = (table: string, name: string): OperationSource => ({ data: { op: 'addColumn', table, column: { name, type: { kind: 'int' }, nullable: true } } });
export const runSql = (sql: string): OperationSource => ({ data: { op: 'runSql', sql: { postgres: sql, mysql: sql, sqlite: sql } } });

/** A database to run against: plain SQL on it, and where it lives. */
export interface Target {
  readonly dialect: DialectName;
  readonly url: string;
  query(sql: string, params?: unknown[]): Promise<unknown[][]>;
  /** The table names of this database. */
  tables(): Promise<string[]>;
  columns(table: string): Promise<string[]>;
  /** Whether the migration lock of the default history table is held by some session. */
  lockHeld(): Promise<boolean>;
  drop(): Promise<void>;
}

const LOCK_KEY = lockKey(DEFAULT_HISTORY_TABLE);

export interface Server {
  readonly name: string;
  readonly dialect: DialectName;
  readonly url: string | undefined;
  /** A fresh database of its own (a file on SQLite). */
  create(label: string): Promise<Target>;
}

const withDb = (url: string, db: string): string => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

let counter = 0;
const dbName = (label: string) => `mproc_${process.pid}_${counter++}_${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}`.slice(0, 60);

export const servers: Server[] = [
  {
    name: 'SQLite',
    dialect: 'sqlite',
    url: 'sqlite://',
    create: async (label) => {
      const dir = mkdtempSync(join(tmpdir(), `oxen-mproc-db-${label}-`));
      const file = join(dir, 'app.sqlite');
      const query = async (sql: string, params: unknown[] = []): Promise<unknown[][]> => {
        const db = new Database(file);
        try {
          const stmt = db.prepare(sql);
          return stmt.reader ? (stmt.raw().all(...params) as unknown[][]) : (stmt.run(...params), []);
        } finally {
          db.close();
        }
      };
      return {
        dialect: 'sqlite',
        url: `sqlite://${file}`,
        query,
        tables: async () => (await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((r) => String(r[0])),
        columns: async (table) => (await query('SELECT name FROM pragma_table_info(?) ORDER BY cid', [table])).map((r) => String(r[0])),
        // A write lock held by another connection: BEGIN IMMEDIATE fails busy at once.
        lockHeld: async () => {
          const db = new Database(file, { timeout: 0 });
          try {
            db.exec('BEGIN IMMEDIATE');
            db.exec('ROLLBACK');
            return false;
          } catch (error) {
            if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
            throw error;
          } finally {
            db.close();
          }
        },
        drop: async () => {},
      };
    },
  },
  {
    name: 'PostgreSQL',
    dialect: 'postgres',
    url: optionalServer(postgresUrl, 'PostgreSQL', 'OXEN_TEST_POSTGRES_URL'),
    create: async (label) => {
      const base = postgresUrl!;
      const name = dbName(label);
      await pgQuery(base, `DROP DATABASE IF EXISTS ${name}`);
      await pgQuery(base, `CREATE DATABASE ${name}`);
      const url = withDb(base, name);
      const query = (sql: string, params: unknown[] = []) => pgQuery(url, sql, params);
      return {
        dialect: 'postgres',
        url,
        query,
        tables: async () => (await query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")).map((r) => String(r[0])),
        columns: async (table) =>
          (await query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position", [table])).map((r) => String(r[0])),
        // Advisory locks belong to a database: in a database of its own, any is the migration lock.
        lockHeld: async () => Number((await query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))[0]![0]) > 0,
        drop: async () => {
          await pgQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
  },
  {
    name: 'MariaDB',
    dialect: 'mysql',
    url: optionalServer(mysqlUrl, 'MySQL/MariaDB', 'OXEN_TEST_MYSQL_URL'),
    create: async (label) => {
      const base = mysqlUrl!;
      const name = dbName(label);
      await myQuery(base, `DROP DATABASE IF EXISTS ${name}`);
      await myQuery(base, `CREATE DATABASE ${name}`);
      const url = withDb(base, name);
      const query = (sql: string, params: unknown[] = []) => myQuery(url, sql, params);
      return {
        dialect: 'mysql',
        url,
        query,
        tables: async () => (await query('SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name')).map((r) => String(r[0])),
        columns: async (table) =>
          (await query('SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position', [table])).map((r) => String(r[0])),
        // The lock's name is this database's (see MYSQL_LOCK_NAME); held by a session of this database.
        lockHeld: async () =>
          Number((await query(`SELECT COUNT(*) FROM information_schema.processlist WHERE id = IS_USED_LOCK(${MYSQL_LOCK_NAME}) AND db = DATABASE()`, [LOCK_KEY]))[0]![0]) > 0,
        drop: async () => {
          await myQuery(base, `DROP DATABASE IF EXISTS ${name}`);
        },
      };
    },
  },
];
