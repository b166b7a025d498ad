import { bigintAsText, booleanAsInteger, type Codec } from '../codec.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** UTC wall-clock text for DATETIME(3), so neither the driver's nor the server's time zone can shift it. */
function utcWallClock(value: unknown): string {
  const d = value as Date;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** MySQL and MariaDB: BOOLEAN is tinyint(1), so booleans travel as 0/1 and come back as numbers. */
export const mysqlCodec: Codec = {
  toDriver: { bigint: bigintAsText, boolean: booleanAsInteger, datetime: utcWallClock },
  readAsIs: new Set(['auto', 'int', 'float', 'decimal', 'char', 'text', 'uuid', 'datetime', 'date', 'binary']),
};
