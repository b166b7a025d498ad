/**
 * Which pinned connection statements of the current async call chain should use. `transaction()` sets
 * it; every query through `Database` consults it, so ORM calls inside a transaction need no handle.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PinnedConnection } from '../executor/executor.js';

export interface TransactionFrame {
  readonly database: string;
  readonly connection: PinnedConnection;
  /** Savepoint depth: 0 for the outer transaction. */
  depth: number;
  /** Set once COMMIT/ROLLBACK ran; using the frame afterwards is a bug in user code. */
  done: boolean;
  /** Tables written inside the transaction, to invalidate the query cache on commit. */
  readonly writtenTables: Set<string>;
}

const storage = new AsyncLocalStorage<ReadonlyMap<string, TransactionFrame>>();

export function activeFrame(database: string): TransactionFrame | undefined {
  return storage.getStore()?.get(database);
}

export function runInFrame<T>(frame: TransactionFrame, fn: () => Promise<T>): Promise<T> {
  const frames = new Map(storage.getStore() ?? []);
  frames.set(frame.database, frame);
  return storage.run(frames, fn);
}
