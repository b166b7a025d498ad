/**
 * The pinned connection of a server pool (PostgreSQL, MySQL), whichever executor runs the statements:
 * they go to one connection of the pool until it is released, guarded by PinnedGuard.
 */
import { UsageError } from '../../ground/errors.js';
import type { ExecResult, PinnedConnection, QueryResult, Queryable } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import { PinnedGuard } from './pinned-guard.js';
import { checkChunkSize, postgresCursorChunks, type RowChunks } from './row-streams.js';

/**
 * What runs statements on the pinned connection. With `stream` the result is read off the connection
 * itself, which then carries nothing else until it ends (MySQL); without it, streams are PostgreSQL
 * cursors, which other statements on the connection may interleave with.
 */
export type PinnedRunner = Omit<Queryable, 'stream'> & { stream?: Queryable['stream'] };

export class AsyncPinnedConnection implements PinnedConnection {
  readonly copyInsert?: Queryable['copyInsert'];
  readonly queryMapped?: Queryable['queryMapped'];
  private readonly guard: PinnedGuard;
  /** Streams reading off the connection itself, during which nothing else may be sent on it. */
  private exclusiveStreams = 0;

  /**
   * `runner` runs statements on the pinned connection (with `copyInsert` where the database has a COPY
   * path); `onRelease` gives the connection back, `broken` when the pool must discard it.
   */
  constructor(private readonly runner: PinnedRunner, onRelease: (broken: boolean) => void) {
    this.guard = new PinnedGuard(onRelease);
    const copy = runner.copyInsert?.bind(runner);
    if (copy) this.copyInsert = (table, columns, rows) => this.guard.run(() => (this.checkFree(), copy(table, columns, rows)));
    const mapped = runner.queryMapped?.bind(runner);
    if (mapped) this.queryMapped = (stmt, mapRow) => this.guard.run(() => (this.checkFree(), mapped(stmt, mapRow)));
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.guard.run(() => (this.checkFree(), this.runner.query(stmt)));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.guard.run(() => (this.checkFree(), this.runner.execute(stmt)));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.guard.run(() => (this.checkFree(), this.runner.batch(stmts)));
  }

  stream(stmt: Statement, chunkSize: number): RowChunks {
    checkChunkSize(chunkSize);
    const own = this.runner.stream;
    if (!own) return postgresCursorChunks(this, stmt, chunkSize);
    return this.exclusive(own.call(this.runner, stmt, chunkSize));
  }

  release(broken = false): void {
    this.guard.release(broken);
  }

  private async *exclusive(chunks: RowChunks): RowChunks {
    await this.guard.run(() => Promise.resolve()); // refuses a released connection, as every statement
    this.checkFree();
    this.exclusiveStreams++;
    try {
      for await (const chunk of chunks) yield chunk;
    } finally {
      this.exclusiveStreams--;
    }
  }

  private checkFree(): void {
    if (this.exclusiveStreams > 0) {
      throw new UsageError(
        'USAGE',
        "this transaction's connection is streaming an iterator() result, and MySQL cannot run another statement on it until that ends: finish or break out of the iterator first, or iterate outside the transaction",
      );
    }
  }
}
