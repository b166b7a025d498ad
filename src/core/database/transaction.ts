/**
 * transaction(fn): BEGIN … COMMIT on one pinned connection, ROLLBACK when fn throws. Called inside
 * another transaction on the same database it becomes a SAVEPOINT, released on success and rolled
 * back to on failure, so an inner failure that the caller catches leaves the outer work intact.
 */
import { dialects } from '../dialect/dialects.js';
import { getDatabase } from './registry.js';
import type { Database } from './database.js';
import { activeFrame, closeFrame, openFrame, runInFrame, type TransactionFrame } from './transaction-context.js';

export interface TransactionOptions {
  /** Database name from the connection config. */
  using?: string;
}

export interface Transaction {
  readonly database: string;
  /** 0 for the outer transaction, 1 for the first savepoint, … */
  readonly depth: number;
}

export async function transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const db = getDatabase(options.using);
  const outer = activeFrame(db.name);
  if (outer && !outer.done) return savepoint(db, outer, fn);

  const connection = await db.executor.acquire();
  const frame: TransactionFrame = openFrame({ database: db.name, connection, depth: 0, done: false, writtenTables: new Set() });
  const statements = dialects[db.dialect.name].adapter.transactions;
  let broken = false;
  try {
    await db.control(statements.begin, connection);
    let result: T;
    try {
      result = await runInFrame(frame, () => fn({ database: db.name, depth: 0 }));
    } catch (error) {
      frame.done = true;
      try {
        await db.control(statements.rollback, connection);
      } catch {
        broken = true;
      }
      throw error;
    }
    frame.done = true;
    try {
      await db.control(statements.commit, connection);
    } catch (error) {
      broken = true;
      throw error;
    }
    if (frame.wrote) db.noteWrite();
    return result;
  } finally {
    closeFrame(frame);
    // Reads cached while the transaction was open saw the old rows.
    if (frame.writtenTables.size) db.cache?.invalidateTables([...frame.writtenTables]);
    connection.release(broken);
  }
}

async function savepoint<T>(db: Database, frame: TransactionFrame, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  frame.depth += 1;
  const depth = frame.depth;
  const name = db.dialect.quoteIdent(`oxen_sp_${depth}`);
  const statements = dialects[db.dialect.name].adapter.transactions;
  const run = (sql: string) => db.control(sql, frame.connection);
  await run(statements.savepoint(name));
  try {
    const result = await fn({ database: db.name, depth });
    await run(statements.releaseSavepoint(name));
    return result;
  } catch (error) {
    await run(statements.rollbackToSavepoint(name));
    await run(statements.releaseSavepoint(name));
    throw error;
  } finally {
    frame.depth -= 1;
  }
}
