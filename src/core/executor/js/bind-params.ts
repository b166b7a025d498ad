/** Parameter checks shared by the drivers: a bad value fails with its position, before any SQL runs. */
import { UsageError } from '../../ground/errors.js';

/** ISO-8601 in UTC, the form every database reads back as the same instant. */
export function isoDate(value: Date, index: number): string {
  const time = value.getTime();
  if (Number.isNaN(time)) throw invalidDate(index);
  return value.toISOString();
}

export function invalidDate(index: number): UsageError {
  return new UsageError('VALUE_INVALID', `parameter ${index + 1} is an invalid Date: bind a valid Date or null`);
}
