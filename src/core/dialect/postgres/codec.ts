import { UsageError } from '../../ground/errors.js';
import { bigintAsText, type Codec, type ToDriver } from '../codec.js';

/**
 * PostgreSQL's text types cannot hold U+0000; the server would answer "invalid byte sequence for
 * encoding UTF8: 0x00", naming neither the field nor the way out. Checked before any SQL runs, so both
 * executors fail alike and nothing is written.
 */
const textWithoutNul: ToDriver = (value, field) => {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new UsageError('VALUE_INVALID', `PostgreSQL text cannot contain the NUL character (\\u0000), found in the value for ${field.describe()}: remove it or use a BinaryField`);
  }
  return value;
};

/** pg and the native executor bind Date and boolean themselves; timestamptz holds the instant. */
export const postgresCodec: Codec = {
  toDriver: { bigint: bigintAsText, char: textWithoutNul, text: textWithoutNul },
  readAsIs: new Set(['auto', 'int', 'float', 'decimal', 'boolean', 'char', 'text', 'uuid', 'datetime', 'date', 'binary']),
};
