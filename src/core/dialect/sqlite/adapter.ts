import { QueryError } from '../../ground/errors.js';
import { standardTransactions, type DialectAdapter } from '../adapter.js';

/**
 * No migration lock: SQLite lets one writer at a time hold the database file, so a migration's
 * BEGIN IMMEDIATE excludes the others (the runner retries it while another writer holds it).
 */
export const sqliteAdapter: DialectAdapter = {
  transactions: standardTransactions,
  capabilities: { copyInsert: false, transactionalDdl: true },
  migrationWriteLock: {
    begin: 'BEGIN IMMEDIATE',
    isBusy: (error) => error instanceof QueryError && (error.dbCode?.startsWith('SQLITE_BUSY') === true || /database is locked/i.test(error.message)),
    readBusyTimeout: 'PRAGMA busy_timeout',
    setBusyTimeout: (ms) => `PRAGMA busy_timeout = ${Math.max(0, Math.round(ms))}`,
  },
  // A table rebuild drops the old table, which would cascade with foreign keys on; the rebuild's
  // statements set legacy_alter_table while they run and a failure part-way leaves it set.
  migrationSettings: {
    foreignKeysOff: 'PRAGMA foreign_keys = OFF',
    foreignKeysOn: 'PRAGMA foreign_keys = ON',
    reset: ['PRAGMA legacy_alter_table = OFF'],
  },
};
