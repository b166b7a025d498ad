/**
 * Packs requests for the addon into one reusable buffer: `u8 op, u32 id, u32 conn, u8 flags`, then the
 * op's body (layout read by native/src/request.rs). Statements issued in one tick share one buffer and
 * so one N-API call. SQL texts cross once; afterwards a statement names its text by id.
 */
import { UsageError } from '../../ground/errors.js';
import type { SqlValue, Statement } from '../../ground/values.js';
import { ByteWriter } from './byte-writer.js';
import { Flag, Op, ParamTag } from './wire-codes.js';

/** Past this many distinct SQL texts both sides forget them all and start again. */
const MAX_SQL_TEXTS = 5000;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

export class RequestWriter extends ByteWriter {
  private readonly sqlIds = new Map<string, number>();
  private nextSqlId = 1;

  /** After a submission the addon rejected, its SQL table may lack texts this side believes sent. */
  forgetSql(): void {
    this.sqlIds.clear();
  }

  header(op: number, id: number, conn: number, flags: number): void {
    this.ensure(10);
    this.buf[this.pos++] = op;
    this.view.setUint32(this.pos, id, true);
    this.view.setUint32(this.pos + 4, conn, true);
    this.pos += 8;
    this.buf[this.pos++] = flags;
  }

  private sqlId(sql: string): number {
    let id = this.sqlIds.get(sql);
    if (id !== undefined) return id;
    if (this.sqlIds.size >= MAX_SQL_TEXTS) {
      this.sqlIds.clear();
      this.header(Op.defineSql, 0, 0, 0);
      this.u32(0);
      this.text('');
    }
    id = this.nextSqlId++;
    this.sqlIds.set(sql, id);
    this.header(Op.defineSql, 0, 0, 0);
    this.u32(id);
    this.text(sql);
    return id;
  }

  /** Writes one whole request or nothing: a value that cannot be bound must not leave half a request. */
  private atomically(work: () => void): void {
    const start = this.pos;
    const firstNewId = this.nextSqlId;
    try {
      work();
    } catch (error) {
      this.rollback(start, firstNewId);
      throw error;
    }
  }

  private rollback(start: number, firstNewId: number): void {
    this.pos = start;
    for (const [sql, id] of this.sqlIds) if (id >= firstNewId) this.sqlIds.delete(sql);
  }

  /** A statement request: the SQL definition (first time only) goes before the header that uses it. */
  statement(op: number, id: number, conn: number, stmt: Statement): void {
    const start = this.pos;
    const firstNewId = this.nextSqlId;
    try {
      const sqlId = this.sqlId(stmt.sql);
      this.header(op, id, conn, stmt.safeIntegers ? Flag.safeIntegers : 0);
      this.u32(sqlId);
      this.params(stmt.params);
    } catch (error) {
      this.rollback(start, firstNewId);
      throw error;
    }
  }

  /** The next rows of stream `stream` (the id of the request that opened it), at most `count`. */
  streamNext(id: number, stream: number, count: number): void {
    this.header(Op.streamNext, id, 0, 0);
    this.u32(stream);
    this.u32(count);
  }

  streamClose(id: number, stream: number): void {
    this.header(Op.streamClose, id, 0, 0);
    this.u32(stream);
  }

  batch(id: number, conn: number, stmts: readonly Statement[]): void {
    this.atomically(() => {
      const ids = stmts.map((stmt) => this.sqlId(stmt.sql));
      this.header(Op.batch, id, conn, 0);
      this.u16(stmts.length);
      stmts.forEach((stmt, i) => {
        this.u8(stmt.safeIntegers ? Flag.safeIntegers : 0);
        this.u32(ids[i]!);
        this.params(stmt.params);
      });
    });
  }

  copy(id: number, conn: number, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    this.atomically(() => this.copyBody(id, conn, table, columns, rows));
  }

  private copyBody(id: number, conn: number, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    this.header(Op.copyInsert, id, conn, 0);
    this.name(table);
    this.u16(columns.length);
    for (const column of columns) this.name(column);
    this.u32(rows.length);
    for (const row of rows) {
      if (row.length !== columns.length) {
        throw new UsageError('VALUE_INVALID', `copyInsert row has ${row.length} values for ${columns.length} columns`);
      }
      for (let i = 0; i < row.length; i++) this.value(row[i], i);
    }
  }

  private params(params: readonly SqlValue[]): void {
    if (params.length > 0xffff) {
      throw new UsageError('VALUE_INVALID', `statement has ${params.length} bound parameters; at most 65535 fit one statement: split it into batches`);
    }
    this.u16(params.length);
    for (let i = 0; i < params.length; i++) this.value(params[i], i);
  }

  private value(value: SqlValue | undefined, index: number): void {
    switch (typeof value) {
      case 'number':
        this.u8(ParamTag.number);
        this.f64(value);
        return;
      case 'string':
        this.u8(ParamTag.text);
        this.text(value);
        return;
      case 'boolean':
        this.u8(value ? ParamTag.true : ParamTag.false);
        return;
      case 'bigint':
        if (value >= I64_MIN && value <= I64_MAX) {
          this.u8(ParamTag.bigInt);
          this.i64(value);
        } else {
          this.u8(ParamTag.bigText);
          this.text(value.toString());
        }
        return;
    }
    if (value === null || value === undefined) return this.u8(ParamTag.null);
    if (value instanceof Date) {
      const time = value.getTime();
      if (Number.isNaN(time)) throw new UsageError('VALUE_INVALID', `parameter ${index + 1} is an invalid Date: bind a valid Date or null`);
      this.u8(ParamTag.date);
      this.f64(time);
      return;
    }
    if (value instanceof Uint8Array) {
      this.u8(ParamTag.bytes);
      this.bytes(value);
      return;
    }
    throw new UsageError('VALUE_INVALID', `parameter ${index + 1} is a ${describe(value)}, which cannot be bound: pass a string, number, bigint, boolean, Date, Buffer or null`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value;
}
