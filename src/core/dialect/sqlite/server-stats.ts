/**
 * How `oxen monitor` reads a SQLite database: there is no server keeping statistics, so a reading is
 * the file's and the WAL's sizes, the page figures, and how often the monitor's own read met another
 * connection's lock. Statement statistics live only in the application (its exporter has them).
 */
import { stat } from 'node:fs/promises';
import type { ExporterSeries, ServerHeadline, ServerSnapshot, ServerStats } from '../server-stats.js';
import { counter, gauge, gaugeOf } from '../server-stats-values.js';
import { readPages } from './stats-pages.js';

const NO_STATEMENTS = "SQLite keeps no statement statistics: the application's exporter (serveMetrics) has them";

export const sqliteServerStats: ServerStats = {
  upMetric: 'oxen_sqlite_up',

  async read(executor, target): Promise<ServerSnapshot> {
    const version = await executor.serverVersion();
    const takenAt = Date.now();
    const pages = await readPages(executor);
    const file = await fileBytes(target.database);
    const wal = (await fileBytes(`${target.database}-wal`)) ?? 0;
    const notes = [...pages.notes, NO_STATEMENTS];
    const gauges: Record<string, number> = { ...pages.gauges, wal_bytes: wal };
    if (file === null) notes.push(`${target.database} could not be read from the file system: file sizes unknown`);
    else Object.assign(gauges, { file_bytes: file, database_size_bytes: file + wal });
    return {
      takenAt,
      startedAt: null,
      version,
      counters: { busy_retries: pages.busyRetries },
      gauges,
      sessions: {},
      statements: null,
      blocking: [],
      longRunning: [],
      replicas: [],
      tables: [],
      notes,
    };
  },

  headline(_rates, now): ServerHeadline {
    return {
      tps: null,
      qps: null,
      cacheHit: null,
      deadlocksPerS: null,
      tempFilesPerS: null,
      slowQueriesPerS: null,
      rowLockWaitsPerS: null,
      databaseSizeBytes: gaugeOf(now.gauges, 'database_size_bytes'),
      connections: null,
      maxConnections: null,
    };
  },

  prometheus(now, target): ExporterSeries[] {
    const labels = { database: target.database };
    const out: ExporterSeries[] = [];
    const gauges: readonly (readonly [string, string, string])[] = [
      ['file_bytes', 'oxen_sqlite_file_bytes', 'Size of the database file'],
      ['wal_bytes', 'oxen_sqlite_wal_bytes', 'Size of the write-ahead log (0 without one)'],
      ['database_size_bytes', 'oxen_sqlite_database_size_bytes', 'Database file and write-ahead log together'],
      ['page_size', 'oxen_sqlite_page_size_bytes', 'Bytes per page'],
      ['page_count', 'oxen_sqlite_page_count', 'Pages in the database file'],
      ['freelist_count', 'oxen_sqlite_freelist_count', 'Unused pages in the database file'],
    ];
    for (const [key, name, help] of gauges) {
      const value = now.gauges[key];
      if (value !== undefined) out.push(gauge(name, help, value, labels));
    }
    const retries = now.counters.busy_retries;
    if (retries !== undefined) out.push(counter('oxen_sqlite_busy_retries_total', "Times the monitor's read met SQLITE_BUSY and retried", retries, labels));
    return out;
  },
};

/** Size of a file; null when it does not exist (a WAL file comes and goes with checkpoints). */
async function fileBytes(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}
