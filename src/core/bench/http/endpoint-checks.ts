/**
 * The load generator's check of every answer of Oxen's own endpoints, against the dataset's generator
 * (not against another variant): a wrong answer is an error, never a request per second. Users are
 * read as JSON has them (dates as text, booleans as MySQL's and SQLite's bare drivers give them), and
 * any user's age may be one `/updates` wrote.
 */
import { UPDATED_AGE_MIN, type DatasetFacts } from '../dataset/dataset.js';
import { userMismatch, type UserFields } from '../dataset/row-mismatch.js';
import type { Endpoint } from './endpoints.js';
import { expectedFortunesPage } from './fortunes.js';

type Facts = Pick<DatasetFacts, 'users'>;

export function endpointCheck(endpoint: Endpoint, n: number, facts: Facts): (body: string) => string | undefined {
  // `/updates` rewrites ages of any user, so every user may carry one.
  const anyUpdated = { users: facts.users, updatedUsers: facts.users };
  const user = (value: unknown): string | undefined => {
    if (typeof value !== 'object' || value === null) return `expected a user object, got ${JSON.stringify(value)}`;
    const id = (value as { id?: unknown }).id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > facts.users) return `expected a user id from 1 to ${facts.users}, got ${JSON.stringify(id)}`;
    return userMismatch(value as UserFields, id, anyUpdated, 'driver');
  };
  const users = (value: unknown, count: number): string | undefined => {
    if (!Array.isArray(value)) return 'expected a JSON array of users';
    if (value.length !== count) return `expected ${count} users, got ${value.length}`;
    for (const u of value) {
      const problem = user(u);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
  switch (endpoint) {
    case 'json':
      return (body) => (body === '{"message":"Hello, World!"}' ? undefined : `expected {"message":"Hello, World!"}, got ${body.slice(0, 100)}`);
    case 'db':
      return (body) => parsed(body, user);
    case 'queries':
      return (body) => parsed(body, (v) => users(v, n));
    case 'updates':
      return (body) =>
        parsed(body, (v) => {
          const problem = users(v, Math.min(n, facts.users));
          if (problem !== undefined) return problem;
          const ids = (v as { id: number; age: unknown }[]).map((u) => u.id);
          if (new Set(ids).size !== ids.length) return 'the same user was updated twice in one answer';
          const kept = (v as { id: number; age: unknown }[]).find((u) => typeof u.age !== 'number' || u.age < UPDATED_AGE_MIN);
          return kept === undefined ? undefined : `user ${kept.id}: expected a new age, got ${JSON.stringify(kept.age)}`;
        });
    case 'fortunes': {
      const page = expectedFortunesPage();
      return (body) => (body === page ? undefined : `the fortunes page differs from the expected one at character ${firstDifference(body, page)}`);
    }
  }
}

function parsed(body: string, check: (value: unknown) => string | undefined): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 100)}`;
  }
  return check(value);
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
