/**
 * The JS end of a NativeClient. Requests made in one tick are packed into one buffer and submitted
 * with one N-API call at the end of the tick (after every microtask it spawned); completions come back
 * in batches through `drain()`, woken by the addon once per batch.
 */
import { OxenError } from '../../ground/errors.js';
import type { ExecResult, QueryResult, RowMapper } from '../executor.js';
import type { SqlValue, Statement } from '../../ground/values.js';
import { forEachCompletion, readCompletion, viewOf } from './completions.js';
import type { NativeClientHandle } from './native-addon.js';
import { poolClosed, type ErrorContext } from './native-error.js';
import { RequestWriter } from './request-writer.js';
import { checkPacketLimit } from '../shared/mysql-packet-limit.js';
import { Flag, Op, Status } from './wire-codes.js';
import { decodeMappedRows, decodeRows } from './decode-rows.js';
import type { RowChunks } from '../shared/row-streams.js';

/** The largest drain buffer a client keeps; a completion larger than this gets a buffer of its own. */
const KEPT_INBOX_BYTES = 16 * 1024 * 1024;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  readonly sql: string;
  /** queryMapped's mapper: every row, parts' included, is mapped as it is decoded. */
  readonly mapRow: RowMapper<unknown> | undefined;
  /** Rows of a large result decoded while the addon was still reading the rest (Status.rowsPart). */
  parts?: unknown[][];
}

export class NativeChannel {
  private readonly pending = new Map<number, Pending>();
  private readonly writer = new RequestWriter();
  /**
   * Reused for every drain: completions are decoded into fresh values before the next one. It grows
   * to the largest completion seen, up to KEPT_INBOX_BYTES: a fresh buffer per large result cost its
   * page faults and, as external memory, garbage collections.
   */
  private inbox = Buffer.allocUnsafe(256 * 1024);
  private inboxView = viewOf(this.inbox);
  /** The view over the buffer being drained. */
  private view = this.inboxView;
  private nextId = 1;
  /** Ids written to the buffer since the last submission. */
  private unsent: number[] = [];
  private scheduled = false;
  private closed = false;
  private client!: NativeClientHandle;
  /** MySQL: the session's max_allowed_packet, once read (mysql-packet-limit.ts); Infinity elsewhere. */
  packetLimit = Infinity;

  constructor(private readonly context: ErrorContext) {}

  /** The addon's client takes `wake` at construction, so the channel exists first and is attached here. */
  attach(client: NativeClientHandle): void {
    this.client = client;
  }

  readonly wake = (): void => {
    if (this.closed) return;
    for (let n = this.client.drain(this.inbox); n !== 0; n = this.client.drain(this.inbox)) {
      if (n > 0) {
        this.view = this.inboxView;
        forEachCompletion(this.inbox, n, this.complete);
      } else if (-n <= KEPT_INBOX_BYTES) {
        this.growInbox(-n);
      } else {
        const large = Buffer.allocUnsafe(-n);
        this.view = viewOf(large);
        forEachCompletion(large, this.client.drain(large), this.complete);
      }
    }
    if (this.pending.size === 0) this.client.setActive(false);
  };

  /** The next drain of the loop above fills the grown inbox. */
  private growInbox(bytes: number): void {
    let size = this.inbox.length * 2;
    while (size < bytes) size *= 2;
    this.inbox = Buffer.allocUnsafe(Math.min(size, KEPT_INBOX_BYTES));
    this.inboxView = viewOf(this.inbox);
  }

  query(stmt: Statement, conn = 0): Promise<QueryResult> {
    return this.send(stmt.sql, (id) => (this.fits(stmt), this.writer.statement(Op.query, id, conn, stmt))) as Promise<QueryResult>;
  }

  /** Rows handed to `mapRow` as they are decoded (Queryable.queryMapped). */
  queryMapped<T>(stmt: Statement, mapRow: RowMapper<T>, conn = 0): Promise<T[]> {
    const write = (id: number) => (this.fits(stmt), this.writer.statement(Op.query, id, conn, stmt));
    return this.send(stmt.sql, write, mapRow) as Promise<T[]>;
  }

  execute(stmt: Statement, conn = 0): Promise<ExecResult> {
    return this.send(stmt.sql, (id) => (this.fits(stmt), this.writer.statement(Op.execute, id, conn, stmt))) as Promise<ExecResult>;
  }

  batch(stmts: readonly Statement[], conn = 0): Promise<QueryResult[]> {
    const sql = stmts.map((s) => s.sql).join(';\n');
    return this.send(sql, (id) => (stmts.forEach((s) => this.fits(s)), this.writer.batch(id, conn, stmts))) as Promise<QueryResult[]>;
  }

  private fits(stmt: Statement): void {
    if (this.packetLimit !== Infinity) checkPacketLimit(stmt, this.packetLimit, this.context.redacted);
  }

  copy(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[], conn = 0): Promise<ExecResult> {
    const sql = `COPY ${table} FROM STDIN`;
    return this.send(sql, (id) => this.writer.copy(id, conn, table, columns, rows)) as Promise<ExecResult>;
  }

