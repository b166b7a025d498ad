/**
 * Runs requests on the SQLite addon handle synchronously: one N-API call per statement, completions
 * written into a receive buffer this runner reuses.
 */
import { OxenError } from '../../ground/errors.js';
import type { ExecResult, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';
import type { ErrorContext } from '../shared/error-context.js';
import type { SqliteConnection } from '../shared/sqlite-executor.js';
import type { SqliteCursor } from '../shared/sync-pinned-connection.js';
import { readCompletion, viewOf } from './completions.js';
import type { NativeSqliteHandle } from './native-addon.js';
import { RequestWriter } from './request-writer.js';
import { Op } from './wire-codes.js';

/** The receive buffer grows to the largest result seen, up to this; a larger one gets a buffer of its own. */
const MAX_INBOX = 16 * 1024 * 1024;

export class SqliteRunner implements SqliteConnection {
  readonly maxParams: number;
  private readonly writer = new RequestWriter();
  /** Reused for every call: completions are decoded into fresh values before the next one. */
  private inbox = Buffer.allocUnsafe(256 * 1024);
  private inboxView = viewOf(this.inbox);
  /** The addon's run, as a plain function (no per-call class checks). */
  private readonly runRequests: (requests: Uint8Array, length: number, out: Uint8Array) => number;
  /** Streams are named by the id of the request that opened them; other requests all use id 1. */
  private nextStreamId = 2;

  constructor(private readonly db: NativeSqliteHandle, private readonly context: ErrorContext) {
    this.runRequests = db.runner();
    this.maxParams = db.maxParams();
  }

  query(stmt: Statement): QueryResult {
    return this.run(Op.query, stmt) as QueryResult;
  }

  execute(stmt: Statement): ExecResult {
    return this.run(Op.execute, stmt) as ExecResult;
  }

  batch(stmts: readonly Statement[]): QueryResult[] {
    this.writer.batch(1, 0, stmts);
    return this.single(stmts.map((s) => s.sql).join(';\n')) as QueryResult[];
  }

  /** The addon keeps the stepped statement until its rows run out or `close`. */
  openCursor(stmt: Statement): SqliteCursor {
    const stream = this.nextStreamId;
    this.nextStreamId = stream >= 0xfffffff0 ? 2 : stream + 1;
    this.run(Op.streamOpen, stmt, stream);
    let open = true;
    return {
      take: (count) => {
        this.writer.streamNext(1, stream, count);
        const chunk = this.single(stmt.sql) as QueryResult;
        if (chunk.rows.length < count) open = false;
        return chunk;
      },
      close: () => {
        if (!open) return;
        open = false;
        this.writer.streamClose(1, stream);
        this.single(stmt.sql);
      },
    };
  }

  inTransaction(): boolean {
    return this.db.inTransaction();
  }

  rollback(): void {
    this.execute({ sql: 'ROLLBACK', params: [] });
  }

  close(): void {
    this.db.close();
  }

  private run(op: number, stmt: Statement, id = 1): unknown {
    this.writer.statement(op, id, 0, stmt);
    return this.single(stmt.sql);
  }

  private single(sql: string): unknown {
    let n: number;
    try {
      n = this.runRequests(this.writer.buffer, this.writer.take(), this.inbox);
    } catch (error) {
      this.writer.forgetSql();
      throw new OxenError('INTERNAL', `the native executor failed: ${(error as Error).message}`);
    }
    if (n >= 0) return this.first(this.inbox, this.inboxView, n, sql);
    if (-n > MAX_INBOX) {
      const large = Buffer.allocUnsafe(-n);
      this.db.takeOverflow(large);
      return this.first(large, viewOf(large), large.length, sql);
    }
    // Results this large tend to repeat: keep a buffer they fit, so the next one takes one call.
    this.inbox = Buffer.allocUnsafe(Math.min(MAX_INBOX, Math.max(-n, this.inbox.length * 2)));
    this.inboxView = viewOf(this.inbox);
    const length = this.db.takeOverflow(this.inbox);
    return this.first(this.inbox, this.inboxView, length, sql);
  }

  /** One request went in, so one completion comes out, framed from offset 0. */
  private first(b: Buffer, dv: DataView, length: number, sql: string): unknown {
    if (length < 9) throw new OxenError('INTERNAL', 'the native executor returned no completion');
    const end = 9 + dv.getUint32(5, true);
    return readCompletion(b[4]!, b, dv, 9, end, sql, this.context);
  }
}
