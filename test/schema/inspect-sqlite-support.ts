/** What the SQLite inspect suites share: temp files, loading SQL, inspecting, and the `sql` format applied to an empty file. */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Inspection, IntrospectOptions } from '../../src/core/dialect/introspector.js';
import type { ExecutorKind } from '../../src/core/ground/values.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { schemaSql } from '../../src/core/schema/inspect/format-sql.js';
import { inspectUrl } from '../../src/core/schema/inspect/inspect-url.js';
import { sharedSchemasDir } from '../support/shared-schemas.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** ../shared/schemas, or OXEN_SHARED_SCHEMAS (test/support/shared-schemas.ts says where it looked). */
export const sharedSchemas = sharedSchemasDir ?? path.resolve(repoRoot, '..', 'shared', 'schemas');
export const fixtures = path.resolve(import.meta.dirname, 'fixtures', 'sqlite');

/** A temp directory of the suite's own, removed by `remove()`. */
export function tempDir(prefix: string): { file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `oxen-${prefix}-`));
  return { file: (name) => path.join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function hasSqliteCli(): boolean {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a SQL script into a new file as a user would: the sqlite3 CLI where installed, else better-sqlite3. */
export function loadSql(file: string, scriptPath: string): void {
  if (hasSqliteCli()) {
    execFileSync('sqlite3', ['-bail', file], { input: readFileSync(scriptPath), stdio: ['pipe', 'ignore', 'pipe'] });
    return;
  }
  const db = new Database(file);
  try {
    db.exec(readFileSync(scriptPath, 'utf8'));
  } finally {
    db.close();
  }
}

/** Executes SQL text (several statements) on a file, creating it. */
export function execSql(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

export async function inspectFile(file: string, executor: ExecutorKind, options: IntrospectOptions = {}): Promise<Inspection> {
  return (await inspectUrl(parseDatabaseUrl(`sqlite://${file}`), { ...options, executor })).inspection;
}

/** The `sql` format of a file's inspection, run on an empty file, inspected again. */
export async function recreate(file: string, into: string, executor: ExecutorKind): Promise<{ first: Inspection; second: Inspection; sql: string }> {
  const { inspection: first, ddl } = await inspectUrl(parseDatabaseUrl(`sqlite://${file}`), { executor });
  const sql = schemaSql(first.state, ddl);
  execSql(into, sql);
  return { first, second: await inspectFile(into, executor), sql };
}

/**
 * The objects of sqlite_schema that are neither in the state (a table, view, or index of a table)
 * nor named in a warning, leaving out SQLite's own (sqlite_…) and a virtual table's shadow tables
 * when the warning about the virtual table names them.
 */
export function unaccounted(file: string, inspection: Inspection): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as { type: string; name: string }[];
    const { state, warnings } = inspection;
    const inState = new Set([...state.tables.map((t) => t.name), ...state.views.map((v) => v.name), ...state.tables.flatMap((t) => t.indexes.map((i) => i.name))]);
    const warned = warnings.map((w) => `${w.object} ${w.message}`);
    return rows.filter((r) => !inState.has(r.name) && !warned.some((w) => new RegExp(`\\b${r.name}\\b`).test(w))).map((r) => `${r.type} ${r.name}`);
  } finally {
    db.close();
  }
}
