/**
 * The most bound parameters this SQLite build accepts (SQLITE_MAX_VARIABLE_NUMBER, 32766 in current
 * builds, 999 in old ones), found by asking SQLite to prepare `SELECT ?N`: compile options can be
 * overridden at build time and the ORM sizes bulk inserts by this number.
 */
import type Database from 'better-sqlite3';
import { SQLITE_MAX_PARAMS_CEILING as CEILING } from '../shared/sqlite-executor.js';

export function sqliteMaxParams(db: Database.Database): number {
  const accepts = (n: number): boolean => {
    try {
      db.prepare(`SELECT ?${n}`);
      return true;
    } catch {
      return false;
    }
  };
  if (accepts(CEILING)) return CEILING;
  let low = 1;
  let high = CEILING;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (accepts(mid)) low = mid;
    else high = mid;
  }
  return low;
}