  /**
   * A result read a chunk at a time (MySQL: the addon's task reads it off the socket as chunks are
   * asked for). The stream is named by the id of the request that opened it; stopping early closes it.
   */
  async *stream(stmt: Statement, chunkSize: number, conn = 0): RowChunks {
    let stream = 0;
    await this.send(stmt.sql, (id) => {
      stream = id;
      this.writer.statement(Op.streamOpen, id, conn, stmt);
    });
    let exhausted = false;
    try {
      while (!exhausted) {
        const chunk = (await this.send(stmt.sql, (id) => this.writer.streamNext(id, stream, chunkSize))) as QueryResult;
        exhausted = chunk.rows.length < chunkSize;
        if (chunk.rows.length > 0) yield chunk;
      }
    } finally {
      if (!exhausted && !this.closed) await this.send('', (id) => this.writer.streamClose(id, stream)).catch(() => undefined);
    }
  }

  /** Resolves with the pinned connection's id. */
  acquire(): Promise<number> {
    return this.send('', (id) => this.writer.header(Op.acquire, id, 0, 0)) as Promise<number>;
  }

  /** Settles once the addon has the connection back; never rejects (a closed pool has nothing to return to). */
  release(conn: number, broken: boolean): Promise<void> {
    const sent = this.send('', (id) => this.writer.header(Op.release, id, conn, broken ? Flag.broken : 0));
    return sent.then(
      () => undefined,
      () => undefined,
    );
  }

  serverVersion(): Promise<string> {
    return this.send('', (id) => this.writer.header(Op.serverVersion, id, 0, 0)) as Promise<string>;
  }

  /** Test support (an addon built with the test-hooks feature): the request's task panics, on `conn` if pinned. */
  panic(conn = 0): Promise<unknown> {
    return this.send('', (id) => this.writer.header(Op.panic, id, conn, 0));
  }

  /** Rejects everything still in flight; the addon cancels the statements themselves. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const error = poolClosed(this.context);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.client.close();
  }

  private send(sql: string, write: (id: number) => void, mapRow?: RowMapper<unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(poolClosed(this.context));
    const id = this.nextId;
    this.nextId = id === 0xffffffff ? 1 : id + 1;
    try {
      write(id);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.pending.size === 0) this.client.setActive(true);
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, sql, mapRow }));
    this.unsent.push(id);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flush);
    }
    return promise;
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const ids = this.unsent;
    this.unsent = [];
    if (this.closed || this.writer.empty) return;
    try {
      this.client.submit(this.writer.buffer, this.writer.take());
    } catch (error) {
      this.writer.forgetSql();
      const failure = new OxenError('INTERNAL', `the native executor refused a request: ${(error as Error).message}`);
      for (const id of ids) {
        this.pending.get(id)?.reject(failure);
        this.pending.delete(id);
      }
      if (this.pending.size === 0) this.client.setActive(false);
    }
  };

  private readonly complete = (id: number, status: number, b: Buffer, start: number, end: number): void => {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    try {
      if (status === Status.rowsPart) {
        // Decoded now, while the addon reads the next rows, rather than all after the last one.
        (pending.parts ??= []).push(this.partRows(b, start, pending.mapRow));
        return;
      }
      this.pending.delete(id);
      pending.resolve(status === Status.rows ? this.lastRows(b, start, pending) : readCompletion(status, b, this.view, start, end, pending.sql, this.context));
    } catch (error) {
      this.pending.delete(id);
      // A mapped query's error is most likely its mapper's own (a field's decoder), which the caller
      // must see as thrown, as when rows are mapped after the query.
      const own = error instanceof OxenError || pending.mapRow !== undefined;
      pending.reject(own ? (error as Error) : new OxenError('INTERNAL', `could not decode a native result: ${(error as Error).message}`));
    }
  };

  private partRows(b: Buffer, start: number, mapRow: RowMapper<unknown> | undefined): unknown[] {
    return mapRow === undefined ? (decodeRows(b, this.view, start).rows as unknown[]) : decodeMappedRows(b, this.view, start, mapRow);
  }

  /** The request's last frame of rows, after the parts that came before it, if any. */
  private lastRows(b: Buffer, start: number, { mapRow, parts }: Pending): QueryResult | unknown[] {
    if (mapRow !== undefined) {
      const last = decodeMappedRows(b, this.view, start, mapRow);
      return parts === undefined ? last : joinParts(parts, last);
    }
    const last = decodeRows(b, this.view, start);
    return parts === undefined ? last : { columns: last.columns, rows: joinParts(parts, last.rows) as unknown[][] };
  }
}

/**
 * The rows of a result that came in parts: the parts' rows, then the last frame's. Spread a thousand
 * parts at a time: a result can come in more parts than a call takes arguments.
 */
function joinParts(parts: readonly unknown[][], last: readonly unknown[]): unknown[] {
  let rows = parts[0]!;
  for (let i = 1; i < parts.length; i += 1000) rows = rows.concat(...parts.slice(i, i + 1000));
  return rows.concat(last);
}
