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
  /** A statement that may write ran in it (set only where the database has read replicas). */
  wrote?: boolean;
}

const storage = new AsyncLocalStorage<ReadonlyMap<string, TransactionFrame>>();

/**
 * Transactions begun and not yet ended, in any async chain. On Node 20 an AsyncLocalStorage that has
 * run once keeps promise hooks installed for the whole process, which makes every later `await`
 * (transaction or not) ~2-3x dearer. With no transaction open every frame is done, and a done frame is
 * never used for anything, so the storage can be switched off until the next transaction.
 */
let openFrames = 0;

export function activeFrame(database: string): TransactionFrame | undefined {
  return storage.getStore()?.get(database);
}

/** Call when a frame is created; `closeFrame` must follow, whatever happens. */
export function openFrame(frame: TransactionFrame): TransactionFrame {
  openFrames += 1;
  return frame;
}

/** Marks the frame done (once per `openFrame`); after the last open one, stops the promise tracking. */
export function closeFrame(frame: TransactionFrame): void {
  frame.done = true;
  openFrames -= 1;
  if (openFrames === 0) storage.disable();
}

export function runInFrame<T>(frame: TransactionFrame, fn: () => Promise<T>): Promise<T> {
  const frames = new Map(storage.getStore() ?? []);
  frames.set(frame.database, frame);
  return storage.run(frames, fn);
}
