import { standardTransactions, type DialectAdapter } from '../adapter.js';

export const postgresAdapter: DialectAdapter = {
  transactions: standardTransactions,
  capabilities: { copyInsert: true, transactionalDdl: true },
  // In FROM, the sequence is looked up once rather than per row (which doubled the cost).
  // pg_get_serial_sequence parses its first argument as SQL, so it gets the quoted name.
  reserveKeys: (quotedTable, column, count) => ({
    sql: 'SELECT nextval(s) FROM CAST(pg_get_serial_sequence($1, $2) AS regclass) AS s, generate_series(1, $3)',
    params: [quotedTable, column, count],
  }),
  // A session-level advisory lock: held until released or the connection ends, whatever transactions run.
  migrationLock: {
    tryAcquire: (key) => ({ sql: 'SELECT pg_try_advisory_lock(hashtextextended($1, 0))', params: [key] }),
    release: (key) => ({ sql: 'SELECT pg_advisory_unlock(hashtextextended($1, 0))', params: [key] }),
  },
};
