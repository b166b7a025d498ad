/**
 * Runs statements on one mysql2 connection as server-side prepared statements (`execute`), so values
 * are bound by the server, never spliced into SQL. The few statements the server refuses to prepare
 * (ER_UNSUPPORTED_PS, e.g. PREPARE itself) fall back to the text protocol, remembered per SQL text.
 */
import type mysql from 'mysql2';
import type { ExecuteValues } from 'mysql2';
import type { ExecResult, QueryResult } from '../executor.js';
import type { SqlValue, Statement } from '../../ground/values.js';
import { invalidDate } from './bind-params.js';
import type { DriverSession } from './pooled-executor.js';
import type { ErrorContext } from '../shared/error-context.js';
import { mapDriverError } from './map-driver-error.js';
import { checkPacketLimit } from '../shared/mysql-packet-limit.js';
import { RowPump, type RowChunks } from '../shared/row-streams.js';

const ER_UNSUPPORTED_PS = 1295;

type Outcome = mysql.RowDataPacket[][] | mysql.ResultSetHeader;

export class MysqlSession implements DriverSession<mysql.Connection> {
  readonly dialect = 'mysql' as const;
  /** The binary protocol counts parameters in 2 bytes. */
  readonly maxParams = 65535;
  private readonly unpreparable = new Set<string>();
  /** The session's max_allowed_packet, read when the executor opens (mysql-packet-limit.ts). */
  packetLimit = Infinity;

  constructor(private readonly errors: ErrorContext) {}

  async query(conn: mysql.Connection, stmt: Statement): Promise<QueryResult> {
    const [rows, fields] = await this.run(conn, stmt);
    if (!Array.isArray(rows)) return { columns: [], rows: [] };
    return { columns: (fields ?? []).map((field) => field.name), rows: rows as unknown as unknown[][] };
  }

  async execute(conn: mysql.Connection, stmt: Statement): Promise<ExecResult> {
    const [outcome] = await this.run(conn, stmt);
    if (Array.isArray(outcome)) return { rowsAffected: 0 };
    const id = outcome.insertId as number | string;
    // MySQL reports 0 when the statement generated no id; bigNumberStrings makes large ids strings.
    if (!id) return { rowsAffected: outcome.affectedRows };
    const insertId = typeof id === 'string' ? toInsertId(id) : id;
    return { rowsAffected: outcome.affectedRows, insertId };
  }

  async serverVersion(conn: mysql.Connection): Promise<string> {
    const [rows] = await this.run(conn, { sql: 'SELECT VERSION()', params: [] });
    const version = String((rows as unknown as unknown[][])[0]?.[0] ?? '');
    const mariadb = /^(.*?-MariaDB)/i.exec(version);
    return mariadb ? mariadb[1]! : `MySQL ${version}`;
  }

  /**
   * Rows as mysql2 reads them off the socket, the socket paused while a chunk waits unread. A stream
   * stopped early reads the rest of the result and drops it, so the connection can carry the next
   * statement (the executor discards a connection of its own instead).
   */
  async *stream(conn: mysql.Connection, stmt: Statement, chunkSize: number): RowChunks {
    const values = toMysqlValues(stmt.params);
    const pump = new RowPump(chunkSize, () => conn.pause(), () => conn.resume());
    const method = this.unpreparable.has(stmt.sql) ? 'query' : 'execute';
    const command = method === 'execute' ? conn.execute(stmt.sql, values) : conn.query(stmt.sql, values);
    command
      .on('fields', (fields: mysql.FieldPacket[]) => (pump.columns = fields.map((field) => field.name)))
      .on('result', (row: unknown) => pump.push(row as unknown[]))
      .on('error', (error: Error) => pump.fail(mapDriverError(error, stmt.sql, this.errors)))
      .on('end', () => pump.end());
    try {
      yield* pump.chunks();
    } finally {
      if (!pump.finished) {
        const drained = new Promise<void>((resolve) => command.on('end', resolve).on('error', () => resolve()));
        command.removeAllListeners('result');
        conn.resume();
        await drained;
      }
    }
  }

  private async run(conn: mysql.Connection, stmt: Statement): Promise<[Outcome, mysql.FieldPacket[] | undefined]> {
    checkPacketLimit(stmt, this.packetLimit, this.errors.redacted);
    const values = toMysqlValues(stmt.params);
    if (this.unpreparable.has(stmt.sql)) return this.send(conn, 'query', stmt.sql, values);
    try {
      return await this.send(conn, 'execute', stmt.sql, values);
    } catch (error) {
      if ((error as { errno?: unknown }).errno !== ER_UNSUPPORTED_PS) throw error;
      this.unpreparable.add(stmt.sql);
      return this.send(conn, 'query', stmt.sql, values);
    }
  }

  private send(conn: mysql.Connection, method: 'execute' | 'query', sql: string, values: ExecuteValues[]): Promise<[Outcome, mysql.FieldPacket[] | undefined]> {
    return new Promise((resolve, reject) => {
      const done = (error: mysql.QueryError | null, outcome: Outcome, fields?: mysql.FieldPacket[]) => {
        if (error) reject(method === 'execute' && error.errno === ER_UNSUPPORTED_PS ? error : mapDriverError(error, sql, this.errors));
        else resolve([outcome, fields]);
      };
      try {
        if (method === 'execute') conn.execute<Outcome>(sql, values, done);
        else conn.query<Outcome>(sql, values, done);
      } catch (error) {
        // mysql2 throws synchronously for values it cannot encode (e.g. undefined).
        reject(mapDriverError(error, sql, this.errors));
      }
    });
  }
}

/** mysql2 reads an id past 2^63 (BIGINT UNSIGNED) as negative: the same 64 bits, unsigned. */
function toInsertId(text: string): number | bigint {
  const n = Number(text);
  if (Number.isSafeInteger(n) && n > 0) return n;
  return BigInt.asUintN(64, BigInt(text));
}

/** mysql2 writes Dates itself (in UTC, timezone 'Z') but would send an invalid one as garbage. */
function toMysqlValues(params: readonly SqlValue[]): ExecuteValues[] {
  let values: ExecuteValues[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw invalidDate(i);
    } else if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
      values ??= params.slice();
      values[i] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return (values ?? params) as ExecuteValues[];
}
