/**
 * The pinned connection of a SQLite executor, whichever engine runs the statements: they run
 * synchronously, so a pinned connection is the three operations behind PinnedGuard.
 */
import type { ExecResult, PinnedConnection, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import { PinnedGuard } from './pinned-guard.js';
import { checkChunkSize, type RowChunks } from './row-streams.js';

/** A statement part-way through its rows (Queryable.stream on SQLite). */
export interface SqliteCursor {
  /** The next rows, at most `count`: fewer means the result is exhausted and the cursor closed. */
  take(count: number): QueryResult;
  /** Ends a cursor stopped early; harmless after the end. */
  close(): void;
}

export interface SyncStatementRunner {
  query(stmt: Statement): QueryResult;
  execute(stmt: Statement): ExecResult;
  batch(stmts: readonly Statement[]): QueryResult[];
  /** Prepares and binds a statement of its own, whose rows are then taken a chunk at a time. */
  openCursor(stmt: Statement): SqliteCursor;
}

/**
 * The chunks of a cursor, each taken under `lock` when given: SQLite runs other statements on the
 * connection between chunks, so the lock is held per chunk, not for the whole stream.
 */
export function sqliteCursorChunks(
  runner: SyncStatementRunner,
  stmt: Statement,
  chunkSize: number,
  lock: <T>(work: () => T) => Promise<T>,
): RowChunks {
  checkChunkSize(chunkSize);
  return cursorChunks(runner, stmt, chunkSize, lock);
}

async function* cursorChunks(
  runner: SyncStatementRunner,
  stmt: Statement,
  chunkSize: number,
  lock: <T>(work: () => T) => Promise<T>,
): RowChunks {
  const cursor = await lock(() => runner.openCursor(stmt));
  let done = false;
  try {
    while (!done) {
      const chunk = await lock(() => cursor.take(chunkSize));
      done = chunk.rows.length < chunkSize;
      if (chunk.rows.length > 0) yield chunk;
    }
  } finally {
    if (!done) cursor.close();
  }
}

export class SyncPinnedConnection implements PinnedConnection {
  private readonly guard: PinnedGuard;

  constructor(private readonly runner: SyncStatementRunner, onRelease: () => void) {
    this.guard = new PinnedGuard(onRelease);
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.guard.runNow(() => this.runner.query(stmt));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.guard.runNow(() => this.runner.execute(stmt));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.guard.runNow(() => this.runner.batch(stmts));
  }

  stream(stmt: Statement, chunkSize: number): RowChunks {
    return sqliteCursorChunks(this.runner, stmt, chunkSize, (work) => this.guard.runNow(work));
  }

  /** SQLite's one connection is never discarded, so `broken` changes nothing. */
  release(): void {
    this.guard.release();
  }
}
