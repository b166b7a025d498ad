import { booleanAsInteger, type Codec } from '../codec.js';

/**
 * SQLite has no boolean or date type: booleans are 0/1 and instants ISO-8601 text ending in Z, which
 * sorts and compares correctly as text. bigint binds natively.
 */
export const sqliteCodec: Codec = {
  toDriver: { boolean: booleanAsInteger, datetime: (value) => (value as Date).toISOString() },
  readAsIs: new Set(['auto', 'int', 'float', 'decimal', 'char', 'text', 'uuid', 'date', 'binary']),
};
