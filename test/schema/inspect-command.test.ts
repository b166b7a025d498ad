/**
 * `oxen inspect` as a built binary, the way a user runs it, on databases made with plain SQL (not by
 * Oxen): what goes to stdout, to stderr and into files, and the exit codes, for every output form and
 * every mistake a user can make. Needs `npm run build` first.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { inspectUrl } from '../../src/core/schema/inspect/inspect-url.js';
import { assertBuilt, runOxen, type OxenRun } from '../cli/run-oxen.js';

let dir: string;
let file: string;
let url: string;
/** A port nothing listens on: connecting is refused at once. */
let closedPort: number;
const PASSWORD = 'Sup3r-s3cret-pw';

/** A small shop, written by plain SQL as another tool would: keys, a partial and an expression index, a check, a view, a trigger. */
const SHOP_SQL = `
  CREATE TABLE authors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    born DATE,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
  );
  CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL,
    price DECIMAL(8,2) DEFAULT 9.99,
    pages INTEGER CHECK (pages > 0),
    isbn TEXT
  );
  CREATE INDEX books_title ON books (title);
  CREATE UNIQUE INDEX books_isbn ON books (isbn) WHERE isbn IS NOT NULL;
  CREATE INDEX books_lower_title ON books (lower(title));
  CREATE VIEW book_titles AS SELECT b.title, a.name FROM books b JOIN authors a ON a.id = b.author_id;
  CREATE TRIGGER books_touch AFTER UPDATE ON books BEGIN SELECT 1; END;
  INSERT INTO authors (name, born) VALUES ('Ursula', '1929-10-21'), ('Italo', '1923-10-15');
  INSERT INTO books (author_id, title, price, pages, isbn) VALUES (1, 'The Dispossessed', 12.50, 387, '978-0060512750'), (2, 'Invisible Cities', 10, 165, NULL);
`;

function sqliteFile(sql: string, name = `db-${randomBytes(4).toString('hex')}.sqlite`): string {
  const path = join(dir, name);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

const oxen = (args: readonly string[], env?: Record<string, string>): OxenRun => runOxen(['inspect', ...args], { cwd: dir, ...(env ? { env } : {}) });
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');
/** The run failed with exactly one line on stderr, and printed nothing else. */
function expectOneLineError(run: OxenRun, code: number, message: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(lines(run.stderr)).toHaveLength(1);
  expect(run.stderr).toMatch(/^Error: /);
  expect(run.stderr).toMatch(message);
  expect(run.stdout).toBe('');
}

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'oxen-inspect-'));
  file = sqliteFile(SHOP_SQL, 'shop.sqlite');
  url = `sqlite://${file}`;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The state as the service reads it in-process: what every output must agree with. */
async function stateOf(target: string, options: { tables?: string[] } = {}): Promise<SchemaState> {
  return (await inspectUrl(parseDatabaseUrl(target), { executor: 'js', ...options })).inspection.state;
}

