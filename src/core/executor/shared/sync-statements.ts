/**
 * Statements that run synchronously (SQLite, either engine) behind a gate that decides when they may
 * run (the executor's mutex) or whether they still may (a pinned connection's guard). The gate runs
 * them at once when it can: no tick between the call and the work.
 */
import type { ExecResult, Queryable, QueryResult } from '../executor.js';
import type { Statement } from '../../ground/values.js';

export interface SyncStatementRunner {
  query(stmt: Statement): QueryResult;
  execute(stmt: Statement): ExecResult;
  batch(stmts: readonly Statement[]): QueryResult[];
}

export abstract class GatedSyncStatements implements Queryable {
  constructor(private readonly runner: SyncStatementRunner) {}

  protected abstract gate<T>(work: () => T): Promise<T>;

  query(stmt: Statement): Promise<QueryResult> {
    return this.gate(() => this.runner.query(stmt));
  }

  execute(stmt: Statement): Promise<ExecResult> {
    return this.gate(() => this.runner.execute(stmt));
  }

  batch(stmts: readonly Statement[]): Promise<QueryResult[]> {
    return this.gate(() => this.runner.batch(stmts));
  }
}
