import { booleanAsInteger, type Codec } from '../codec.js';
import { formatSqliteDatetime } from './datetime-text.js';

/**
 * SQLite has no boolean or date type: booleans are 0/1 and instants text in SQLite's own form,
 * `YYYY-MM-DD HH:MM:SS[.SSS]` in UTC (datetime-text.ts), which sorts and compares correctly as text
 * against what SQLite's date functions and other tools write. bigint binds natively.
 */
export const sqliteCodec: Codec = {
  toDriver: { boolean: booleanAsInteger, datetime: (value) => formatSqliteDatetime(value as Date) },
  readAsIs: new Set(['auto', 'int', 'float', 'decimal', 'char', 'text', 'uuid', 'date', 'binary']),
};
