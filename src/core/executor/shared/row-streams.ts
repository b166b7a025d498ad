/**
 * What the executors share to stream a result (Queryable.stream, under QuerySet.iterator): the chunk
 * size check, PostgreSQL's server-side cursors (the same SQL on both executors), and RowPump, which
 * turns a driver that pushes rows into chunks taken on demand.
 */
import { ConnectionError, UsageError } from '../../ground/errors.js';
import type { Statement } from '../../ground/values.js';
import type { PinnedConnection, QueryResult, Queryable } from '../executor.js';

export type RowChunks = AsyncGenerator<QueryResult, void, undefined>;

/** Past this a chunk would be a whole result anyway; it also keeps the count within the wire's u32. */
const MAX_CHUNK_SIZE = 2 ** 31 - 1;

export function checkChunkSize(chunkSize: number): void {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    throw new UsageError('VALUE_INVALID', `chunkSize must be a whole number from 1 to ${MAX_CHUNK_SIZE}, got ${String(chunkSize)}`);
  }
}

/** Cursor numbers in use per connection: nested iterators in one transaction need distinct names. */
const cursorsInUse = new WeakMap<object, Set<number>>();

function takeCursorNumber(conn: object): number {
  let used = cursorsInUse.get(conn);
  if (!used) cursorsInUse.set(conn, (used = new Set()));
  let n = 1;
  while (used.has(n)) n++;
  used.add(n);
  return n;
}

/**
 * The rows of `stmt` through a cursor on `conn`, which must be in a transaction. A name is reused once
 * free, so the texts stay few: FETCH and CLOSE are not prepared statements on either executor, so a
 * reused name never meets a plan made for another query.
 */
export async function* postgresCursorChunks(conn: Queryable, stmt: Statement, chunkSize: number): RowChunks {
  const number = takeCursorNumber(conn);
  const name = `oxen_cursor_${number}`;
  let declared = false;
  try {
    await conn.execute({ sql: `DECLARE ${name} NO SCROLL CURSOR FOR ${stmt.sql}`, params: stmt.params });
    declared = true;
    for (;;) {
      const chunk = await conn.query({ sql: `FETCH FORWARD ${chunkSize} FROM ${name}`, params: [] });
      if (chunk.rows.length > 0) yield chunk;
      if (chunk.rows.length < chunkSize) return;
    }
  } finally {
    // A cursor stays open after its last row until CLOSE or the transaction's end; after a failure
    // the transaction is aborted and takes its cursors with it, so CLOSE may fail harmlessly.
    if (declared) await conn.execute({ sql: `CLOSE ${name}`, params: [] }).catch(() => undefined);
    cursorsInUse.get(conn)?.delete(number);
  }
}

/**
 * Outside a transaction a cursor needs one of its own: BEGIN on a pinned connection, COMMIT once the
 * rows are read or the caller stops, ROLLBACK after a failure; the connection goes back broken if the
 * transaction could not be ended.
 */
export async function* postgresCursorInTransaction(acquire: () => Promise<PinnedConnection>, stmt: Statement, chunkSize: number): RowChunks {
  const conn = await acquire();
  let failed = false;
  let broken = false;
  try {
    await conn.execute({ sql: 'BEGIN', params: [] });
    yield* postgresCursorChunks(conn, stmt, chunkSize);
  } catch (error) {
    failed = true;
    broken = error instanceof ConnectionError;
    throw error;
  } finally {
    if (!broken) {
      await conn.execute({ sql: failed ? 'ROLLBACK' : 'COMMIT', params: [] }).catch(() => {
        broken = true;
      });
    }
    conn.release(broken);
  }
}

/**
 * Rows a driver pushes as they arrive, taken in chunks: once a chunk's worth waits unread the driver is
 * paused, so memory holds about one chunk whatever the result's size.
 */
export class RowPump {
  columns: readonly string[] = [];
  private rows: unknown[][] = [];
  private ended = false;
  private failure: Error | undefined;
  private paused = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly chunkSize: number,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  get finished(): boolean {
    return this.ended || this.failure !== undefined;
  }

  push(row: unknown[]): void {
    this.rows.push(row);
    if (this.rows.length >= this.chunkSize && !this.paused) {
      this.paused = true;
      this.pause();
    }
    if (this.rows.length >= this.chunkSize) this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  async *chunks(): RowChunks {
    for (;;) {
      while (this.rows.length < this.chunkSize && !this.finished) await new Promise<void>((resolve) => (this.wakeUp = resolve));
      if (this.failure) throw this.failure;
      const rows = this.rows.length <= this.chunkSize ? this.rows : this.rows.slice(0, this.chunkSize);
      this.rows = rows === this.rows ? [] : this.rows.slice(this.chunkSize);
      if (this.paused && !this.ended) {
        this.paused = false;
        this.resume();
      }
      if (rows.length > 0) yield { columns: this.columns, rows };
      if (this.ended && this.rows.length === 0) return;
    }
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}
