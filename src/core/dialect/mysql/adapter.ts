import { standardTransactions, type DialectAdapter } from '../adapter.js';

export const mysqlAdapter: DialectAdapter = {
  transactions: { ...standardTransactions, begin: 'START TRANSACTION' },
  capabilities: { copyInsert: false, transactionalDdl: false },
  // A named user lock, held by the connection until released or closed; GET_LOCK(name, 0) does not wait.
  migrationLock: {
    tryAcquire: (key) => ({ sql: 'SELECT GET_LOCK(?, 0)', params: [key] }),
    release: (key) => ({ sql: 'SELECT RELEASE_LOCK(?)', params: [key] }),
  },
};
