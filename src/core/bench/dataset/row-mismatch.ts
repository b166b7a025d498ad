/**
 * Compares one row a workload read with what the generator the seeder used (`userRow`, `postRow`)
 * says that row holds. The ORM must return its mapped types exactly (numbers, booleans, Dates); a
 * bare driver's values are first read through that driver's own mapping — pg int8 and numeric as
 * strings, MySQL and SQLite booleans as 0/1, SQLite timestamps as ISO text.
 */
import { sqliteDatetimeMs } from '../../model/fields/parse-sqlite-datetime.js';
import { postRow, UPDATED_AGE_MIN, userRow, type DatasetFacts, type PostRow, type UserRow } from './dataset.js';

/** `typed`: the ORM's values; `driver`: a bare driver's, normalised before comparing. */
export type Reading = 'typed' | 'driver';

type Kind = 'number' | 'string' | 'boolean' | 'time';

/** `age` is checked apart: `bulk_update` may have rewritten it. */
const USER_KINDS: Readonly<Record<Exclude<keyof UserRow, 'age'>, Kind>> = { id: 'number', name: 'string', email: 'string', isActive: 'boolean', createdAt: 'time' };
const POST_KINDS: Readonly<Record<keyof PostRow, Kind>> = { id: 'number', authorId: 'number', title: 'string', views: 'number', createdAt: 'time' };

export type UserFields = { readonly [K in keyof UserRow]: unknown };
export type PostFields = { readonly [K in keyof PostRow]: unknown };

type Facts = Pick<DatasetFacts, 'users' | 'updatedUsers'>;

/** What differs between `got` and user `id` of the dataset, or undefined. */
export function userMismatch(got: UserFields, id: number, facts: Facts, reading: Reading): string | undefined {
  const want = userRow(id);
  const problem = mismatch(`user ${id}`, USER_KINDS, got, want, reading);
  if (problem !== undefined) return problem;
  const age = read('number', got.age, reading);
  if (age === want.age) return undefined;
  const rewritable = id <= facts.updatedUsers;
  if (rewritable && typeof age === 'number' && age >= UPDATED_AGE_MIN) return undefined;
  return `user ${id}: expected age ${want.age}${rewritable ? ` or one bulk_update wrote (≥ ${UPDATED_AGE_MIN})` : ''}, got ${show(got.age)}`;
}

/** What differs between `got` and post `id` of the dataset, or undefined. */
export function postMismatch(got: PostFields, id: number, facts: Facts, reading: Reading): string | undefined {
  return mismatch(`post ${id}`, POST_KINDS, got, postRow(id, facts.users), reading);
}

/** A number as a driver returns it (pg int8/numeric and MySQL DECIMAL as strings), or NaN. */
export function driverNumber(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : NaN;
}

function mismatch<R extends object>(what: string, kinds: { readonly [K in keyof R]?: Kind }, got: { readonly [K in keyof R]: unknown }, want: R, reading: Reading): string | undefined {
  for (const field in kinds) {
    const expected = want[field] as unknown;
    const value = got[field];
    const kind = kinds[field]!;
    const same = kind === 'time' ? timeOf(value, reading) === (expected as Date).getTime() : read(kind, value, reading) === expected;
    if (!same) return `${what}: expected ${field} ${show(expected)}, got ${show(value)}`;
  }
  return undefined;
}

function read(kind: Kind, value: unknown, reading: Reading): unknown {
  if (reading === 'typed') return value;
  if (kind === 'number') return driverNumber(value);
  if (kind === 'boolean') return value === true || value === 1 || value === '1' ? true : value === false || value === 0 || value === '0' ? false : undefined;
  return value;
}

function timeOf(value: unknown, reading: Reading): number | undefined {
  if (value instanceof Date) return value.getTime();
  // Text timestamps without a zone are UTC, as Oxen writes them on SQLite: Date.parse would read them in local time.
  return reading === 'driver' && typeof value === 'string' ? sqliteDatetimeMs(value) : undefined;
}

function show(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
