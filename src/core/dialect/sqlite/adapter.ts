import { standardTransactions, type DialectAdapter } from '../adapter.js';

/** No migration lock: SQLite lets one writer at a time hold the database file, so a migration's BEGIN IMMEDIATE excludes the others. */
export const sqliteAdapter: DialectAdapter = {
  transactions: standardTransactions,
  capabilities: { copyInsert: false, transactionalDdl: true },
};