describe('oxen inspect on SQLite: output forms', () => {
  it('not on a terminal: a summary, the list and each table as plain tables; warnings on stderr; exit 0', () => {
    const run = oxen(['--url', url]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(lines(out)[0]).toBe('sqlite · schema main · 2 tables · 1 view');
    expect(out).toMatch(/│ NAME +│ KIND +│ +ROWS │ +SIZE │ COLS │ IDX │ FK OUT │ FK IN │ WARN │/);
    expect(out).toMatch(/│ authors +│ table +│/);
    expect(out).toMatch(/│ book_titles +│ view \(ro\) +│/);
    expect(out).toContain('\ntable books · ');
    expect(out).toMatch(/│ title +│ VARCHAR\(200\) +│ char\(200\) +│ not null +│/i);
    expect(out).toMatch(/│ author_id +│ INTEGER +│ \w+ +│ not null +│ FK +│/i);
    expect(out).toMatch(/│ books_isbn +│ isbn +│ unique +│.*isbn IS NOT NULL/);
    expect(out).toMatch(/│ books_lower_title +│ lower\(title\)/);
    expect(out).toMatch(/pages > 0/);
    // authors: the foreign key from books comes in.
    expect(out).toMatch(/Foreign keys in:\n.*\n.*\n│ books +│ \S+ +│ author_id +│ authors\(id\) +│ CASCADE +│/);
    expect(out).toContain('\nview book_titles (read-only)\n');
    // The trigger is not in the state: named in a warning on stderr, counted in the summary line.
    expect(run.stderr).toMatch(/^warning: .*books_touch.*: .+$/m);
    expect(lines(run.stderr).at(-1)).toMatch(/^\d+ objects? not fully represented in the schema state \(\d+ warnings? above\)$/);
    for (const l of lines(run.stderr).slice(0, -1)) expect(l).toMatch(/^warning: [^:]+: /);
  });

  it('--json: stdout is exactly the schema state; the warnings go to stderr', async () => {
    const run = oxen(['--url', url, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const state = JSON.parse(run.stdout) as SchemaState;
    expect(state).toEqual(await stateOf(url));
    expect(state.version).toBe(2);
    expect(state.dialect).toBe('sqlite');
    expect(state.tables.map((t) => t.name)).toEqual(['authors', 'books']);
    expect(state.views.map((v) => v.name)).toEqual(['book_titles']);
    expect(run.stderr).toMatch(/^warning: .*books_touch/m);
    // --format json is the same document.
    const format = oxen(['--url', url, '--format', 'json']);
    expect(format.code).toBe(0);
    expect(format.stdout).toBe(run.stdout);
    // OXEN_RENDERER=json too.
    expect(oxen(['--url', url], { OXEN_RENDERER: 'json' }).stdout).toBe(run.stdout);
  });

  it('--tables and --exclude narrow what is read', async () => {
    const only = oxen(['--url', url, '--tables', 'books', '--json']);
    expect(only.code, only.stderr).toBe(0);
    expect((JSON.parse(only.stdout) as SchemaState).tables.map((t) => t.name)).toEqual(['books']);
    const but = oxen(['--url', url, '--exclude', 'books,book_titles', '--json']);
    expect(but.code, but.stderr).toBe(0);
    const state = JSON.parse(but.stdout) as SchemaState;
    expect(state.tables.map((t) => t.name)).toEqual(['authors']);
    expect(state.views).toEqual([]);
  });

  it('--format sql: DDL that recreates the same schema on a new SQLite file', async () => {
    const run = oxen(['--url', url, '--format', 'sql']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/CREATE TABLE "?authors"?/);
    expect(run.stdout).toMatch(/CREATE VIEW "?book_titles"?/);
    const copy = sqliteFile(run.stdout);
    const again = oxen(['--url', `sqlite://${copy}`, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(await stateOf(url));
  });

  it('--format typescript: Oxen models', () => {
    const run = oxen(['--url', url, '--format', 'typescript']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/model\(/);
    expect(run.stdout).toMatch(/authors|Author/);
    expect(run.stderr).toMatch(/^warning: /m);
  });

  it('--format mermaid: an ER diagram', () => {
    const run = oxen(['--url', url, '--format', 'mermaid']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^erDiagram/m);
    expect(run.stdout).toMatch(/authors/);
  });

  it('the URL comes from --url, else OXEN_DATABASE_URL, else the config file', () => {
    const fromEnv = oxen(['--json'], { OXEN_DATABASE_URL: url });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    const sub = mkdtempSync(join(dir, 'project-'));
    writeFileSync(join(sub, 'oxen.config.json'), JSON.stringify({ databases: { default: url } }));
    const fromConfig = runOxen(['inspect', '--json'], { cwd: sub });
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    expect(fromConfig.stdout).toBe(fromEnv.stdout);
    // --url beats the environment.
    const other = sqliteFile('CREATE TABLE lonely (id INTEGER PRIMARY KEY)');
    const flag = oxen(['--url', `sqlite://${other}`, '--json'], { OXEN_DATABASE_URL: url });
    expect((JSON.parse(flag.stdout) as SchemaState).tables.map((t) => t.name)).toEqual(['lonely']);
  });
});

describe('oxen inspect --output', () => {
  it('writes the format to the file, says so on stderr, and leaves no temporary file', () => {
    const out = join(mkdtempSync(join(dir, 'out-')), 'schema.sql');
    const run = oxen(['--url', url, '--format', 'sql', '--output', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(oxen(['--url', url, '--format', 'sql']).stdout);
    expect(run.stderr).toMatch(/^wrote .*schema\.sql \(sql: 2 tables, 1 view\)$/m);
    expect(readdirSync(join(out, '..'))).toEqual(['schema.sql']);
  });

  it('takes the format from the extension when --format is not given', () => {
    const where = mkdtempSync(join(dir, 'ext-'));
    for (const [name, check] of [['s.json', /"version": 2/], ['m.ts', /model\(/], ['d.mmd', /erDiagram/], ['c.sql', /CREATE TABLE/]] as const) {
      const run = oxen(['--url', url, '--output', join(where, name)]);
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(join(where, name), 'utf8')).toMatch(check);
    }
    expectOneLineError(oxen(['--url', url, '--output', join(where, 'x.txt')]), 2, /cannot tell the format of .*x\.txt from its extension: give --format/);
    expect(existsSync(join(where, 'x.txt'))).toBe(false);
  });

  it('never replaces an existing file without --force', () => {
    const out = join(mkdtempSync(join(dir, 'keep-')), 'schema.json');
    writeFileSync(out, 'mine\n');
    expectOneLineError(oxen(['--url', url, '--output', out]), 2, /schema\.json already exists: pass --force to overwrite it/);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = oxen(['--url', url, '--output', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('version', 2);
    expect(readdirSync(join(out, '..'))).toEqual(['schema.json']);
  });

  it('--json with --output: the file, and a JSON document on stdout saying what was written', () => {
    const out = join(mkdtempSync(join(dir, 'json-')), 'models.ts');
    const run = oxen(['--url', url, '--output', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { output: string; format: string; tables: number; views: number; warnings: unknown[] };
    expect(doc).toMatchObject({ output: out, format: 'typescript', tables: 2, views: 1 });
    expect(doc.warnings.length).toBeGreaterThan(0);
    expect(readFileSync(out, 'utf8')).toMatch(/model\(/);
  });

  it('into a directory that does not exist: exit 2, nothing written, nothing created', () => {
    const missing = join(dir, `missing-${randomBytes(3).toString('hex')}`);
    expectOneLineError(oxen(['--url', url, '--format', 'sql', '--output', join(missing, 'schema.sql')]), 2, /cannot write .*schema\.sql: the directory .* does not exist; create it first/);
    expect(existsSync(missing)).toBe(false);
  });

  it('nothing is written when the inspection fails', () => {
    const out = join(mkdtempSync(join(dir, 'fail-')), 'schema.sql');
    const run = oxen(['--url', `postgres://app:${PASSWORD}@127.0.0.1:${closedPort}/shop`, '--output', out]);
    expect(run.code).toBe(1);
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });
});

describe('oxen inspect: mistakes, each one line with the right exit code', () => {
  it('an unreachable server: exit 1, one line, and the password nowhere', () => {
    const serverUrl = `postgres://app:${PASSWORD}@127.0.0.1:${closedPort}/shop`;
    for (const run of [
      oxen(['--url', serverUrl]),
      oxen(['--url', serverUrl, '--format', 'sql']),
      oxen([`--url=${serverUrl}`, '--verbose']),
      oxen([], { OXEN_DATABASE_URL: serverUrl }),
      oxen(['--url', `mysql://root:${PASSWORD}@127.0.0.1:${closedPort}/shop`]),
    ]) {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/^Error: /);
      expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
      expect(`${run.stdout}${run.stderr}`).not.toContain(encodeURIComponent(PASSWORD));
    }
    const plain = oxen(['--url', serverUrl]);
    expectOneLineError(plain, 1, /127\.0\.0\.1/);
    // --json: the error as one JSON document on stdout, still without the password.
    const json = oxen(['--url', serverUrl, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { exitCode: 1 } });
    expect(`${json.stdout}${json.stderr}`).not.toContain(PASSWORD);
  });

  it('a file that is not a database, or no file at all: exit 2', () => {
    const junk = join(dir, 'notes.sqlite');
    writeFileSync(junk, 'these are my notes, not a database\n'.repeat(100));
    expectOneLineError(oxen(['--url', `sqlite://${junk}`]), 2, /notes\.sqlite is not a SQLite database/);
    expectOneLineError(oxen(['--url', `sqlite://${join(dir, 'nowhere.sqlite')}`]), 2, /no SQLite database at .*nowhere\.sqlite/);
    expect(existsSync(join(dir, 'nowhere.sqlite'))).toBe(false);
  });

  it('an unknown table in --tables or --exclude, or an unknown --schema: exit 2, naming it', () => {
    expectOneLineError(oxen(['--url', url, '--tables', 'books,nosuch']), 2, /nosuch/);
    expectOneLineError(oxen(['--url', url, '--exclude', 'ghost']), 2, /ghost/);
    expectOneLineError(oxen(['--url', url, '--schema', 'elsewhere']), 2, /elsewhere/);
    expectOneLineError(oxen(['--url', url, '--tables', 'books,,authors']), 2, /an empty table name/);
  });

  it('flags that do not go together, and unknown values: exit 2', () => {
    expectOneLineError(oxen(['--url', url, '--tables', 'books', '--exclude', 'authors']), 2, /--exclude=authors cannot also be provided when using --tables/);
    expectOneLineError(oxen(['--url', url, '--format', 'yaml']), 2, /Expected --format=yaml to be one of: json, typescript, sql, mermaid/);
    expectOneLineError(oxen(['--url', url, '--force']), 2, /--output/);
    // With --json the error is also one JSON document on stdout.
    const both = oxen(['--url', url, '--format', 'sql', '--json']);
    expect(both.code).toBe(2);
    expect(lines(both.stderr)).toEqual(['Error: --json prints the schema state: leave it out to print --format sql, or add --output FILE']);
    expect(JSON.parse(both.stdout)).toMatchObject({ error: { code: 'USAGE', exitCode: 2 } });
    expectOneLineError(oxen(['--url', 'ftp://x/y']), 2, /unknown database URL scheme/);
  });
});
