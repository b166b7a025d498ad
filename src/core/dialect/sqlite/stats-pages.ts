/**
 * SQLite's page figures (page size, pages, free pages), read so that another process's write lock
 * costs the monitor a few short retries, never a hang: each retry is counted, since a monitor that
 * keeps meeting SQLITE_BUSY is watching a database whose writers hold it for long.
 */
import { QueryError } from '../../ground/errors.js';
import type { Executor } from '../../executor/executor.js';
import { failedNote, numberOf } from '../server-stats-values.js';

const PAGES_SQL = 'SELECT * FROM pragma_page_size(), pragma_page_count(), pragma_freelist_count()';
const RETRIES = 5;
const RETRY_PAUSE_MS = 20;

const busyRetriesByExecutor = new WeakMap<Executor, number>();

export interface PagesReading {
  /** page_size, page_count, freelist_count; empty when the database stayed locked. */
  readonly gauges: Record<string, number>;
  /** Cumulative retries of this executor's readings (a counter: the differ makes it a rate). */
  readonly busyRetries: number;
  readonly notes: string[];
}

/**
 * The executor waits out a busy database for its whole busy_timeout (the pool timeout, 30 s by
 * default), far longer than a sampling interval; the reading turns it off and retries by itself,
 * then puts it back for whoever else uses the executor.
 */
export async function readPages(executor: Executor): Promise<PagesReading> {
  const previous = numberOf((await executor.query({ sql: 'PRAGMA busy_timeout', params: [] })).rows[0]?.[0]);
  await executor.query({ sql: 'PRAGMA busy_timeout = 0', params: [] });
  try {
    return await readWithRetries(executor);
  } finally {
    // PRAGMA takes no bound parameters; the value is a number the server gave us.
    await executor.query({ sql: `PRAGMA busy_timeout = ${Math.round(previous)}`, params: [] });
  }
}

async function readWithRetries(executor: Executor): Promise<PagesReading> {
  for (let attempt = 0; ; attempt++) {
    try {
      const row = (await executor.query({ sql: PAGES_SQL, params: [] })).rows[0] ?? [];
      const gauges = { page_size: numberOf(row[0]), page_count: numberOf(row[1]), freelist_count: numberOf(row[2]) };
      return { gauges, busyRetries: busyRetriesByExecutor.get(executor) ?? 0, notes: [] };
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      if (!isBusy(error)) return { gauges: {}, busyRetries: busyRetriesByExecutor.get(executor) ?? 0, notes: [failedNote('the page counts', error)] };
      if (attempt === RETRIES) {
        const note = `another connection kept the database locked through ${RETRIES} retries: page counts skipped this sample`;
        return { gauges: {}, busyRetries: busyRetriesByExecutor.get(executor) ?? 0, notes: [note] };
      }
      busyRetriesByExecutor.set(executor, (busyRetriesByExecutor.get(executor) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }
}

function isBusy(error: QueryError): boolean {
  return error.dbCode?.startsWith('SQLITE_BUSY') === true || /database is locked/i.test(error.message);
}
