/**
 * Records the statements an ORM call sends, with their bound parameters, by running it once against
 * a recording wrapper of the database, registered for the call under a name of its own (the call
 * addresses the database it is given: `Model.using(recording.name)`). The `raw` variant replays
 * exactly these, so the two sides of every ratio run the same SQL.
 */
import { Database } from '../database/database.js';
import { registerDatabase, unregisterDatabase } from '../database/registry.js';
import { OxenError } from '../ground/errors.js';
import type { Executor, RowMapper } from '../executor/executor.js';
import type { SqlValue, Statement } from '../ground/values.js';

export interface CapturedStatement {
  /** `query` returns rows; `execute` returns a row count. */
  readonly method: 'query' | 'execute';
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export async function captureStatements<T>(db: Database, fn: (recording: Database) => Promise<T>): Promise<{ statements: CapturedStatement[]; result: T }> {
  const statements: CapturedStatement[] = [];
  const record = (method: 'query' | 'execute', stmt: Statement): void => void statements.push({ method, sql: stmt.sql, params: [...stmt.params] });
  const executor = new Proxy(db.executor, {
    get(target, prop, receiver) {
      if (prop === 'query' || prop === 'execute') {
        return (stmt: Statement) => (record(prop, stmt), target[prop](stmt));
      }
      // The ORM reads through queryMapped where the executor has it: a query all the same.
      if (prop === 'queryMapped') {
        const mapped = target.queryMapped?.bind(target);
        return mapped && (<R>(stmt: Statement, mapRow: RowMapper<R>) => (record('query', stmt), mapped(stmt, mapRow)));
      }
      // Without a COPY path the ORM shows the INSERTs a bare driver can replay.
      if (prop === 'copyInsert') return undefined;
      if (prop === 'batch' || prop === 'acquire') {
        return () => {
          throw new OxenError('INTERNAL', `the benchmark's raw variant cannot replay an ORM call that uses ${String(prop)}()`);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Executor;
  const recording = new Database({ name: `${db.name}:capture`, executor, dialect: db.dialect, redactedUrl: db.redactedUrl });
  registerDatabase(recording);
  try {
    const result = await fn(recording);
    return { statements, result };
  } finally {
    unregisterDatabase(recording.name);
  }
}
