/**
 * Another session's view of a server, through the bare drivers: find a session by what it is running
 * and end it the way an administrator (or a failover) would. Used to kill connections under Oxen.
 */
import { expect, vi } from 'vitest';
import type { TestDatabase } from './databases.js';
import { myQuery, pgQuery } from './plain-sql.js';

export function adminQuery(db: TestDatabase, sql: string, params: unknown[] = []): Promise<unknown[][]> {
  return db.dialect === 'postgres' ? pgQuery(db.url, sql, params) : myQuery(db.url, sql, params);
}

/**
 * Waits (polling, up to `timeout` ms: a loaded 2-core VM can be slow to start a statement) until a
 * session of `user` other than the poller is running a statement whose text contains `text`.
 */
export async function sessionRunning(db: TestDatabase, user: string, text: string, timeout = 20_000): Promise<number> {
  const sql =
    db.dialect === 'postgres'
      ? `SELECT pid FROM pg_stat_activity WHERE usename = $1 AND state = 'active' AND strpos(query, $2) > 0 AND pid <> pg_backend_pid()`
      : `SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND LOCATE(?, INFO) > 0 AND ID <> CONNECTION_ID()`;
  let id: number | undefined;
  await vi.waitFor(
    async () => {
      const rows = await adminQuery(db, sql, [user, text]);
      expect(rows).toHaveLength(1);
      id = Number(rows[0]![0]);
    },
    { timeout, interval: 20 },
  );
  return id!;
}

/** Ends session `id` and waits until the server has let it go (both kills are asynchronous). */
export async function killSession(db: TestDatabase, id: number): Promise<void> {
  const pg = db.dialect === 'postgres';
  await adminQuery(db, pg ? 'SELECT pg_terminate_backend($1)' : `KILL CONNECTION ${Number(id)}`, pg ? [id] : []);
  const alive = pg ? 'SELECT 1 FROM pg_stat_activity WHERE pid = $1' : 'SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = ?';
  await vi.waitFor(async () => expect(await adminQuery(db, alive, [id])).toHaveLength(0), { timeout: 20_000, interval: 20 });
}

/** A login of its own with a password (so error messages can be checked for redaction); returns its URL. */
export async function createLogin(db: TestDatabase, user: string, password: string): Promise<string> {
  if (db.dialect === 'postgres') {
    await adminQuery(db, `DROP ROLE IF EXISTS "${user}"`);
    await adminQuery(db, `CREATE ROLE "${user}" LOGIN PASSWORD '${password}'`);
  } else {
    await adminQuery(db, `DROP USER IF EXISTS '${user}'@'%'`);
    await adminQuery(db, `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    const database = new URL(db.url).pathname.slice(1);
    await adminQuery(db, `GRANT ALL ON \`${database}\`.* TO '${user}'@'%'`);
  }
  const url = new URL(db.url);
  url.username = user;
  url.password = password;
  return url.toString();
}

export async function dropLogin(db: TestDatabase, user: string): Promise<void> {
  if (db.dialect === 'postgres') {
    await adminQuery(db, `DROP OWNED BY "${user}"`);
    await adminQuery(db, `DROP ROLE IF EXISTS "${user}"`);
  } else {
    await adminQuery(db, `DROP USER IF EXISTS '${user}'@'%'`);
  }
}
