/** The native Executor for PostgreSQL and MySQL: statements go through a NativeChannel to the Rust pool. */
import type { ExecResult, Executor, PinnedConnection, PoolStatus, QueryResult, Queryable, RowMapper } from '../executor.js';
import type { DialectName, Statement } from '../../ground/values.js';
import { AsyncPinnedConnection } from '../shared/async-pinned-connection.js';
import type { NativeChannel } from './native-channel.js';
import type { NativeClientHandle } from './native-addon.js';
import { checkChunkSize, postgresCursorInTransaction, type RowChunks } from '../shared/row-streams.js';

export class NativePoolExecutor implements Executor {
  readonly kind = 'native' as const;
  /** Both protocols count parameters in 16 bits. */
  readonly maxParams = 65535;
  readonly copyInsert?: Queryable['copyInsert'];
  readonly behindPgbouncer: boolean;
  private version: Promise<string> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    readonly dialect: Exclude<DialectName, 'sqlite'>,
    private readonly channel: NativeChannel,
    private readonly client: NativeClientHandle,
    /**
     * COPY is PostgreSQL's; elsewhere, and behind PgBouncer (where tokio-postgres would name the COPY
     * statement), the ORM falls back to multi-row INSERT statements.
     */
    private readonly copy = dialect === 'postgres',
  ) {
    this.behindPgbouncer = dialect === 'postgres' && !copy;
    if (copy) this.copyInsert = (table, columns, rows) => this.channel.copy(table, columns, rows);
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.channel.query(stmt);
  }

  queryMapped<T>(stmt: Statement, mapRow: RowMapper<T>): Promise<T[]> {
    return this.channel.queryMapped(stmt, mapRow);
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.channel.execute(stmt);
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.channel.batch(stmts);
  }

  /** PostgreSQL through a cursor in a transaction of its own; MySQL off the socket of a connection of its own. */
  stream(stmt: Statement, chunkSize: number): RowChunks {
    checkChunkSize(chunkSize);
    if (this.dialect === 'postgres') return postgresCursorInTransaction(() => this.acquire(), stmt, chunkSize);
    return this.channel.stream(stmt, chunkSize);
  }

  async acquire(): Promise<PinnedConnection> {
    const conn = await this.channel.acquire();
    const { channel } = this;
    const postgres = this.dialect === 'postgres';
    return new AsyncPinnedConnection(
      {
        query: (stmt) => channel.query(stmt, conn),
        queryMapped: (stmt, mapRow) => channel.queryMapped(stmt, mapRow, conn),
        execute: (stmt) => channel.execute(stmt, conn),
        batch: (stmts) => channel.batch(stmts, conn),
        copyInsert: this.copy ? (table, columns, rows) => channel.copy(table, columns, rows, conn) : undefined,
        stream: postgres ? undefined : (stmt, chunkSize) => channel.stream(stmt, chunkSize, conn),
      },
      (broken) => void channel.release(conn, broken),
    );
  }

  poolStatus(): PoolStatus {
    const [total = 0, idle = 0, inUse = 0, waiting = 0, max = 0] = this.client.status();
    return { total, idle, inUse, waiting, max };
  }

  serverVersion(): Promise<string> {
    this.version ??= this.channel.serverVersion().then((raw) => (this.dialect === 'mysql' ? mysqlVersion(raw) : raw));
    this.version.catch(() => (this.version = undefined));
    return this.version;
  }

  close(): Promise<void> {
    this.closing ??= Promise.resolve().then(() => this.channel.close());
    return this.closing;
  }
}

/** As the js executor names it: '10.11.19-MariaDB' or 'MySQL 8.0.36'. */
function mysqlVersion(version: string): string {
  const mariadb = /^(.*?-MariaDB)/i.exec(version);
  return mariadb ? mariadb[1]! : `MySQL ${version}`;
}
