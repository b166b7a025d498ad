/** The databases `connect()` opened, by name. */
import { UsageError } from '../ground/errors.js';
import type { Database } from './database.js';

const databases = new Map<string, Database>();

export function registerDatabase(db: Database): void {
  databases.set(db.name, db);
}

export function unregisterDatabase(name: string): void {
  databases.delete(name);
}

export function getDatabase(name = 'default'): Database {
  const db = databases.get(name);
  if (db) return db;
  if (databases.size === 0) throw new UsageError('USAGE', 'no database connected: call connect(url) first');
  throw new UsageError('USAGE', `no database named ${JSON.stringify(name)}; configured: ${[...databases.keys()].join(', ')}`);
}

export function listDatabases(): Database[] {
  return [...databases.values()];
}
