/** The native Executor for PostgreSQL and MySQL: statements go through a NativeChannel to the Rust pool. */
import { ConnectionError, UsageError } from '../../ground/errors.js';
import type { ExecResult, Executor, PinnedConnection, PoolStatus, QueryResult } from '../executor.js';
import type { DialectName, SqlValue, Statement } from '../../ground/values.js';
import type { NativeChannel } from './native-channel.js';
import type { NativeClientHandle } from './native-addon.js';

export class NativePoolExecutor implements Executor {
  readonly kind = 'native' as const;
  /** Both protocols count parameters in 16 bits. */
  readonly maxParams = 65535;
  readonly copyInsert?: (table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]) => Promise<ExecResult>;
  private version: Promise<string> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    readonly dialect: Exclude<DialectName, 'sqlite'>,
    private readonly channel: NativeChannel,
    private readonly client: NativeClientHandle,
  ) {
    // COPY is PostgreSQL's; elsewhere the ORM falls back to multi-row INSERT statements.
    if (dialect === 'postgres') this.copyInsert = (table, columns, rows) => this.channel.copy(table, columns, rows);
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.channel.query(stmt);
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.channel.execute(stmt);
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.channel.batch(stmts);
  }

  async acquire(): Promise<PinnedConnection> {
    return new NativePinnedConnection(this.dialect, this.channel, await this.channel.acquire());
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

class NativePinnedConnection implements PinnedConnection {
  readonly copyInsert?: (table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]) => Promise<ExecResult>;
  private released = false;
  private broken = false;

  constructor(dialect: Exclude<DialectName, 'sqlite'>, private readonly channel: NativeChannel, private readonly conn: number) {
    if (dialect === 'postgres') this.copyInsert = (table, columns, rows) => this.run(() => this.channel.copy(table, columns, rows, this.conn));
  }

  query(stmt: Statement): Promise<QueryResult> {
    return this.run(() => this.channel.query(stmt, this.conn));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.run(() => this.channel.execute(stmt, this.conn));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.run(() => this.channel.batch(stmts, this.conn));
  }

  release(broken = false): void {
    if (this.released) return;
    this.released = true;
    void this.channel.release(this.conn, broken || this.broken);
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.released) throw new UsageError('USAGE', 'statement sent on a pinned connection after release(): acquire() a new one');
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConnectionError) this.broken = true;
      throw error;
    }
  }
}
