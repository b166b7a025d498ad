import { standardTransactions, type DialectAdapter } from '../adapter.js';

/**
 * GET_LOCK names are server-wide, so the name carries the database: runs on two databases of one
 * server must not wait for each other. Hashed, because a name is at most 64 characters.
 */
export const MYSQL_LOCK_NAME = "CONCAT('oxen:', SHA1(CONCAT(DATABASE(), '/', ?)))";

export const mysqlAdapter: DialectAdapter = {
  transactions: { ...standardTransactions, begin: 'START TRANSACTION' },
  capabilities: { copyInsert: false, transactionalDdl: false },
  // A named user lock, held by the connection until released or closed; GET_LOCK(name, 0) does not wait.
  migrationLock: {
    tryAcquire: (key) => ({ sql: `SELECT GET_LOCK(${MYSQL_LOCK_NAME}, 0)`, params: [key] }),
    release: (key) => ({ sql: `SELECT RELEASE_LOCK(${MYSQL_LOCK_NAME})`, params: [key] }),
  },
};
