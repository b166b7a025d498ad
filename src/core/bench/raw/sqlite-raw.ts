/**
 * better-sqlite3, with the same pragmas the ORM's SQLite executor sets (WAL, synchronous=NORMAL).
 * A statement's row form is a mode of the statement object, so each form keeps its own prepared
 * statements, each prepared once per SQL text.
 */
import Database from 'better-sqlite3';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { RawDriver } from './raw-driver.js';

type Params = unknown[];

export async function openSqliteRaw(url: DatabaseUrl): Promise<RawDriver> {
  const filename = url.filename ?? ':memory:';
  const db = new Database(filename);
  if (filename !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 30000');
  const prepared = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = prepared.get(sql);
    if (!stmt) prepared.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  const preparedArray = new Map<string, Database.Statement>();
  const prepareArray = (sql: string): Database.Statement => {
    let stmt = preparedArray.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      // Only statements that return data have a row form; others fail in all() as they do in query().
      if (stmt.reader) stmt.raw(true);
      preparedArray.set(sql, stmt);
    }
    return stmt;
  };
  return {
    packageName: 'better-sqlite3',
    query: async (sql, params) => prepare(sql).all(...(params as Params)) as Record<string, unknown>[],
    queryArray: async (sql, params) => prepareArray(sql).all(...(params as Params)) as unknown[][],
    execute: async (sql, params) => prepare(sql).run(...(params as Params)).changes,
    analyze: async (tables) => {
      for (const t of tables) db.exec(`ANALYZE ${t}`);
    },
    settings: async () => ({
      journal_mode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: String(db.pragma('synchronous', { simple: true })),
      cache_size: String(db.pragma('cache_size', { simple: true })),
      page_size: String(db.pragma('page_size', { simple: true })),
    }),
    close: async () => void db.close(),
  };
}
