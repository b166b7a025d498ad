/**
 * Runs requests on the SQLite addon handle synchronously: one N-API call per statement, completions
 * written into a receive buffer this runner reuses.
 */
import { OxenError } from '../../errors.js';
import type { QueryResult, Statement } from '../executor.js';
import { readCompletion, viewOf } from './completions.js';
import type { NativeSqliteHandle } from './native-addon.js';
import type { ErrorContext } from './native-error.js';
import { RequestWriter } from './request-writer.js';

export class SqliteRunner {
  private readonly writer = new RequestWriter();
  /** Reused for every call: completions are decoded into fresh values before the next one. */
  private readonly inbox = Buffer.allocUnsafe(256 * 1024);
  private readonly inboxView = viewOf(this.inbox);

  constructor(private readonly db: NativeSqliteHandle, private readonly context: ErrorContext) {}

  run(op: number, stmt: Statement): unknown {
    this.writer.statement(op, 1, 0, stmt);
    return this.single(stmt.sql);
  }

  batch(stmts: readonly Statement[]): QueryResult[] {
    this.writer.batch(1, 0, stmts);
    return this.single(stmts.map((s) => s.sql).join(';\n')) as QueryResult[];
  }

  private single(sql: string): unknown {
    let n: number;
    try {
      n = this.db.run(this.writer.buffer, this.writer.take(), this.inbox);
    } catch (error) {
      this.writer.forgetSql();
      throw new OxenError('INTERNAL', `the native executor failed: ${(error as Error).message}`);
    }
    if (n >= 0) return this.first(this.inbox, this.inboxView, n, sql);
    const large = Buffer.allocUnsafe(-n);
    this.db.takeOverflow(large);
    return this.first(large, viewOf(large), large.length, sql);
  }

  /** One request went in, so one completion comes out, framed from offset 0. */
  private first(b: Buffer, dv: DataView, length: number, sql: string): unknown {
    if (length < 9) throw new OxenError('INTERNAL', 'the native executor returned no completion');
    const end = 9 + dv.getUint32(5, true);
    return readCompletion(b[4]!, b, dv, 9, end, sql, this.context);
  }
}
